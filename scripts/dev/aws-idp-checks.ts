// What AWS checks when Frontdesk is the identity provider a role trusts, done here the way AWS
// does it, for the tests and the SAML sign-in stand-in: a web-identity token against the published
// JWKS (RS256, issuer, audience, expiry), a SAML response against the published IdP metadata
// (signature, audience urn:amazon:webservices, time window, issuer), then AWS's claims and attributes.
import { SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { createLocalJWKSet, jwtVerify, type JWK, type JWTPayload } from "jose";

export async function verifyWebIdentityToken(
  token: string,
  expected: { jwks: { keys: JWK[] }; issuer: string; audience: string; now?: Date },
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createLocalJWKSet(expected.jwks), {
    issuer: expected.issuer,
    audience: expected.audience,
    algorithms: ["RS256"],
    currentDate: expected.now,
    requiredClaims: ["sub", "exp", "iat", "jti"],
  });
  return payload;
}

/** The signing certificates and entity id an IAM SAML provider takes from the metadata. */
export function parseIdpMetadata(metadataXml: string): { entityId: string; certs: string[] } {
  const entityId = /entityID="([^"]+)"/.exec(metadataXml)?.[1];
  const certs = [...metadataXml.matchAll(/<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g)].map((m) => m[1]!);
  if (!entityId || certs.length === 0) throw new Error("The metadata names no entity id or no signing certificate.");
  return { entityId: entityId.replaceAll("&amp;", "&"), certs };
}

export const AWS_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/";

export interface AwsSamlSession {
  issuer: string;
  nameId: string;
  /** AWS's attributes, by the name after the prefix (Role, RoleSessionName, PrincipalTag:…), each as a list. */
  attributes: Record<string, string[]>;
  sessionNotOnOrAfter: string | undefined;
}

/** Validates a base64 SAMLResponse as the SAML sign-in endpoint and AssumeRoleWithSAML do; throws when AWS would refuse it. */
export async function verifyAwsSamlResponse(samlResponse: string, metadataXml: string, recipient: string): Promise<AwsSamlSession> {
  const { entityId, certs } = parseIdpMetadata(metadataXml);
  const saml = new SAML({
    issuer: "urn:amazon:webservices",
    audience: "urn:amazon:webservices",
    callbackUrl: recipient,
    idpCert: certs,
    idpIssuer: entityId,
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: true,
    acceptedClockSkewMs: 0,
    validateInResponseTo: ValidateInResponseTo.never,
    identifierFormat: null,
  });
  const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile) throw new Error("No assertion.");
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(profile.attributes ?? {})) {
    if (!name.startsWith(AWS_ATTRIBUTE)) continue;
    attributes[name.slice(AWS_ATTRIBUTE.length)] = (Array.isArray(value) ? value : [value]).map(String);
  }
  const role = attributes.Role?.[0];
  if (!role || !attributes.RoleSessionName?.[0]) throw new Error("The assertion has no Role or RoleSessionName attribute.");
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  const destination = /<samlp:Response[^>]* Destination="([^"]+)"/.exec(xml)?.[1];
  if (destination !== recipient) throw new Error(`The response is addressed to ${String(destination)}, not ${recipient}.`);
  return {
    issuer: profile.issuer,
    nameId: profile.nameID,
    attributes,
    sessionNotOnOrAfter: /SessionNotOnOrAfter="([^"]+)"/.exec(xml)?.[1],
  };
}
