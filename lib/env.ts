// The only reader of process.env. Every variable is validated here, once, and a bad
// configuration fails with a message naming each offending variable.
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url({ protocol: /^https?$/ }).optional())
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
    .pipe(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional())
    .optional(),
  FRONTDESK_DATA_DIR: z.string().min(1).default(".frontdesk"),

  // Access catalog: accounts, roles, who may request and who approves.
  FRONTDESK_CATALOG: z.string().min(1).default("frontdesk.config.yaml"),

  // Sign-in through any OpenID Connect provider.
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }),
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  OIDC_SCOPES: z.string().default("openid email profile"),
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  OIDC_DISPLAY_NAME: z.string().min(1).default("your identity provider"),

  // AWS. Credentials come from the SDK's standard chain and are never read here.
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be a region such as us-east-1").default("us-east-1"),
  AWS_ENDPOINT_URL_STS: optionalUrl,
  AWS_ENDPOINT_URL_IAM: optionalUrl,
  // Whether Frontdesk runs on role credentials (sessions then capped at 1 h): detected by default.
FRONTDESK_ROLE_CHAINING: z.enum(["auto", "yes", "no"]).default("auto"),
// Audit: an optional SIEM/webhook sink for every event, and anchors of the chain head.
AUDIT_WEBHOOK_URL: optionalUrl,
AUDIT_ANCHOR_WEBHOOK_URL: optionalUrl,
AUDIT_ANCHOR_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
// Console federation endpoint; defaults to AWS's for the role's partition.
  AWS_FEDERATION_URL: optionalUrl,
});

const envSchema = baseSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === "production" && env.NEXTAUTH_URL.startsWith("http://") && !isLoopback(env.NEXTAUTH_URL)) {
    ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "must use https in production" });
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

const databaseSchema = baseSchema.pick({ DATABASE_URL: true, FRONTDESK_DATA_DIR: true });
export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** Only the database settings: for tools (migrations) that need no sign-in or AWS configuration. */
export function getDatabaseConfig(source: Record<string, string | undefined> = process.env): DatabaseConfig {
  const result = databaseSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigurationError(
    `Invalid configuration:\n${result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
  );
}

const awsSchema = baseSchema.pick({
  AWS_REGION: true,
  AWS_ENDPOINT_URL_STS: true,
  AWS_ENDPOINT_URL_IAM: true,
  FRONTDESK_CATALOG: true,
});

/** Only the AWS and catalog settings: for operator tools that need no sign-in configuration. */
export function getAwsConfig(source: Record<string, string | undefined> = process.env): z.infer<typeof awsSchema> {
  const result = awsSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigurationError(
    `Invalid configuration:\n${result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
  );
}

let cached: Env | undefined;

/** The validated configuration of this process. Throws ConfigurationError on the first call if invalid. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
