// Verifies a posted SAML Response and returns the one assertion it vouches for. No I/O: the
// database checks (InResponseTo, replay) come after, in complete-saml-sign-in.ts.
//
// node-saml checks the XML signatures (response or assertion; the signature must be enveloped,
// reference its own parent and cover the one assertion that is then read), the Conditions time
// window with the clock skew, and the Audience. Everything else is read here from the SIGNED
// assertion only (node-saml's profile is built from the bytes the signature covered, after
// exclusive canonicalization without comments): issuer, bearer SubjectConfirmation (Recipient,
// NotOnOrAfter, InResponseTo), AuthnStatement, attributes. From the unsigned envelope only the
// Status, Destination and InResponseTo are read, and each must agree with the signed part.
import { SAML, ValidateInResponseTo, type Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import type { SamlSettings } from "./config";
import { SamlSignInError, fromLibraryError } from "./errors";
import { decodeSamlResponse } from "./xml-guard";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

export interface VerifiedSamlAssertion {
  /** The IdP's entity ID, as the signed assertion names it. */
  issuer: string;
  assertionId: string;
  nameId: string;
  nameIdFormat: string | null;
  /** The AuthnRequest this answers (from the signed SubjectConfirmationData). */
  inResponseTo: string;
  authnInstant: Date;
  authnContextClassRef: string | null;
  attributes: Record<string, string[]>;
  /** After this, the assertion is refused on time grounds anyway: how long to remember its ID. */
  rememberUntil: Date;
}

/** The node-saml client for these settings (also used to build AuthnRequests and SP metadata). */
export function samlClient(settings: SamlSettings, overrides: { generateUniqueId?: () => string; forceAuthn?: boolean } = {}): SAML {
  return new SAML({
    issuer: settings.sp.entityId,
    audience: settings.sp.entityId,
    callbackUrl: settings.sp.acsUrl,
    entryPoint: settings.idp.ssoUrl,
    idpCert: settings.idp.certs,
    idpIssuer: settings.idp.entityId,
    // At least one valid signature: on the response (then it covers the assertion inside it) or,
    // when the response is unsigned, on the assertion. Optionally always on the assertion.
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: settings.requireSignedAssertion,
    acceptedClockSkewMs: settings.clockSkewSeconds * 1000,
    // InResponseTo is checked against the database after validation (consumed exactly once).
    validateInResponseTo: ValidateInResponseTo.never,
    // Let the IdP choose how the person authenticates and which NameID format it sends:
    // a RequestedAuthnContext of PasswordProtectedTransport makes Entra ID refuse MFA sign-ins.
    disableRequestedAuthnContext: true,
    identifierFormat: null,
    signatureAlgorithm: "sha256",
    ...overrides,
  });
}

type XmlJs = { $?: Record<string, string>; _?: string; [child: string]: unknown };

function kids(node: XmlJs | undefined, name: string): XmlJs[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value as XmlJs[]) : [];
}
function one(node: XmlJs | undefined, name: string): XmlJs | undefined {
  return kids(node, name)[0];
}
function textOf(node: XmlJs | undefined): string {
  return typeof node?._ === "string" ? node._ : "";
}
function timeOf(value: string | undefined, reason: string): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) || Number.isNaN(ms)) throw new SamlSignInError("SamlInvalid", reason);
  return ms;
}

interface Envelope {
  destination: string | null;
  inResponseTo: string | null;
  issuer: string | null;
  status: string | null;
}

function readEnvelope(xml: string): Envelope {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) } }).parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (errors.length > 0 || !root || root.namespaceURI !== PROTOCOL_NS || root.localName !== "Response") {
    throw new SamlSignInError("SamlInvalid", "malformed");
  }
  let issuer: string | null = null;
  let status: string | null = null;
  for (let node = root.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (node.nodeType !== 1) continue;
    if (el.namespaceURI === ASSERTION_NS && el.localName === "Issuer") issuer = el.textContent ?? "";
    if (el.namespaceURI === PROTOCOL_NS && el.localName === "Status") {
      for (let s = el.firstChild; s; s = s.nextSibling) {
        if (s.nodeType === 1 && (s as Element).localName === "StatusCode") status = (s as Element).getAttribute("Value");
      }
    }
  }
  return { destination: root.getAttribute("Destination"), inResponseTo: root.getAttribute("InResponseTo"), issuer, status };
}

function readAttributes(assertion: XmlJs): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const statement of kids(assertion, "AttributeStatement")) {
    for (const attribute of kids(statement, "Attribute")) {
      const name = attribute.$?.Name;
      if (!name) continue;
      const values = kids(attribute, "AttributeValue")
        .map(textOf)
        .filter((v) => v.length > 0 && v.length <= 1024);
      attributes[name] = [...(attributes[name] ?? []), ...values].slice(0, 500);
    }
  }
  return attributes;
}

