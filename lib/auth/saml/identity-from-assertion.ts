// Turns a verified assertion into the person Frontdesk records: keyed by (IdP entity ID, NameID),
// never by email; groups, email and name from the configured attributes; MFA from the
// AuthnContextClassRef or the MFA attribute.
import { attributesFromClaims, groupsFromClaims } from "@/lib/auth/claims";
import type { SignInIdentity } from "@/lib/auth/record-sign-in";
import type { SamlSettings } from "./config";
import { SamlSignInError } from "./errors";
import type { VerifiedSamlAssertion } from "./validate-saml-response";

const TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function isMfaAssertion(assertion: VerifiedSamlAssertion, settings: SamlSettings): boolean {
  const mfa = new Set(settings.mfaAuthnContexts);
  if (assertion.authnContextClassRef && mfa.has(assertion.authnContextClassRef)) return true;
  const values = settings.mfaAttribute ? (assertion.attributes[settings.mfaAttribute] ?? []) : [];
  return values.some((v) => mfa.has(v) || v.toLowerCase() === "mfa");
}

export function identityFromAssertion(assertion: VerifiedSamlAssertion, settings: SamlSettings, tagClaims: readonly string[]): SignInIdentity {
  // A transient NameID changes at every sign-in: it would make a new person each time.
  if (assertion.nameIdFormat === TRANSIENT) throw new SamlSignInError("SamlMissingAttributes", "transient-nameid", assertion.nameId);
  const first = (name: string) => assertion.attributes[name]?.[0]?.trim() ?? "";
  const email = first(settings.emailAttribute) || (assertion.nameIdFormat === EMAIL_FORMAT ? assertion.nameId : "");
  if (!EMAIL.test(email) || email.length > 254) throw new SamlSignInError("SamlMissingAttributes", "email", assertion.nameId);
  const single = Object.fromEntries(
    Object.entries(assertion.attributes)
      .filter(([, values]) => values.length === 1)
      .map(([name, values]) => [name, values[0]]),
  );
  return {
    issuer: assertion.issuer,
    subject: assertion.nameId,
    email,
    name: first(settings.nameAttribute).slice(0, 200) || email,
    groups: groupsFromClaims(assertion.attributes, settings.groupsAttribute),
    attributes: attributesFromClaims(single, tagClaims),
  };
}
