// A development SAML 2.0 identity provider with the demo users, for the demo and the tests.
// Development only: every password is published and the signing key lives in memory.
//
// It behaves like a real IdP: its own RSA key and self-signed certificate (made at start), a
// metadata endpoint, an SSO endpoint taking the HTTP-Redirect AuthnRequest (only from registered
// service providers, answered only at their registered ACS URL), a login page, and an
// auto-submitting HTTP-POST form carrying a Response whose assertion is signed with xml-crypto
// (exclusive c14n, rsa-sha256); the Response itself can be signed too. The response builders are
// exported for the negative tests, which craft responses a real IdP would never send.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";

import { selfSignedCertificate } from "@/lib/federation/self-signed-certificate";
import { demoUsers, type DemoUser } from "./demo-users";
import { escapeHtml, htmlPage, readForm, sendHtml } from "./html";
import { LOOPBACK, closeServer, listen } from "./net";

export const SAML_IDP_NAME = "Demo SAML IdP";
export const MFA_CLASS_REF = "https://refeds.org/profile/mfa";
export const PASSWORD_CLASS_REF = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
}

export function createSigningIdentity(commonName = SAML_IDP_NAME): SigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certificatePem: selfSignedCertificate(privateKey, publicKey, commonName),
  };
}

// ---------------------------------------------------------------------------------------------
// Responses.

const xmlText = (value: string) => value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const xmlAttr = (value: string) => xmlText(value).replaceAll('"', "&quot;");
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
export const newSamlId = () => `_${randomBytes(20).toString("hex")}`;

export interface AssertionOptions {
  issuer: string;
  audience: string;
  recipient: string;
  inResponseTo?: string;
  nameId: string;
  /** Inserted as-is (no escaping): for tests that smuggle comments or markup into the NameID. */
  rawNameId?: boolean;
  nameIdFormat?: string;
  attributes?: Record<string, string[]>;
  authnContextClassRef?: string;
  now?: Date;
  /** Conditions and SubjectConfirmationData lifetime. */
  lifetimeSeconds?: number;
  notBefore?: Date;
  notOnOrAfter?: Date;
  authnInstant?: Date;
  id?: string;
}

export function buildAssertion(o: AssertionOptions): string {
  const now = o.now ?? new Date();
  const notBefore = o.notBefore ?? new Date(now.getTime() - 5_000);
  const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + (o.lifetimeSeconds ?? 300) * 1000);
  const irt = o.inResponseTo ? ` InResponseTo="${xmlAttr(o.inResponseTo)}"` : "";
  const attributes = Object.entries(o.attributes ?? {})
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${xmlAttr(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">` +
        values.map((v) => `<saml:AttributeValue>${xmlText(v)}</saml:AttributeValue>`).join("") +
        `</saml:Attribute>`,
    )
    .join("");
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${xmlAttr(o.id ?? newSamlId())}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${xmlText(o.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${xmlAttr(o.nameIdFormat ?? EMAIL_FORMAT)}">${o.rawNameId ? o.nameId : xmlText(o.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${irt} NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${xmlAttr(o.recipient)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${xmlText(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(o.authnInstant ?? now)}" SessionIndex="${newSamlId()}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${xmlText(o.authnContextClassRef ?? PASSWORD_CLASS_REF)}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    `</saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : "") +
    `</saml:Assertion>`
  );
}

export interface ResponseOptions {
  issuer: string;
  destination?: string | null;
  inResponseTo?: string;
  /** The assertion(s), already built (and signed, if wanted). */
  body: string;
  status?: string;
  now?: Date;
  id?: string;
}

export function buildResponse(o: ResponseOptions): string {
  const irt = o.inResponseTo ? ` InResponseTo="${xmlAttr(o.inResponseTo)}"` : "";
  const destination = o.destination ? ` Destination="${xmlAttr(o.destination)}"` : "";
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${xmlAttr(o.id ?? newSamlId())}" Version="2.0" IssueInstant="${iso(o.now ?? new Date())}"${destination}${irt}>` +
    `<saml:Issuer>${xmlText(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${xmlAttr(o.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success")}"/></samlp:Status>` +
    o.body +
    `</samlp:Response>`
  );
}

/**
 * An enveloped signature (exclusive c14n, rsa-sha256, sha256 digest) over the element `xpath`
 * selects, placed right after that element's Issuer as the SAML schema wants.
 */
