// Reads what Frontdesk needs from an IdP's SAML metadata document: its entity ID, the
// HTTP-Redirect SSO endpoint, and its signing certificates (several during a key rollover).
import { DOMParser } from "@xmldom/xmldom";
import { hasDocumentTypeDeclaration } from "./xml-guard";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  certs: string[];
}

function children(parent: Element, ns: string, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (node.nodeType === 1 && el.namespaceURI === ns && el.localName === name) found.push(el);
  }
  return found;
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  if (hasDocumentTypeDeclaration(xml)) throw new Error("SAML IdP metadata must not contain a DTD");
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) } }).parseFromString(xml, "text/xml");
  if (errors.length > 0 || !doc.documentElement) throw new Error("SAML IdP metadata is not well-formed XML");
  let entity = doc.documentElement as unknown as Element;
  // An EntitiesDescriptor (a federation aggregate) is accepted when it holds exactly one IdP.
  if (entity.localName === "EntitiesDescriptor") {
    const idps = children(entity, MD, "EntityDescriptor").filter((e) => children(e, MD, "IDPSSODescriptor").length > 0);
    if (idps.length !== 1) throw new Error("SAML IdP metadata must describe exactly one identity provider");
    entity = idps[0]!;
  }
  if (entity.namespaceURI !== MD || entity.localName !== "EntityDescriptor") throw new Error("SAML IdP metadata has no EntityDescriptor");
  const descriptor = children(entity, MD, "IDPSSODescriptor")[0];
  if (!descriptor) throw new Error("SAML IdP metadata has no IDPSSODescriptor");

  const sso = children(descriptor, MD, "SingleSignOnService").find((s) => s.getAttribute("Binding") === REDIRECT_BINDING);
  const certs = children(descriptor, MD, "KeyDescriptor")
    .filter((k) => !k.getAttribute("use") || k.getAttribute("use") === "signing")
    .flatMap((k) => children(k, DS, "KeyInfo"))
    .flatMap((info) => children(info, DS, "X509Data"))
    .flatMap((data) => children(data, DS, "X509Certificate"))
    .map((c) => (c.textContent ?? "").replace(/\s+/g, ""))
    .filter(Boolean);

  const entityId = entity.getAttribute("entityID") ?? "";
  const ssoUrl = sso?.getAttribute("Location") ?? "";
  if (!entityId) throw new Error("SAML IdP metadata has no entityID");
  if (!/^https?:\/\//.test(ssoUrl)) throw new Error("SAML IdP metadata has no HTTP-Redirect SingleSignOnService");
  if (certs.length === 0) throw new Error("SAML IdP metadata has no signing certificate");
  return { entityId, ssoUrl, certs: [...new Set(certs)] };
}
