// The only reader of process.env. Every variable is validated here, once, and a bad
// configuration fails with a message naming each offending variable.
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

// Secrets and optional settings: blank counts as unset. Messages never echo the value.
const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const baseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),

  // Where people reach Frontdesk (also next-auth's canonical URL).
  NEXTAUTH_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),

  // Database: PostgreSQL when set, otherwise embedded PGlite in FRONTDESK_DATA_DIR.
  DATABASE_URL: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    )
    .optional(),
  FRONTDESK_DATA_DIR: z.string().min(1).default(".frontdesk"),
  /**
   * PostgreSQL connections per instance. A request holds one for a few milliseconds, so 20 keep two
   * cores busy; more only queue inside PostgreSQL (mind max_connections times the instance count).
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  /**
   * How long work may wait for a free connection (and a transaction to start) before Frontdesk
   * answers 503 with Retry-After instead of queueing without end.
   */
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The longest a transaction may run before it is rolled back (Prisma's interactive-transaction timeout). */
  DATABASE_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
  /**
   * "true" (the default): statements Frontdesk runs often are prepared once per connection and
   * reused, so PostgreSQL parses and plans them once instead of on every call. "false" behind a
   * connection pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true"),
  /** "true": API answers carry Server-Timing (statements run, time spent waiting on AWS); for load tests and diagnosis. */
  FRONTDESK_SERVER_TIMING: z.enum(["true", "false"]).default("false"),
  /**
   * "false" when a reverse proxy in front compresses responses (read by next.config.mjs at start):
   * gzip in the Node process costs the CPU that serves requests.
   */
  HTTP_COMPRESSION: z.enum(["true", "false"]).default("true"),

  // Access catalog: accounts, roles, who may request and who approves.
  FRONTDESK_CATALOG: z.string().min(1).default("frontdesk.config.yaml"),
  /** How often each instance looks for a changed catalog file (live reload); 0 turns it off. */
  FRONTDESK_CATALOG_RELOAD_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),

  // Sign-in through any OpenID Connect provider.
  // OpenID Connect sign-in; may be left out entirely when SAML sign-in is configured.
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().default("openid email profile"),
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  OIDC_DISPLAY_NAME: z.string().min(1).default("your identity provider"),
  // Multi-factor sign-in: an ID token counts as MFA when its `amr` holds one of these values or its
  // `acr` is one of these (comma-separated). Step-up asks the IdP for OIDC_STEP_UP_ACR_VALUES.
  OIDC_MFA_AMR_VALUES: z.string().default("mfa,mca,otp,hwk,swk,sms,tel,sc"),
  OIDC_MFA_ACR_VALUES: z.string().default(""),
  /**
   * "true" (default): sign-in needs email_verified: true, since the email names the person to AWS,
   * in approver lists and to Slack. "false" only for IdPs that never send the claim but own every
   * address (Microsoft Entra ID): then only an explicit false is refused.
   */
  OIDC_REQUIRE_EMAIL_VERIFIED: z.enum(["true", "false"]).default("true"),
  OIDC_STEP_UP_ACR_VALUES: z.string().default(""),

  // Sign-in through a SAML 2.0 IdP as well (off unless configured): the IdP's metadata file, or its
  // signing certificate (PEM; several separated by commas for rotation), SSO URL and entity ID.
  SAML_IDP_METADATA_FILE: z.string().trim().optional(),
  SAML_IDP_CERT: z.string().trim().optional(),
  SAML_IDP_SSO_URL: optionalUrl,
  SAML_IDP_ENTITY_ID: z.string().trim().optional(),
  // Frontdesk's entity ID at the IdP; default ${NEXTAUTH_URL}/api/auth/saml/metadata.
  SAML_SP_ENTITY_ID: z.string().trim().optional(),
  SAML_DISPLAY_NAME: z.string().min(1).default("SAML single sign-on"),
  SAML_GROUPS_ATTRIBUTE: z.string().min(1).default("groups"),
  SAML_EMAIL_ATTRIBUTE: z.string().min(1).default("email"),
  SAML_NAME_ATTRIBUTE: z.string().min(1).default("name"),
  SAML_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  // A sign-in counts as MFA when its AuthnContextClassRef is one of these, or when the attribute
  // SAML_MFA_ATTRIBUTE holds one of these or "mfa" (comma-separated; empty uses the defaults).
  SAML_MFA_AUTHN_CONTEXTS: z.string().default(""),
  SAML_MFA_ATTRIBUTE: z.string().default("http://schemas.microsoft.com/claims/authnmethodsreferences"),
  // "true": the assertion itself must be signed (a signed response alone is not enough).
  SAML_REQUIRE_SIGNED_ASSERTION: z.enum(["true", "false"]).default("false"),

  // Portal sessions: end after this much inactivity, and in any case this long after sign-in.
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  // Approving, denying and revoking need a sign-in at most this old.
  RECENT_AUTH_MAX_AGE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  // Client IPs for rate limits: how many reverse proxies in front of Frontdesk append to
  // X-Forwarded-For (0: none, the header is then only as trustworthy as the client).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Sign-in attempts per client IP, and new requests per person and per IP, per window.
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  RATE_LIMIT_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),

  // AWS. Credentials come from the SDK's standard chain and are never read here.
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be a region such as us-east-1")
    .default("us-east-1"),
  AWS_ENDPOINT_URL_STS: optionalUrl,
  AWS_ENDPOINT_URL_IAM: optionalUrl,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  // Whether Frontdesk runs on role credentials (sessions then capped at 1 h): detected by default.
  FRONTDESK_ROLE_CHAINING: z.enum(["auto", "yes", "no"]).default("auto"),
  // Audit: an optional SIEM/webhook sink for every event, and anchors of the chain head.
  AUDIT_WEBHOOK_URL: optionalUrl,
  AUDIT_ANCHOR_WEBHOOK_URL: optionalUrl,
  AUDIT_ANCHOR_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  // Console federation endpoint; defaults to AWS's for the role's partition.
  AWS_FEDERATION_URL: optionalUrl,
  /** Overrides the partitions' SAML sign-in endpoints (a local stand-in in tests and the demo). */
  AWS_SAML_SIGNIN_URL: optionalUrl,
  /** Encrypts Frontdesk's signing keys at rest; needed by web-identity and saml roles. Never logged. */
  FRONTDESK_SIGNING_KEY_SECRET: optionalSecret.pipe(z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional()),
  /** The OpenID issuer AWS trusts, when the discovery document and JWKS are published elsewhere (an S3 bucket); <NEXTAUTH_URL>/aws-idp otherwise. */
  FRONTDESK_IDP_ISSUER: optionalUrl,
  FRONTDESK_IDP_AUDIENCE: z.string().trim().min(1).default("sts.amazonaws.com"),
  FRONTDESK_SIGNING_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FRONTDESK_SIGNING_KEY_PUBLISH_LEAD_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(24),
  // An S3 bucket Frontdesk uploads the discovery document, JWKS and SAML metadata to (under the issuer's path), with its own AWS credentials.
  FRONTDESK_IDP_PUBLISH_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name")
    .optional(),
  // A role Frontdesk assumes with its own web-identity token (subject frontdesk:publisher) to upload to that bucket: no AWS credentials.
  FRONTDESK_IDP_PUBLISH_ROLE_ARN: z
    .string()
    .trim()
    .regex(/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/.+$/, "must be an IAM role ARN")
    .optional(),
  /** A directory the discovery document, JWKS and SAML metadata are written to whenever keys change (synced to a public bucket). */
  /** How often one instance rotates keys when due and re-publishes the documents (directory and bucket). */
  FRONTDESK_IDP_PUBLISH_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  FRONTDESK_IDP_PUBLISH_DIR: z.string().trim().min(1).optional(),

  // Notifications. Slack: a bot token (scopes chat:write, users:read, users:read.email, im:write)
  // and the app's signing secret for interactive buttons; SLACK_API_URL only for a local stand-in.
  SLACK_BOT_TOKEN: optionalSecret.pipe(
    z
      .string()
      .regex(/^xoxb-/, "must be a Slack bot token (xoxb-…)")
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalSecret.pipe(z.string().min(16, "must be the Slack app's signing secret").optional()),
  SLACK_API_URL: optionalUrl,
  // Email: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465, and the sender.
  SMTP_URL: optionalSecret.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  MAIL_FROM: optionalSecret,
  NOTIFY_REMINDER_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),

  // Operations (lib/ops): logs, metrics, retention, shutdown.
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Bearer token for GET /api/metrics; unset turns the endpoint off (404).
  METRICS_TOKEN: optionalSecret.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  RETENTION_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  RETENTION_FINISHED_JOBS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_RATE_LIMIT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(48),
  RETENTION_EXPIRED_GRACE_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .default(24),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  // After SIGTERM, keep accepting requests this long (readiness already 503) so load balancers
  // stop routing here before the listener closes.
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
});

