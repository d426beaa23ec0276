// What every use case needs from the outside world, passed in so tests can supply their own.
import type { Catalog } from "@/lib/catalog/schema";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AwsDirectory } from "@/lib/aws/directory";
import type { AwsGateway } from "@/lib/aws/gateway";
import type { FederationSettings } from "@/lib/federation/settings";
import type { NotificationChannels } from "@/lib/notify/channels";

export interface Deps {
  db: PrismaClient;
  catalog: Catalog;
  /** The one clock every time decision uses. */
  now: () => Date;
  aws: AwsGateway;
  /** The longest AWS session Frontdesk's own credentials allow (1 h when it runs on a role). */
  sessionCap: () => Promise<number>;
  /** Read-only IAM/STS lookups (role checks). */
  awsDirectory: AwsDirectory;
  /** Security settings the use cases enforce; the defaults below when absent. */
  limits?: Partial<Limits>;
  /** Slack and email for notifications; absent or empty channels send nothing. */
  notifications?: NotificationChannels;
  /** Frontdesk as the OpenID and SAML provider AWS trusts (web-identity and saml roles); absent: those roles cannot mint. */
  identityProvider?: FederationSettings;
  /** Where audit events and chain-head anchors go; nothing is sent when absent. */
  auditDelivery?: AuditDelivery;
}

interface AuditDelivery {
  /** Every audit event, in order (AUDIT_WEBHOOK_URL). */
  webhookUrl?: string;
  /** Each chain-head anchor (AUDIT_ANCHOR_WEBHOOK_URL). */
  anchorWebhookUrl?: string;
  anchorIntervalMinutes: number;
}

export const DEFAULT_ANCHOR_INTERVAL_MINUTES = 60;

export interface Limits {
  /** How recent a sign-in approve, deny and revoke need (seconds since the IdP authenticated the person). */
  recentAuthSeconds: number;
  /** New requests per person per hour (an IP gets five times as many). */
  requestsPerHour: number;
  /** The absolute session cap (SESSION_MAX_HOURS), counted from sign-in: API tokens end with it too. */
  sessionMaxSeconds: number;
}

const DEFAULT_LIMITS: Limits = { recentAuthSeconds: 3600, requestsPerHour: 30, sessionMaxSeconds: 8 * 3600 };

export function limitsOf(deps: Pick<Deps, "limits">): Limits {
  return { ...DEFAULT_LIMITS, ...deps.limits };
}