export function signElement(xml: string, xpath: string, identity: SigningIdentity): string {
  const signer = new SignedXml({
    privateKey: identity.privateKeyPem,
    publicCert: identity.certificatePem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(xml, { location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: "after" } });
  return signer.getSignedXml();
}

export const ASSERTION_XPATH = "//*[local-name(.)='Assertion']";
export const RESPONSE_XPATH = "/*[local-name(.)='Response']";

export interface SignedResponseOptions extends AssertionOptions {
  identity: SigningIdentity;
  destination?: string | null;
  signAssertion?: boolean;
  signResponse?: boolean;
  status?: string;
}

/** A complete Response as a real IdP sends it (the assertion signed; optionally the response). */
export function buildSignedResponse(o: SignedResponseOptions): string {
  let assertion = buildAssertion(o);
  if (o.signAssertion ?? true) assertion = signElement(assertion, ASSERTION_XPATH, o.identity);
  const response = buildResponse({
    issuer: o.issuer,
    destination: o.destination === undefined ? o.recipient : o.destination,
    inResponseTo: o.inResponseTo,
    body: assertion,
    status: o.status,
    now: o.now,
  });
  return o.signResponse ? signElement(response, RESPONSE_XPATH, o.identity) : response;
}

export const toBase64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

// ---------------------------------------------------------------------------------------------
// The server.

export interface SamlServiceProvider {
  entityId: string;
  acsUrl: string;
}

export interface DevSamlIdpOptions {
  /** 0 picks a free port. */
  port: number;
  serviceProviders: SamlServiceProvider[];
  /** Also sign the Response (the assertion is always signed). */
  signResponse?: boolean;
  groupsAttribute?: string;
  emailAttribute?: string;
}

export interface DevSamlIdp {
  entityId: string;
  ssoUrl: string;
  metadataUrl: string;
  certificatePem: string;
  stop(): Promise<void>;
}

interface PendingRequest {
  id: string;
  sp: SamlServiceProvider;
  relayState: string | null;
}

function readAuthnRequest(samlRequest: string): { id: string; issuer: string; acsUrl: string | null } {
  const xml = inflateRawSync(Buffer.from(samlRequest, "base64"), { maxOutputLength: 64 * 1024 }).toString("utf8");
  if (/<!\s*DOCTYPE/i.test(xml)) throw new Error("DTDs are not accepted");
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (!root || root.localName !== "AuthnRequest") throw new Error("not an AuthnRequest");
  const issuer = root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0]?.textContent?.trim() ?? "";
  const id = root.getAttribute("ID") ?? "";
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw new Error("missing or odd ID");
  return { id, issuer, acsUrl: root.getAttribute("AssertionConsumerServiceURL") };
}

function loginPage(action: string, error?: string, username = ""): string {
  const rows = demoUsers
    .map((u) => `<tr><td><code>${escapeHtml(u.username)}</code></td><td>${escapeHtml(u.name)}</td><td>${escapeHtml(u.groups.join(", "))}</td></tr>`)
    .join("\n");
  return htmlPage(
    `Sign in · ${SAML_IDP_NAME}`,
    `<h1>Sign in to the ${SAML_IDP_NAME}</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${escapeHtml(action)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username)}" autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <label><input type="checkbox" name="mfa" value="yes" style="width:auto"> I used a second factor</label>
  <button type="submit">Sign in</button>
</form>
<table>
  <caption>Demo users (the password is <code>demo</code> for all)</caption>
  <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Groups</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>`,
  );
}