const envSchema = baseSchema.superRefine((env, ctx) => {
  if (env.FRONTDESK_IDP_ISSUER?.endsWith("/")) {
    ctx.addIssue({ code: "custom", path: ["FRONTDESK_IDP_ISSUER"], message: "must not end with / (AWS compares the issuer exactly)" });
  }
  // A successor key must reach the published copies before it signs.
  const lead = env.FRONTDESK_SIGNING_KEY_PUBLISH_LEAD_HOURS * 60;
  if ((env.FRONTDESK_IDP_PUBLISH_BUCKET || env.FRONTDESK_IDP_PUBLISH_DIR) && env.FRONTDESK_IDP_PUBLISH_INTERVAL_MINUTES >= lead) {
    ctx.addIssue({
      code: "custom",
      path: ["FRONTDESK_IDP_PUBLISH_INTERVAL_MINUTES"],
      message: `must be shorter than FRONTDESK_SIGNING_KEY_PUBLISH_LEAD_HOURS (${lead} minutes), so a new key is published before it signs`,
    });
  }
  if (env.FRONTDESK_IDP_PUBLISH_ROLE_ARN && !env.FRONTDESK_IDP_PUBLISH_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["FRONTDESK_IDP_PUBLISH_ROLE_ARN"], message: "needs FRONTDESK_IDP_PUBLISH_BUCKET (the bucket it uploads to)" });
  }
  if (env.SMTP_URL && !env.MAIL_FROM) ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "is required when SMTP_URL is set" });
  if (env.NODE_ENV === "production" && env.NEXTAUTH_URL.startsWith("http://") && !isLoopback(env.NEXTAUTH_URL)) {
    ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "must use https in production" });
  }
  // At least one sign-in method, each complete: OIDC's three settings go together.
  const oidc = { OIDC_ISSUER: env.OIDC_ISSUER, OIDC_CLIENT_ID: env.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET };
  const samlConfigured = Boolean(env.SAML_IDP_METADATA_FILE || env.SAML_IDP_CERT);
  if (Object.values(oidc).some(Boolean) || !samlConfigured) {
    for (const [name, value] of Object.entries(oidc)) {
      if (!value)
        ctx.addIssue({ code: "custom", path: [name], message: "is required but not set (OpenID Connect sign-in; or configure SAML sign-in instead)" });
    }
  }
  const samlDirect = { SAML_IDP_CERT: env.SAML_IDP_CERT, SAML_IDP_SSO_URL: env.SAML_IDP_SSO_URL, SAML_IDP_ENTITY_ID: env.SAML_IDP_ENTITY_ID };
  if (!env.SAML_IDP_METADATA_FILE && Object.values(samlDirect).some(Boolean)) {
    for (const [name, value] of Object.entries(samlDirect)) {
      if (!value) ctx.addIssue({ code: "custom", path: [name], message: "is required for SAML sign-in unless SAML_IDP_METADATA_FILE is set" });
    }
  }
});

