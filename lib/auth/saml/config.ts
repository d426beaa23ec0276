// SAML settings from the environment: the IdP (from its metadata file, or certificate + SSO URL +
// entity ID) and Frontdesk's own service-provider URLs, all derived from NEXTAUTH_URL.
import { readFile } from "node:fs/promises";
import { getEnv, type Env } from "@/lib/env";
import { settingList } from "@/lib/auth/sign-in-claims";

const SAML_ACS_PATH = "/api/auth/saml/acs";
const SAML_METADATA_PATH = "/api/auth/saml/metadata";

/**
 * What counts as a multi-factor AuthnContextClassRef (or value of the MFA attribute) by default:
 * REFEDS MFA (Shibboleth, Keycloak, InCommon), Microsoft's multipleauthn (AD FS sends it as the
 * class ref; Entra ID as an authnmethodsreferences value), and the SAML 2.0 two-factor mobile
 * classes. PasswordProtectedTransport, which Okta and Entra send for most sign-ins, is not MFA.
 */
export const DEFAULT_MFA_AUTHN_CONTEXTS = [
  "https://refeds.org/profile/mfa",
  "http://schemas.microsoft.com/claims/multipleauthn",
  "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
  "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered",
] as const;

export interface SamlSettings {
  idp: { entityId: string; ssoUrl: string; certs: string[] };
  sp: { entityId: string; acsUrl: string };
  displayName: string;
  groupsAttribute: string;
  emailAttribute: string;
  nameAttribute: string;
  clockSkewSeconds: number;
  mfaAuthnContexts: string[];
  mfaAttribute: string;
  requireSignedAssertion: boolean;
}

type SamlEnv = Pick<
  Env,
  | "NEXTAUTH_URL"
  | "SAML_IDP_METADATA_FILE"
  | "SAML_IDP_CERT"
  | "SAML_IDP_SSO_URL"
  | "SAML_IDP_ENTITY_ID"
  | "SAML_SP_ENTITY_ID"
  | "SAML_DISPLAY_NAME"
  | "SAML_GROUPS_ATTRIBUTE"
  | "SAML_EMAIL_ATTRIBUTE"
  | "SAML_NAME_ATTRIBUTE"
  | "SAML_CLOCK_SKEW_SECONDS"
  | "SAML_MFA_AUTHN_CONTEXTS"
  | "SAML_MFA_ATTRIBUTE"
  | "SAML_REQUIRE_SIGNED_ASSERTION"
>;

/** Whether SAML sign-in is configured at all (cheap: for the sign-in page). */
export function samlSignInAvailable(env: Pick<Env, "SAML_IDP_METADATA_FILE" | "SAML_IDP_CERT"> = getEnv()): boolean {
  return Boolean(env.SAML_IDP_METADATA_FILE || env.SAML_IDP_CERT);
}

/** The name on the "Sign in with …" button. */
export function samlDisplayName(env: Pick<Env, "SAML_DISPLAY_NAME"> = getEnv()): string {
  return env.SAML_DISPLAY_NAME;
}

/** Certificates from a setting: PEM blocks, or bare base64 bodies separated by commas. */
export function splitCertificates(value: string): string[] {
  const pem = value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (pem) return pem;
  return value
    .split(",")
    .map((c) => c.replace(/\s+/g, ""))
    .filter(Boolean);
}

export async function samlSettingsFromEnv(env: SamlEnv): Promise<SamlSettings | null> {
  if (!samlSignInAvailable(env)) return null;
  const base = env.NEXTAUTH_URL.replace(/\/+$/, "");
  let idp: SamlSettings["idp"];
  if (env.SAML_IDP_METADATA_FILE) {
    // The XML parser loads only where SAML is configured from a metadata file.
    const { parseIdpMetadata } = await import("./idp-metadata");
    const fromFile = parseIdpMetadata(await readFile(env.SAML_IDP_METADATA_FILE, "utf8"));
    idp = {
      entityId: env.SAML_IDP_ENTITY_ID || fromFile.entityId,
      ssoUrl: env.SAML_IDP_SSO_URL || fromFile.ssoUrl,
      certs: env.SAML_IDP_CERT ? splitCertificates(env.SAML_IDP_CERT) : fromFile.certs,
    };
  } else {
    idp = { entityId: env.SAML_IDP_ENTITY_ID ?? "", ssoUrl: env.SAML_IDP_SSO_URL ?? "", certs: splitCertificates(env.SAML_IDP_CERT ?? "") };
  }
  if (!idp.entityId || !idp.ssoUrl || idp.certs.length === 0) {
    throw new Error("SAML sign-in needs the IdP's entity ID, SSO URL and signing certificate (SAML_IDP_* settings)");
  }
  const mfaList = settingList(env.SAML_MFA_AUTHN_CONTEXTS);
  return {
    idp,
    sp: { entityId: env.SAML_SP_ENTITY_ID || `${base}${SAML_METADATA_PATH}`, acsUrl: `${base}${SAML_ACS_PATH}` },
    displayName: env.SAML_DISPLAY_NAME,
    groupsAttribute: env.SAML_GROUPS_ATTRIBUTE,
    emailAttribute: env.SAML_EMAIL_ATTRIBUTE,
    nameAttribute: env.SAML_NAME_ATTRIBUTE,
    clockSkewSeconds: env.SAML_CLOCK_SKEW_SECONDS,
    mfaAuthnContexts: mfaList.length > 0 ? mfaList : [...DEFAULT_MFA_AUTHN_CONTEXTS],
    mfaAttribute: env.SAML_MFA_ATTRIBUTE.trim(),
    requireSignedAssertion: env.SAML_REQUIRE_SIGNED_ASSERTION === "true",
  };
}

let cached: Promise<SamlSettings | null> | undefined;

/** The settings of this process (read once), or null when SAML sign-in is not configured. */
export function getSamlSettings(): Promise<SamlSettings | null> {
  if (!cached) {
    const pending = samlSettingsFromEnv(getEnv());
    cached = pending;
    pending.catch(() => {
      if (cached === pending) cached = undefined;
    });
  }
  return cached;
}
