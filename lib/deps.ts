import "server-only";
import type { AwsDirectory } from "@/lib/aws/directory";
import type { AwsGateway } from "@/lib/aws/gateway";
import { loadedOnFirstCall } from "@/lib/ops/loaded-on-first-call";
import { getCatalog } from "@/lib/catalog/load-catalog";
import type { Deps } from "@/lib/context";
import { getDb } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { signManagementToken } from "@/lib/federation/management-token";
import { federationSettingsFromEnv, type FederationSettings } from "@/lib/federation/settings";
import type { NotificationChannels } from "@/lib/notify/channels";
import { createNotificationChannels } from "@/lib/notify/create-channels";
import { instrumentAwsDirectory, instrumentAwsGateway, instrumentNotificationChannels } from "@/lib/ops/instrument";

let aws: AwsGateway | undefined;
let sessionCap: (() => Promise<number>) | undefined;
let awsDirectory: AwsDirectory | undefined;
let notifications: NotificationChannels | undefined;

/** Every method of the gateway, listed so that the compiler names one a new method would miss. */
const GATEWAY_METHODS: Record<keyof AwsGateway, true> = {
  assumeRole: true,
  assumeRoleWithWebIdentity: true,
  assumeRoleWithSaml: true,
  consoleLink: true,
  getRolePolicy: true,
  putRolePolicy: true,
  deleteRolePolicy: true,
  readManagedRolePolicies: true,
  writeManagedRolePolicy: true,
  removeManagedRolePolicy: true,
  putPublicObject: true,
};

/** The production wiring of every use case's dependencies. */
export async function getDeps(): Promise<Deps> {
  const env = getEnv();
  const identityProvider = identityProviderSettings(env);
  // Management roles assumed with no AWS credentials: Frontdesk signs its own token (subject frontdesk:management).
  const managementToken = identityProvider.keySecret
    ? async () => signManagementToken({ db: await getDb(), now: () => new Date(), identityProvider })
    : undefined;
  // The AWS SDK is the largest library the server holds: it loads with the first AWS call, not at
  // start-up (health checks, pages and most API calls never need it).
  aws ??= loadedOnFirstCall<AwsGateway>(GATEWAY_METHODS, async () => {
    const { createAwsGateway } = await import("@/lib/aws/gateway");
    return instrumentAwsGateway(
      createAwsGateway({
        region: env.AWS_REGION,
        stsEndpoint: env.AWS_ENDPOINT_URL_STS,
        iamEndpoint: env.AWS_ENDPOINT_URL_IAM,
        s3Endpoint: env.AWS_ENDPOINT_URL_S3,
        federationUrl: env.AWS_FEDERATION_URL,
        issuer: env.NEXTAUTH_URL,
        managementToken,
      }),
    );
  });
  sessionCap ??= loadedOnFirstCall<{ cap: () => Promise<number> }>({ cap: true }, async () => {
    const [{ brokerSessionCap }, { createStsClient }] = await Promise.all([import("@/lib/aws/broker"), import("@/lib/aws/sts")]);
    return { cap: brokerSessionCap(env.FRONTDESK_ROLE_CHAINING, createStsClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_STS })) };
  }).cap;
  awsDirectory ??= loadedOnFirstCall<AwsDirectory>({ callerArn: true, getRole: true }, async () => {
    const { createAwsDirectory } = await import("@/lib/aws/directory");
    return instrumentAwsDirectory(
      createAwsDirectory({ region: env.AWS_REGION, stsEndpoint: env.AWS_ENDPOINT_URL_STS, iamEndpoint: env.AWS_ENDPOINT_URL_IAM, managementToken }),
    );
  });
  notifications ??= instrumentNotificationChannels(
    createNotificationChannels({
      portalUrl: env.NEXTAUTH_URL,
      slackBotToken: env.SLACK_BOT_TOKEN,
      slackSigningSecret: env.SLACK_SIGNING_SECRET,
      slackApiUrl: env.SLACK_API_URL,
      smtpUrl: env.SMTP_URL,
      mailFrom: env.MAIL_FROM,
      reminderMinutes: env.NOTIFY_REMINDER_MINUTES,
    }),
  );
  const limits = {
    recentAuthSeconds: env.RECENT_AUTH_MAX_AGE_MINUTES * 60,
    requestsPerHour: env.RATE_LIMIT_REQUESTS_PER_HOUR,
    sessionMaxSeconds: env.SESSION_MAX_HOURS * 3600,
  };
  const auditDelivery = {
    webhookUrl: env.AUDIT_WEBHOOK_URL,
    anchorWebhookUrl: env.AUDIT_ANCHOR_WEBHOOK_URL,
    anchorIntervalMinutes: env.AUDIT_ANCHOR_INTERVAL_MINUTES,
  };
  return {
    db: await getDb(),
    catalog: getCatalog(),
    now: () => new Date(),
    aws,
    sessionCap,
    awsDirectory,
    notifications,
    limits,
    auditDelivery,
    identityProvider,
  };
}

/** Frontdesk as the OpenID and SAML provider AWS trusts, from the environment. */
export function identityProviderSettings(env: Env): FederationSettings {
  return federationSettingsFromEnv(env, env.NEXTAUTH_URL);
}