export type Env = z.infer<typeof envSchema>;

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const withAliases: Record<string, string | undefined> = { ...source, NEXTAUTH_SECRET: source.NEXTAUTH_SECRET ?? source.AUTH_SECRET };
  const result = envSchema.safeParse(withAliases);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const missing = issue.code === "invalid_type" && withAliases[name] === undefined;
    return `  - ${name}: ${missing ? "is required but not set" : issue.message}`;
  });
  throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}`);
}

const databaseSchema = baseSchema.pick({
  DATABASE_URL: true,
  FRONTDESK_DATA_DIR: true,
  DATABASE_POOL_MAX: true,
  DATABASE_POOL_TIMEOUT_MS: true,
  DATABASE_TRANSACTION_TIMEOUT_MS: true,
  DATABASE_PREPARED_STATEMENTS: true,
  FRONTDESK_SERVER_TIMING: true,
});
export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** Only the database settings: for tools (migrations) that need no sign-in or AWS configuration. */
export function getDatabaseConfig(source: Record<string, string | undefined> = process.env): DatabaseConfig {
  const result = databaseSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigurationError(`Invalid configuration:\n${result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
}

const awsSchema = baseSchema
  .pick({
    AWS_REGION: true,
    AWS_ENDPOINT_URL_STS: true,
    AWS_ENDPOINT_URL_IAM: true,
    FRONTDESK_CATALOG: true,
    FRONTDESK_IDP_ISSUER: true,
    FRONTDESK_IDP_AUDIENCE: true,
    // Operator tools sign with the keys in the database as the server does (web-identity management roles, first publication).
    AWS_ENDPOINT_URL_S3: true,
    FRONTDESK_SIGNING_KEY_SECRET: true,
    FRONTDESK_SIGNING_KEY_ROTATION_DAYS: true,
    FRONTDESK_SIGNING_KEY_PUBLISH_LEAD_HOURS: true,
    FRONTDESK_IDP_PUBLISH_BUCKET: true,
    FRONTDESK_IDP_PUBLISH_ROLE_ARN: true,
    DATABASE_URL: true,
    FRONTDESK_DATA_DIR: true,
  })
  // The role check of federated roles needs the issuer (default <NEXTAUTH_URL>/aws-idp); nothing else of sign-in.
  .extend({ NEXTAUTH_URL: optionalUrl });

