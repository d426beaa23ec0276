// Why a SAML sign-in was refused. `code` goes to the browser (/signin?error=<code>); `reason` is a
// fixed, short word for the audit trail and the tests. Neither ever carries XML or library text.

const SAML_ERROR_CODES = [
  "SamlInvalid",
  "SamlExpired",
  "SamlReplay",
  "SamlUnsolicited",
  "SamlDenied",
  "SamlMissingAttributes",
  "SamlTicket",
  "SamlNotConfigured",
] as const;
export type SamlErrorCode = (typeof SAML_ERROR_CODES)[number];

/** What the sign-in page shows for each code, in words a person (or their admin) can act on. */
export const SAML_ERROR_MESSAGES: Record<SamlErrorCode, string> = {
  SamlInvalid:
    "Your identity provider's SAML response could not be verified (signature, audience or destination). Try again; if it keeps failing, tell your Frontdesk admin.",
  SamlExpired: "Your sign-in took too long or the clocks disagree. Start the sign-in again from Frontdesk.",
  SamlReplay: "This sign-in response was already used. Start the sign-in again from Frontdesk.",
  SamlUnsolicited:
    "Frontdesk did not ask for this sign-in (it was started from the identity provider's portal, or it expired). Start the sign-in from Frontdesk.",
  SamlDenied: "Your identity provider did not allow this sign-in.",
  SamlMissingAttributes: "Your identity provider did not send a usable user ID or email address. Ask your admin to release them to Frontdesk.",
  SamlTicket: "The sign-in could not be completed in time. Start the sign-in again.",
  SamlNotConfigured: "SAML sign-in is not configured. Tell your Frontdesk admin.",
};

export class SamlSignInError extends Error {
  override name = "SamlSignInError";
  constructor(
    readonly code: SamlErrorCode,
    readonly reason: string,
    /** The NameID, once a signature has been verified (never from unverified XML). */
    readonly subject: string | null = null,
  ) {
    super(`${code}: ${reason}`);
  }
}

/**
 * node-saml reports failures as free text; they become a fixed code and reason here. Anything not
 * recognised is "malformed": the text itself may quote the response and is never passed on.
 */
export function fromLibraryError(error: unknown): SamlSignInError {
  if (error instanceof SamlSignInError) return error;
  const message = error instanceof Error ? error.message : "";
  if (/^SAML provider returned/.test(message)) return new SamlSignInError("SamlDenied", "idp-status");
  if (/multiple assertions/i.test(message)) return new SamlSignInError("SamlInvalid", "multiple-assertions");
  if (/signature|ID cannot refer|Referenced node|signed references|transforms/i.test(message)) {
    return new SamlSignInError("SamlInvalid", "signature");
  }
  if (/not yet valid/i.test(message)) return new SamlSignInError("SamlExpired", "not-yet-valid");
  if (/expired/i.test(message)) return new SamlSignInError("SamlExpired", "expired");
  if (/audience/i.test(message)) return new SamlSignInError("SamlInvalid", "audience");
  if (/Missing SAML assertion/i.test(message)) return new SamlSignInError("SamlInvalid", "no-assertion");
  return new SamlSignInError("SamlInvalid", "malformed");
}
