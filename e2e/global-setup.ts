// Starts everything the journey needs, on loopback, and returns the teardown that stops it all.
import { randomBytes } from "node:crypto";
import { loadCatalogFile } from "../lib/catalog/load-catalog";
import { createTestDatabase } from "../lib/testing/test-database";
import { createCatalogRoles } from "../scripts/dev/catalog-roles";
import { startFederationStandIn } from "../scripts/dev/federation";
import { startDevIdp } from "../scripts/dev/idp";
import { startDevSamlIdp } from "../scripts/dev/saml-idp";
import { startMoto } from "../scripts/dev/moto";
import { demoUsers } from "../scripts/dev/demo-users";
import { slackUsersFor, startSlackStandIn } from "../scripts/dev/slack";
import { startSmtpSink } from "../scripts/dev/smtp";
import { assertPortFree, waitUntil } from "../scripts/dev/net";
import { spawnGroup, type ManagedProcess } from "../scripts/dev/process";
import { E2E_IAM_GATE_PORT, startIamGate } from "./iam-gate";
import { E2E_SIGNIN_LIMIT_PER_MINUTE } from "./ports";
import { E2E_FEDERATED_APP_URL } from "./ports";
import { E2E_APP_PORT, E2E_APP_URL, E2E_FEDERATION_PORT, E2E_IDP_PORT, E2E_MOTO_PORT, E2E_SAML_IDP_PORT, E2E_SLACK_PORT, E2E_SMTP_PORT } from "./ports";

// The scale run (playwright.scale.config.ts) brings a catalog of its own.
const CATALOG = process.env.E2E_CATALOG ?? "frontdesk.config.yaml";

export default async function globalSetup() {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error("[e2e] teardown:", error));
  };
  try {
    const database = await createTestDatabase();
    stops.push(database.drop);
    const moto = await startMoto({ port: E2E_MOTO_PORT });
    stops.push(moto.stop);
    // Revocations put deny policies on the catalog's roles, so they must exist in moto's IAM;
    // the app reaches IAM through a gate that specs can close to play an outage.
    await createCatalogRoles(loadCatalogFile(CATALOG), moto.url);
    const iamGate = await startIamGate({ port: E2E_IAM_GATE_PORT, target: moto.url });
    stops.push(iamGate.stop);
    const federation = await startFederationStandIn({ port: E2E_FEDERATION_PORT, stsEndpoint: moto.url });
    stops.push(federation.stop);
    // Notifications: the Slack stand-in (specs read GET /messages.json) and an SMTP sink.
    const slackToken = `xoxb-e2e-${randomBytes(12).toString("hex")}`;
    const slack = await startSlackStandIn({ port: E2E_SLACK_PORT, token: slackToken, users: slackUsersFor(demoUsers) });
    stops.push(slack.stop);
    const mail = await startSmtpSink({ port: E2E_SMTP_PORT });
    stops.push(mail.stop);
    const clientSecret = randomBytes(24).toString("hex");
    const idp = await startDevIdp({
      port: E2E_IDP_PORT,
      // The second address is the no-credentials app that e2e/federated.spec.ts starts itself.
      clients: [
        {
          clientId: "frontdesk-e2e",
          clientSecret,
          redirectUris: [`${E2E_APP_URL}/api/auth/callback/oidc`, `${E2E_FEDERATED_APP_URL}/api/auth/callback/oidc`],
        },
      ],
    });
    process.env.E2E_OIDC_ISSUER = idp.issuer;
    process.env.E2E_OIDC_CLIENT_SECRET = clientSecret;
    stops.push(idp.stop);
    const samlIdp = await startDevSamlIdp({
      port: E2E_SAML_IDP_PORT,
      serviceProviders: [{ entityId: `${E2E_APP_URL}/api/auth/saml/metadata`, acsUrl: `${E2E_APP_URL}/api/auth/saml/acs` }],
    });
    stops.push(samlIdp.stop);

    await assertPortFree(E2E_APP_PORT, "Frontdesk (e2e)");
    // Specs that replay session cookies as they would be later (idle, capped) sign them with it;
    // workers inherit the environment set here.
    const nextAuthSecret = randomBytes(32).toString("hex");
    process.env.E2E_NEXTAUTH_SECRET = nextAuthSecret;
    const app: ManagedProcess = await spawnGroup("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(E2E_APP_PORT)], {
      label: "Frontdesk (e2e)",
      output: "capture",
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXTAUTH_URL: E2E_APP_URL,
        NEXTAUTH_SECRET: nextAuthSecret,
        DATABASE_URL: database.url,
        FRONTDESK_CATALOG: CATALOG,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: "frontdesk-e2e",
        OIDC_CLIENT_SECRET: clientSecret,
        OIDC_SCOPES: "openid email profile groups",
        OIDC_DISPLAY_NAME: "Demo IdP",
        OIDC_STEP_UP_ACR_VALUES: "urn:frontdesk:dev:mfa",
        // Every spec signs in from 127.0.0.1: the per-IP sign-in limit has its own tests.
        RATE_LIMIT_SIGNIN_PER_MINUTE: String(E2E_SIGNIN_LIMIT_PER_MINUTE),
        RATE_LIMIT_REQUESTS_PER_HOUR: "10000",
        SAML_IDP_CERT: samlIdp.certificatePem,
        SAML_IDP_SSO_URL: samlIdp.ssoUrl,
        SAML_IDP_ENTITY_ID: samlIdp.entityId,
        SAML_DISPLAY_NAME: "Demo SAML IdP",
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL_STS: moto.url,
        AWS_ENDPOINT_URL_IAM: iamGate.url,
        AWS_ACCESS_KEY_ID: "e2e-broker",
        AWS_SECRET_ACCESS_KEY: "e2e-broker-secret",
        AWS_FEDERATION_URL: federation.url,
        SLACK_BOT_TOKEN: slackToken,
        SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
        SLACK_API_URL: slack.apiUrl,
        SMTP_URL: mail.url,
        MAIL_FROM: "Frontdesk e2e <frontdesk@example.com>",
      },
    });
    stops.push(() => app.stop());
    const healthy = async () => (await fetch(`${E2E_APP_URL}/api/health`).catch(() => null))?.ok ?? false;
    await waitUntil("Frontdesk to report healthy at /api/health", healthy, {
      timeoutMs: 60_000,
      failed: () => (app.hasExited() ? `next start exited:\n${app.outputTail()}` : undefined),
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