/** Only the AWS and catalog settings: for operator tools that need no sign-in configuration. */
export type AwsToolConfig = z.infer<typeof awsSchema>;
export function getAwsConfig(source: Record<string, string | undefined> = process.env): AwsToolConfig {
  const result = awsSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigurationError(`Invalid configuration:\n${result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
}

const opsSchema = baseSchema.pick({
  LOG_LEVEL: true,
  METRICS_TOKEN: true,
  RETENTION_INTERVAL_MINUTES: true,
  RETENTION_FINISHED_JOBS_DAYS: true,
  RETENTION_RATE_LIMIT_HOURS: true,
  RETENTION_EXPIRED_GRACE_HOURS: true,
  SHUTDOWN_TIMEOUT_SECONDS: true,
  SHUTDOWN_DELAY_SECONDS: true,
});
export type OpsConfig = z.infer<typeof opsSchema>;

/** Only the operations settings (logs, metrics, retention, shutdown): usable before the rest is valid. */
export function getOpsConfig(source: Record<string, string | undefined> = process.env): OpsConfig {
  const result = opsSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigurationError(`Invalid configuration:\n${result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
}

let cached: Env | undefined;

/** The validated configuration of this process. Throws ConfigurationError on the first call if invalid. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Whether OpenID Connect sign-in is configured (the env check makes its settings all-or-nothing). */
export function oidcSignInAvailable(env: Pick<Env, "OIDC_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_CLIENT_SECRET"> = getEnv()): boolean {
  return Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}
