import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { createSigningIdentity } from "@/scripts/dev/saml-idp";
import { samlSettingsFromEnv, samlSignInAvailable, splitCertificates } from "./config";
import { parseIdpMetadata } from "./idp-metadata";
import { decodeSamlResponse } from "./xml-guard";

const base = {
  NEXTAUTH_URL: "https://frontdesk.example",
  NEXTAUTH_SECRET: "x".repeat(32),
  OIDC_ISSUER: "https://idp.example",
  OIDC_CLIENT_ID: "c",
  OIDC_CLIENT_SECRET: "s",
};
const identity = createSigningIdentity("Config test");

describe("SAML settings", () => {
  it("are off unless configured, and derive the SP URLs from NEXTAUTH_URL", async () => {
    expect(samlSignInAvailable(parseEnv(base))).toBe(false);
    const env = parseEnv({ ...base, SAML_IDP_CERT: identity.certificatePem, SAML_IDP_SSO_URL: "https://idp.example/sso", SAML_IDP_ENTITY_ID: "urn:idp" });
    expect(samlSignInAvailable(env)).toBe(true);
    const settings = await samlSettingsFromEnv(env);
    expect(settings).toMatchObject({
      idp: { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", certs: [identity.certificatePem.trim()] },
      sp: { entityId: "https://frontdesk.example/api/auth/saml/metadata", acsUrl: "https://frontdesk.example/api/auth/saml/acs" },
      clockSkewSeconds: 60,
      requireSignedAssertion: false,
    });
    expect(settings?.mfaAuthnContexts).toContain("http://schemas.microsoft.com/claims/multipleauthn");
  });

  it("name every missing IdP setting", () => {
    expect(() => parseEnv({ ...base, SAML_IDP_CERT: identity.certificatePem })).toThrow(/SAML_IDP_SSO_URL[\s\S]*SAML_IDP_ENTITY_ID/);
  });

  it("accept several certificates for a key rollover", () => {
    expect(splitCertificates(`${identity.certificatePem}\n${identity.certificatePem}`)).toHaveLength(2);
    expect(splitCertificates("MIIBa, MIIBb")).toEqual(["MIIBa", "MIIBb"]);
  });
});

describe("IdP metadata", () => {
  const cert = identity.certificatePem.replace(/-----[^-]+-----|\s/g, "");
  const metadata = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://sts.windows.net/t/">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>ENCRYPTIONONLY</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://login.example/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.example/redirect"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

  it("yields the entity ID, the HTTP-Redirect SSO URL and only the signing certificates", () => {
    expect(parseIdpMetadata(metadata)).toEqual({ entityId: "https://sts.windows.net/t/", ssoUrl: "https://login.example/redirect", certs: [cert] });
  });

  it("refuses a DTD", () => {
    expect(() => parseIdpMetadata(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${metadata}`)).toThrow(/DTD/);
  });
});

describe("the test IdP's certificate", () => {
  it("is a valid self-signed X.509 certificate for its key", () => {
    const x509 = new X509Certificate(identity.certificatePem);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.subject).toBe("CN=Config test");
  });
});

describe("decodeSamlResponse", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  it.each([
    ["<!DOCTYPE r [<!ENTITY x 'y'>]><r/>", "dtd"],
    ["<r/><!ENTITY x 'y'>", "dtd"],
    ["<!  DOCTYPE r><r/>", "dtd"],
  ])("refuses %j", (xml, reason) => expect(() => decodeSamlResponse(b64(xml))).toThrow(expect.objectContaining({ reason })));
  it("refuses what is not a bounded base64 string", () => {
    expect(() => decodeSamlResponse(undefined)).toThrow(expect.objectContaining({ reason: "missing-response" }));
    expect(() => decodeSamlResponse("a".repeat(600 * 1024))).toThrow(expect.objectContaining({ reason: "too-large" }));
    expect(() => decodeSamlResponse("<xml/>")).toThrow(expect.objectContaining({ reason: "malformed" }));
  });
});
