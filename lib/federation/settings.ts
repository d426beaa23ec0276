// Frontdesk as the identity provider AWS trusts: the settings every federation use case reads.
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { KeySchedule } from "./key-schedule";

export interface FederationSettings {
  /** The OpenID issuer URL AWS is told about (`iss` of every token). */
  issuer: string;
  /** `aud` of every token; what the IAM OIDC provider lists as its client id. */
  audience: string;
  /** The SAML IdP's entity id (the Issuer of every assertion). */
  samlEntityId: string;
  /** Encrypts private signing keys at rest; minting through federation is refused without it. */
  keySecret?: string;
  schedule: KeySchedule;
  /** Lifetime of one web-identity token or SAML assertion. */
  tokenLifetimeSeconds: number;
  /** Where the discovery document, JWKS and SAML metadata are also written (synced to a public bucket). */
  publishDir?: string;
  /** An S3 bucket the discovery document, JWKS and SAML metadata are uploaded to, under the issuer's path. */
  publishBucket?: string;
  /** A role Frontdesk assumes with its own token (subject frontdesk:publisher) to upload to the bucket; Frontdesk's own credentials when absent. */
  publishRoleArn?: string;
  /** How often the publish job runs (rotation when due, documents re-published). */
  publishIntervalMinutes?: number;
  /** Overrides each partition's SAML sign-in endpoint (a local stand-in in tests and the demo). */
  samlSigninUrl?: string;
}

/** Tokens and assertions live five minutes: long enough for STS or a browser post, no longer. */
export const TOKEN_LIFETIME_SECONDS = 300;
/** Clock margin a relying party may allow past a token's expiry. */
export const CLOCK_MARGIN_SECONDS = 300;

export function defaultFederationSettings(publicUrl: string, overrides: Partial<FederationSettings> = {}): FederationSettings {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    issuer: `${base}/aws-idp`,
    audience: "sts.amazonaws.com",
    samlEntityId: `${base}/aws-idp/saml`,
    schedule: { rotationSeconds: 30 * 86_400, publishLeadSeconds: 3600, acceptSeconds: TOKEN_LIFETIME_SECONDS + CLOCK_MARGIN_SECONDS },
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    ...overrides,
  };
}

export function federationOrThrow(settings: FederationSettings | undefined): FederationSettings & { keySecret: string } {
  if (!settings?.keySecret) {
    throw new AppError(
      "AWS_ERROR",
      "This role is minted with Frontdesk as the identity provider AWS trusts, but Frontdesk has no FRONTDESK_SIGNING_KEY_SECRET to sign with. Tell your Frontdesk admin.",
    );
  }
  return settings as FederationSettings & { keySecret: string };
}

/** The environment's part of the settings: the server (lib/deps.ts) and the operator tools read the same. */
export type FederationEnv = Pick<
  Env,
  | "FRONTDESK_IDP_ISSUER"
  | "FRONTDESK_IDP_AUDIENCE"
  | "FRONTDESK_SIGNING_KEY_SECRET"
  | "FRONTDESK_SIGNING_KEY_ROTATION_DAYS"
  | "FRONTDESK_SIGNING_KEY_PUBLISH_LEAD_HOURS"
  | "FRONTDESK_IDP_PUBLISH_BUCKET"
  | "FRONTDESK_IDP_PUBLISH_ROLE_ARN"
> &
  Partial<Pick<Env, "AWS_SAML_SIGNIN_URL" | "FRONTDESK_IDP_PUBLISH_DIR" | "FRONTDESK_IDP_PUBLISH_INTERVAL_MINUTES">>;

/** Frontdesk as the OpenID and SAML provider AWS trusts, from the environment; publicUrl is NEXTAUTH_URL. */
export function federationSettingsFromEnv(env: FederationEnv, publicUrl: string): FederationSettings {
  const defaults = defaultFederationSettings(publicUrl);
  return {
    ...defaults,
    issuer: env.FRONTDESK_IDP_ISSUER ?? defaults.issuer,
    audience: env.FRONTDESK_IDP_AUDIENCE,
    keySecret: env.FRONTDESK_SIGNING_KEY_SECRET,
    samlSigninUrl: env.AWS_SAML_SIGNIN_URL,
    publishDir: env.FRONTDESK_IDP_PUBLISH_DIR,
    publishBucket: env.FRONTDESK_IDP_PUBLISH_BUCKET,
    publishRoleArn: env.FRONTDESK_IDP_PUBLISH_ROLE_ARN,
    publishIntervalMinutes: env.FRONTDESK_IDP_PUBLISH_INTERVAL_MINUTES,
    schedule: {
      ...defaults.schedule,
      rotationSeconds: env.FRONTDESK_SIGNING_KEY_ROTATION_DAYS * 86_400,
      publishLeadSeconds: env.FRONTDESK_SIGNING_KEY_PUBLISH_LEAD_HOURS * 3600,
    },
  };
}
