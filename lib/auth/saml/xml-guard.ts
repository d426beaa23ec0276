// The first look at a posted SAMLResponse, before any XML parser sees it: bounded size, plain
// base64, and no document type declaration. A DTD has no place in SAML (the SAML 2.0 bindings
// forbid it), and refusing it outright closes XXE and entity-expansion attacks whatever the
// parsers further down would do with one.
import { SamlSignInError } from "./errors";

/** Far above any real response (a few KiB, tens with many groups). */
export const MAX_SAML_RESPONSE_CHARS = 512 * 1024;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function hasDocumentTypeDeclaration(xml: string): boolean {
  return /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(xml);
}

/** The decoded XML, exactly as node-saml will decode the same value, or a SamlSignInError. */
export function decodeSamlResponse(value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw new SamlSignInError("SamlInvalid", "missing-response");
  if (value.length > MAX_SAML_RESPONSE_CHARS) throw new SamlSignInError("SamlInvalid", "too-large");
  const compact = value.replace(/[\r\n]/g, "");
  if (!BASE64.test(compact)) throw new SamlSignInError("SamlInvalid", "malformed");
  const xml = Buffer.from(value, "base64").toString("utf8");
  if (xml.includes("\u0000") || xml.includes("\ufffd")) throw new SamlSignInError("SamlInvalid", "malformed");
  if (hasDocumentTypeDeclaration(xml)) throw new SamlSignInError("SamlInvalid", "dtd");
  return xml;
}
