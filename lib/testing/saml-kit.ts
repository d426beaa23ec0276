// Test wiring for the SAML tests: a trusted IdP identity, an untrusted one, settings that trust
// the first, and a builder for responses a real IdP would send (tests then tamper with them).
import { buildSignedResponse, createSigningIdentity, type SignedResponseOptions, type SigningIdentity } from "@/scripts/dev/saml-idp";
import type { SamlSettings } from "@/lib/auth/saml/config";
import { DEFAULT_MFA_AUTHN_CONTEXTS } from "@/lib/auth/saml/config";

export const IDP_ENTITY_ID = "https://idp.test/saml";
export const SP_ENTITY_ID = "https://frontdesk.test/api/auth/saml/metadata";
export const ACS_URL = "https://frontdesk.test/api/auth/saml/acs";

let trusted: SigningIdentity | undefined;
let untrusted: SigningIdentity | undefined;

/** The IdP key the settings trust (made once per test file: RSA key generation is slow). */
function trustedIdp(): SigningIdentity {
  trusted ??= createSigningIdentity("Trusted test IdP");
  return trusted;
}

/** A key nobody trusts, with a perfectly good certificate of its own. */
export function attackerIdp(): SigningIdentity {
  untrusted ??= createSigningIdentity("Attacker");
  return untrusted;
}

export function testSettings(overrides: Partial<SamlSettings> = {}): SamlSettings {
  return {
    idp: { entityId: IDP_ENTITY_ID, ssoUrl: "https://idp.test/sso", certs: [trustedIdp().certificatePem] },
    sp: { entityId: SP_ENTITY_ID, acsUrl: ACS_URL },
    displayName: "Test SAML",
    groupsAttribute: "groups",
    emailAttribute: "email",
    nameAttribute: "name",
    clockSkewSeconds: 60,
    mfaAuthnContexts: [...DEFAULT_MFA_AUTHN_CONTEXTS],
    mfaAttribute: "http://schemas.microsoft.com/claims/authnmethodsreferences",
    requireSignedAssertion: false,
    ...overrides,
  };
}

export type ResponseOverrides = Partial<SignedResponseOptions>;

/** A valid response for `inResponseTo`, as the trusted IdP would send it, with overrides. */
export function goodResponseXml(inResponseTo: string, overrides: ResponseOverrides = {}): string {
  return buildSignedResponse({
    identity: trustedIdp(),
    issuer: IDP_ENTITY_ID,
    audience: SP_ENTITY_ID,
    recipient: ACS_URL,
    inResponseTo,
    nameId: "alice@example.com",
    attributes: { email: ["alice@example.com"], name: ["Alice Example"], groups: ["engineering"] },
    ...overrides,
  });
}