/** Checks the bearer SubjectConfirmation; returns its InResponseTo and NotOnOrAfter. */
function confirmBearer(subject: XmlJs | undefined, settings: SamlSettings, nowMs: number): { inResponseTo: string; notOnOrAfter: number } {
  const skew = settings.clockSkewSeconds * 1000;
  const bearers = kids(subject, "SubjectConfirmation").filter((c) => c.$?.Method === BEARER);
  if (bearers.length === 0) throw new SamlSignInError("SamlInvalid", "no-bearer-confirmation");
  let failure: SamlSignInError | undefined;
  for (const confirmation of bearers) {
    const data = one(confirmation, "SubjectConfirmationData")?.$ ?? {};
    const notOnOrAfter = timeOf(data.NotOnOrAfter, "malformed-time");
    const notBefore = timeOf(data.NotBefore, "malformed-time");
    let problem: SamlSignInError | undefined;
    if (data.Recipient !== settings.sp.acsUrl) problem = new SamlSignInError("SamlInvalid", "recipient");
    else if (notOnOrAfter === null) problem = new SamlSignInError("SamlInvalid", "no-confirmation-expiry");
    else if (nowMs - skew >= notOnOrAfter) problem = new SamlSignInError("SamlExpired", "expired");
    else if (notBefore !== null && nowMs + skew < notBefore) problem = new SamlSignInError("SamlExpired", "not-yet-valid");
    else if (!data.InResponseTo) problem = new SamlSignInError("SamlUnsolicited", "unsolicited");
    if (!problem) return { inResponseTo: data.InResponseTo!, notOnOrAfter: notOnOrAfter! };
    failure ??= problem;
  }
  throw failure!;
}

/**
 * The verified assertion, or a SamlSignInError saying why not. `now` drives the checks made here;
 * node-saml's own time checks use the real clock.
 */
export async function validateSamlResponse(settings: SamlSettings, samlResponse: unknown, now: Date): Promise<VerifiedSamlAssertion> {
  const xml = decodeSamlResponse(samlResponse);
  const envelope = readEnvelope(xml);

  let profile: Profile | null;
  try {
    ({ profile } = await samlClient(settings).validatePostResponseAsync({ SAMLResponse: samlResponse as string }));
  } catch (error) {
    throw fromLibraryError(error);
  }
  if (!profile?.getAssertion) throw new SamlSignInError("SamlInvalid", "no-assertion");
  if (envelope.status !== SUCCESS) throw new SamlSignInError("SamlDenied", "idp-status");
  if (envelope.destination !== null && envelope.destination !== settings.sp.acsUrl) throw new SamlSignInError("SamlInvalid", "destination");
  if (envelope.issuer !== null && envelope.issuer.trim() !== settings.idp.entityId) throw new SamlSignInError("SamlInvalid", "issuer");

  // From here on, only the signed assertion.
  const assertion = (profile.getAssertion() as { Assertion?: XmlJs }).Assertion;
  if (!assertion) throw new SamlSignInError("SamlInvalid", "no-assertion");
  const issuer = textOf(one(assertion, "Issuer")).trim();
  if (issuer !== settings.idp.entityId) throw new SamlSignInError("SamlInvalid", "issuer");
  const assertionId = assertion.$?.ID;
  if (!assertionId || assertionId.length > 256) throw new SamlSignInError("SamlInvalid", "no-assertion-id");
  if (kids(assertion, "Conditions").length !== 1) throw new SamlSignInError("SamlInvalid", "no-conditions");
  const conditions = one(assertion, "Conditions")!;

  const nowMs = now.getTime();
  const subject = one(assertion, "Subject");
  const nameIdNodes = kids(subject, "NameID");
  if (nameIdNodes.length !== 1) throw new SamlSignInError("SamlMissingAttributes", "no-nameid");
  const nameIdNode = nameIdNodes[0]!;
  // A NameID with child elements (xml2js then has keys besides "_" and "$") is not plain text.
  if (Object.keys(nameIdNode).some((k) => k !== "_" && k !== "$")) throw new SamlSignInError("SamlInvalid", "malformed-nameid");
  const nameId = textOf(nameIdNode).trim();
  if (!nameId || nameId.length > 256) throw new SamlSignInError("SamlMissingAttributes", "no-nameid");

  const bearer = confirmBearer(subject, settings, nowMs);
  if (envelope.inResponseTo !== null && envelope.inResponseTo !== bearer.inResponseTo) {
    throw new SamlSignInError("SamlInvalid", "in-response-to-mismatch");
  }

  const statements = kids(assertion, "AuthnStatement");
  if (statements.length === 0) throw new SamlSignInError("SamlInvalid", "no-authn-statement");
  const statement = statements[0]!;
  const authnInstant = timeOf(statement.$?.AuthnInstant, "malformed-time");
  if (authnInstant === null) throw new SamlSignInError("SamlInvalid", "no-authn-instant");
  if (authnInstant > nowMs + settings.clockSkewSeconds * 1000) throw new SamlSignInError("SamlExpired", "not-yet-valid");
  const sessionEnd = timeOf(statement.$?.SessionNotOnOrAfter, "malformed-time");
  if (sessionEnd !== null && nowMs - settings.clockSkewSeconds * 1000 >= sessionEnd) throw new SamlSignInError("SamlExpired", "expired");
  const classRef = textOf(one(one(statement, "AuthnContext"), "AuthnContextClassRef")).trim();

  const conditionsEnd = timeOf(conditions.$?.NotOnOrAfter, "malformed-time") ?? 0;
  return {
    issuer,
    assertionId,
    nameId,
    nameIdFormat: nameIdNode.$?.Format ?? null,
    inResponseTo: bearer.inResponseTo,
    authnInstant: new Date(authnInstant),
    authnContextClassRef: classRef || null,
    attributes: readAttributes(assertion),
    rememberUntil: new Date(Math.max(conditionsEnd, bearer.notOnOrAfter) + settings.clockSkewSeconds * 1000),
  };
}