function postFormPage(acsUrl: string, samlResponse: string, relayState: string | null): string {
  // An inline script submits the form; the button is there for browsers without scripts.
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">
${relayState === null ? "" : `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`}
<noscript><button type="submit">Continue</button></noscript>
</form>
</body></html>`;
}

function authenticate(username: string, password: string): DemoUser | undefined {
  const user = demoUsers.find((u) => u.username === username.trim().toLowerCase());
  return user && user.password.length === password.length && user.password === password ? user : undefined;
}

export async function startDevSamlIdp(options: DevSamlIdpOptions): Promise<DevSamlIdp> {
  if (process.env.NODE_ENV === "production") {
    throw new Error(
      'The development SAML IdP refuses to start when NODE_ENV is "production": its users have published passwords. Use your company identity provider.',
    );
  }
  if (options.serviceProviders.length === 0) throw new Error("startDevSamlIdp: at least one service provider is required");
  const identity = createSigningIdentity();
  const server = createServer();
  const port = await listen(server, options.port, "dev SAML IdP");
  const base = `http://${LOOPBACK}:${port}`;
  const entityId = `${base}/metadata`;
  const ssoUrl = `${base}/sso`;
  const pending = new Map<string, PendingRequest>();

  const metadata = () => {
    const cert = identity.certificatePem.replace(/-----[^-]+-----|\s/g, "");
    return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${xmlAttr(entityId)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>${EMAIL_FORMAT}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${xmlAttr(ssoUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    if (url.pathname === "/metadata" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/samlmetadata+xml", "cache-control": "no-store" }).end(metadata());
      return;
    }
    if (url.pathname === "/sso" && req.method === "GET") {
      let request;
      try {
        request = readAuthnRequest(url.searchParams.get("SAMLRequest") ?? "");
      } catch {
        sendHtml(res, 400, htmlPage("Bad request", "<h1>This is not a SAML AuthnRequest this IdP can read.</h1>"));
        return;
      }
      const sp = options.serviceProviders.find((s) => s.entityId === request.issuer);
      if (!sp || (request.acsUrl !== null && request.acsUrl !== sp.acsUrl)) {
        sendHtml(res, 400, htmlPage("Unknown application", "<h1>This application is not registered with the IdP.</h1>"));
        return;
      }
      const key = randomBytes(16).toString("hex");
      pending.set(key, { id: request.id, sp, relayState: url.searchParams.get("RelayState") });
      setTimeout(() => pending.delete(key), 10 * 60_000).unref();
      sendHtml(res, 200, loginPage(`/login/${key}`));
      return;
    }
    const login = /^\/login\/([0-9a-f]{32})$/.exec(url.pathname);
    if (login && req.method === "POST") {
      const request = pending.get(login[1]!);
      if (!request) {
        sendHtml(res, 400, htmlPage("Sign-in expired", "<h1>This sign-in request has expired. Start again from the application.</h1>"));
        return;
      }
      const form = await readForm(req);
      const user = authenticate(form.get("username") ?? "", form.get("password") ?? "");
      if (!user) {
        sendHtml(res, 200, loginPage(url.pathname, "The username or password is incorrect.", form.get("username") ?? ""));
        return;
      }
      pending.delete(login[1]!);
      const xml = buildSignedResponse({
        identity,
        issuer: entityId,
        audience: request.sp.entityId,
        recipient: request.sp.acsUrl,
        inResponseTo: request.id,
        nameId: user.email,
        attributes: {
          [options.emailAttribute ?? "email"]: [user.email],
          name: [user.name],
          [options.groupsAttribute ?? "groups"]: [...user.groups],
        },
        authnContextClassRef: form.get("mfa") === "yes" ? MFA_CLASS_REF : PASSWORD_CLASS_REF,
        signResponse: options.signResponse ?? false,
      });
      sendHtml(res, 200, postFormPage(request.sp.acsUrl, toBase64(xml), request.relayState));
      return;
    }
    res.writeHead(404).end();
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendHtml(res, 500, htmlPage("Error", "<h1>The sign-in could not be completed.</h1>"));
    });
  });

  return { entityId, ssoUrl, metadataUrl: entityId, certificatePem: identity.certificatePem, stop: () => closeServer(server) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4040" },
      "sp-entity-id": { type: "string" },
      "acs-url": { type: "string" },
      "sign-response": { type: "boolean", default: false },
    },
  });
  const entityId = values["sp-entity-id"];
  const acsUrl = values["acs-url"];
  if (!entityId || !acsUrl) {
    throw new Error("usage: tsx scripts/dev/saml-idp.ts [--port 4040] --sp-entity-id ID --acs-url URL [--sign-response]");
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error("--port must be a port number");
  const idp = await startDevSamlIdp({ port, serviceProviders: [{ entityId, acsUrl }], signResponse: values["sign-response"] });
  console.log(`Dev SAML IdP running: metadata ${idp.metadataUrl}, SSO ${idp.ssoUrl}.`);
  console.log(`Users: ${demoUsers.map((u) => `${u.username} (${u.groups.join(", ")})`).join(", ")}; password "demo".`);
  console.log("Ctrl-C stops it.");
  const stop = () => void idp.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
