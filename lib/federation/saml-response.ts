// The SAML response Frontdesk signs as the IdP AWS trusts: one person, one role, one window. The
// same response serves AssumeRoleWithSAML (credentials) and the browser post to AWS's SAML sign-in
// endpoint (console). The XML is built with escaping here and signed with xml-crypto (enveloped,
// exclusive c14n, rsa-sha256) over the assertion.
import { randomBytes } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { SAML_ASSERTION } from "@/lib/aws/limits";
import type { AssumeRoleParams } from "@/lib/aws/sts";
import type { Signer } from "./signing-keys";
import { federatedTags } from "./web-identity-token";

const AWS_ATTRIBUTE = SAML_ASSERTION.attributePrefix;
const PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

const xmlText = (value: string) => value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const xmlAttr = (value: string) => xmlText(value).replaceAll('"', "&quot;");
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const newId = () => `_${randomBytes(20).toString("hex")}`;

/** AWS's SAML attributes for one session, by name (each a list of values). */
export function awsSamlAttributes(
  params: Pick<AssumeRoleParams, "roleArn" | "sessionName" | "sourceIdentity" | "durationSeconds" | "tags" | "transitiveTagKeys">,
  principalArn: string,
): Record<string, string[]> {
  const attributes: Record<string, string[]> = {
    // Role first, then the SAML provider (AWS takes either order; some tools read only the first).
    [`${AWS_ATTRIBUTE}Role`]: [`${params.roleArn},${principalArn}`],
    [`${AWS_ATTRIBUTE}RoleSessionName`]: [params.sessionName],
    [`${AWS_ATTRIBUTE}SessionDuration`]: [String(params.durationSeconds)],
    [`${AWS_ATTRIBUTE}SourceIdentity`]: [params.sourceIdentity],
  };
  for (const tag of federatedTags(params)) attributes[`${AWS_ATTRIBUTE}PrincipalTag:${tag.Key}`] = [tag.Value];
  if (params.transitiveTagKeys?.length) attributes[`${AWS_ATTRIBUTE}TransitiveTagKey`] = [...params.transitiveTagKeys];
  return attributes;
}

export interface SamlResponseInput {
  params: Pick<AssumeRoleParams, "roleArn" | "sessionName" | "sourceIdentity" | "durationSeconds" | "tags" | "transitiveTagKeys">;
  principalArn: string;
  issuer: string;
  /** The partition's SAML sign-in endpoint (Recipient and Destination). */
  recipient: string;
  now: Date;
  lifetimeSeconds: number;
}

export function buildSamlResponse(input: SamlResponseInput): string {
  const { now, params } = input;
  const notOnOrAfter = new Date(now.getTime() + input.lifetimeSeconds * 1000);
  // The session itself may not outlive the approved window's share this mint was given.
  const sessionNotOnOrAfter = new Date(now.getTime() + params.durationSeconds * 1000);
  const attributes = Object.entries(awsSamlAttributes(params, input.principalArn))
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${xmlAttr(name)}">` +
        values.map((v) => `<saml:AttributeValue>${xmlText(v)}</saml:AttributeValue>`).join("") +
        `</saml:Attribute>`,
    )
    .join("");
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${xmlText(input.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${PERSISTENT}">${xmlText(params.sourceIdentity)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${xmlAttr(input.recipient)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(now)}" NotOnOrAfter="${iso(notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${SAML_ASSERTION.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${newId()}" SessionNotOnOrAfter="${iso(sessionNotOnOrAfter)}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef></saml:AuthnContext>` +
    `</saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${newId()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${xmlAttr(input.recipient)}">` +
    `<saml:Issuer>${xmlText(input.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  );
}

const ASSERTION_XPATH = "//*[local-name(.)='Assertion']";

/** The response with its assertion signed, base64-encoded as SAMLAssertion and the SAMLResponse form field want it. */
export function signSamlResponse(xml: string, signer: Signer): string {
  const signed = new SignedXml({
    privateKey: signer.privateKey.export({ type: "pkcs8", format: "pem" }),
    publicCert: signer.certificatePem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signed.addReference({
    xpath: ASSERTION_XPATH,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signed.computeSignature(xml, { location: { reference: `${ASSERTION_XPATH}/*[local-name(.)='Issuer']`, action: "after" } });
  const base64 = Buffer.from(signed.getSignedXml(), "utf8").toString("base64");
  if (base64.length > SAML_ASSERTION.maxLength)
    throw new Error(`The SAML response is ${base64.length} characters; AWS accepts at most ${SAML_ASSERTION.maxLength}.`);
  return base64;
}
