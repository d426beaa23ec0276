// No standing AWS keys, in Chromium against a production build that has NO AWS credentials at all
// (its own `next start`, every AWS_* credential variable removed): for a web-identity role and a
// saml role, a person requests, another approves, the console opens (web-identity: the federation
// stand-in; saml: the browser posts the SAMLResponse to the SAML sign-in stand-in, which validates
// it against the metadata the app publishes), credentials work against STS (moto), and a revoke
// lands a deny policy through the management role Frontdesk assumes with its own token. The
// /aws-idp documents are fetched from the build and the tokens the app sent are verified with them.
import { randomBytes } from "node:crypto";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { denyPolicyAtAws } from "./aws-checks";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from "jose";
import { managementTrustStatement, samlTrustStatement, webIdentityTrustStatement } from "../lib/federation/trust-policy";
import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";
import { createRoleIn } from "../scripts/dev/accounts";
import { verifyAwsSamlResponse } from "../scripts/dev/aws-idp-checks";
import { waitUntil } from "../scripts/dev/net";
import { spawnGroup, type ManagedProcess } from "../scripts/dev/process";
import { startSamlSigninStandIn, type SamlSigninStandIn } from "../scripts/dev/saml-signin";
import { requestRole } from "./helpers";
import { E2E_FEDERATED_APP_PORT, E2E_FEDERATED_APP_URL as APP, E2E_FEDERATION_URL, E2E_MOTO_URL, E2E_SAML_SIGNIN_PORT, E2E_STS_RECORDER_PORT } from "./ports";
import { startStsRecorder, type StsRecorder } from "./sts-recorder";

const ISSUER = `${APP}/aws-idp`;
const AUDIENCE = "sts.amazonaws.com";
const ACCOUNT = "123456789012";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER.replace(/^https?:\/\//, "")}`;
const SAML_PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/Frontdesk`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

let database: TestDatabase;
let recorder: StsRecorder;
let samlSignin: SamlSigninStandIn;
let app: ManagedProcess;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The roles at AWS trust Frontdesk's providers only (no AWS principal at all).
  const trust = (statement: object) => ({ trustPolicy: { Version: "2012-10-17", Statement: [statement] }, maxSessionDuration: 14_400 });
  await createRoleIn(
    E2E_MOTO_URL,
    roleArn("FrontdeskManagement"),
    trust(managementTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience: AUDIENCE })),
  );
  const wi = roleArn("FrontdeskWebIdentityDeveloper");
  await createRoleIn(E2E_MOTO_URL, wi, trust(webIdentityTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience: AUDIENCE, roleArn: wi })));
  const saml = roleArn("FrontdeskSamlDeveloper");
  await createRoleIn(
    E2E_MOTO_URL,
    saml,
    trust(samlTrustStatement({ providerArn: SAML_PROVIDER, roleArn: saml, signinEndpoint: "https://signin.aws.amazon.com/saml" })),
  );

  database = await createTestDatabase();
  recorder = await startStsRecorder({ port: E2E_STS_RECORDER_PORT, target: E2E_MOTO_URL });
  samlSignin = await startSamlSigninStandIn({
    port: E2E_SAML_SIGNIN_PORT,
    // As AWS holds it: the metadata the app publishes, read at each sign-in.
    metadata: async () => (await fetch(`${ISSUER}/saml/metadata`)).text(),
  });
  // Nothing the SDK could find credentials in: no keys, no profile, no files, no instance metadata.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  app = await spawnGroup("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(E2E_FEDERATED_APP_PORT)], {
    label: "Frontdesk (no AWS credentials e2e)",
    output: "capture",
    env: {
      ...env,
      NODE_ENV: "production",
      NEXTAUTH_URL: APP,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      DATABASE_URL: database.url,
      FRONTDESK_CATALOG: "e2e/federated.config.yaml",
      OIDC_ISSUER: process.env.E2E_OIDC_ISSUER!,
      OIDC_CLIENT_ID: "frontdesk-e2e",
      OIDC_CLIENT_SECRET: process.env.E2E_OIDC_CLIENT_SECRET!,
      OIDC_SCOPES: "openid email profile groups",
      OIDC_DISPLAY_NAME: "Demo IdP",
      RATE_LIMIT_REQUESTS_PER_HOUR: "10000",
      FRONTDESK_SIGNING_KEY_SECRET: randomBytes(32).toString("base64"),
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_STS: recorder.url,
      AWS_ENDPOINT_URL_IAM: E2E_MOTO_URL,
      AWS_FEDERATION_URL: E2E_FEDERATION_URL,
      AWS_SAML_SIGNIN_URL: samlSignin.url,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/frontdesk-e2e-credentials",
      AWS_CONFIG_FILE: "/nonexistent/frontdesk-e2e-config",
    },
  });
  const healthy = async () => (await fetch(`${APP}/api/health`).catch(() => null))?.ok ?? false;
  await waitUntil("Frontdesk (no AWS credentials) to report healthy", healthy, {
    timeoutMs: 90_000,
    failed: () => (app.hasExited() ? `next start exited:\n${app.outputTail()}` : undefined),
  });
});

test.afterAll(async () => {
  await app?.stop();
  await samlSignin?.stop();
  await recorder?.stop();
  await database?.drop().catch(() => {});
});

/** Signs in at the dev IdP in a fresh context whose relative URLs are the no-credentials app's. */
async function signedIn(browser: Browser, username: string, path = "/requests"): Promise<Page> {
  const context = await browser.newContext({ baseURL: APP });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByRole("button", { name: "Sign in with Demo IdP" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return page;
}

async function approvedGrant(browser: Browser, roleLabel: string): Promise<{ alice: Page; bob: Page; requestId: string; sessionName: string }> {
  const alice = await signedIn(browser, "alice");
  const requestId = await requestRole(alice, roleLabel, "Rotate the deploy keys for OPS-42");
  const bob = await signedIn(browser, "bob", `/requests/${requestId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Active", { exact: true })).toBeVisible();
  await alice.reload();
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();
  return { alice, bob, requestId, sessionName: `alice@example.com-${requestId.slice(-8)}` };
}

/** Credentials from the page, checked against STS: who they are. */
async function credentialsArn(alice: Page): Promise<string> {
  await alice.getByRole("button", { name: "Get credentials" }).click();
  const block = alice.getByTestId("credentials");
  await expect(block).toContainText("export AWS_ACCESS_KEY_ID=");
  const text = await block.innerText();
  const value = (name: string) => new RegExp(`^export ${name}=(.+)$`, "m").exec(text)?.[1] ?? "";
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: E2E_MOTO_URL,
    credentials: { accessKeyId: value("AWS_ACCESS_KEY_ID"), secretAccessKey: value("AWS_SECRET_ACCESS_KEY"), sessionToken: value("AWS_SESSION_TOKEN") },
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? "";
}

/** Bob revokes; the deny lands through the management role, assumed with Frontdesk's own token. */
async function revoke(bob: Page, alice: Page, roleName: string): Promise<void> {
  await bob.reload();
  await bob.getByRole("button", { name: "Revoke access" }).click();
  const dialog = bob.getByRole("dialog", { name: "Revoke Alice" });
  await dialog.getByLabel("Reason").fill("Laptop reported stolen");
  await dialog.getByRole("button", { name: "Revoke now" }).click();
  await expect(bob.getByText("Revoked", { exact: true })).toBeVisible();
  await expect(bob.getByRole("status").filter({ hasText: "Revoked at AWS" })).toBeVisible({ timeout: 40_000 });
  expect(await denyPolicyAtAws(roleName)).toContain('"aws:SourceIdentity":"alice@example.com"');
  await alice.reload();
  for (const name of ["Open AWS console", "Get credentials"]) await expect(alice.getByRole("button", { name })).toHaveCount(0);
}

const recorded = (action: string) => recorder.calls.filter((call) => call.get("Action") === action);

test("the /aws-idp documents are served by the production build", async () => {
  const discovery = await fetch(`${ISSUER}/.well-known/openid-configuration`);
  expect(discovery.status).toBe(200);
  const document = (await discovery.json()) as { issuer: string; jwks_uri: string; id_token_signing_alg_values_supported: string[] };
  expect(document).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/jwks.json`, id_token_signing_alg_values_supported: ["RS256"] });
  const jwks = (await (await fetch(document.jwks_uri)).json()) as { keys: JWK[] };
  expect(jwks.keys.length).toBeGreaterThan(0);
  for (const key of jwks.keys) {
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(key).not.toHaveProperty("d"); // public halves only
  }
  const metadata = await (await fetch(`${ISSUER}/saml/metadata`)).text();
  expect(metadata).toContain(`entityID="${ISSUER}/saml"`);
  expect(metadata).toContain("<ds:X509Certificate>");
});

test("web-identity: request, approve, console, credentials and revoke with no AWS credentials", async ({ browser }) => {
  const { alice, bob, sessionName } = await approvedGrant(browser, `WebIdentityDeveloper · Sandbox (${ACCOUNT})`);

  const popup = alice.waitForEvent("popup");
  await alice.getByRole("button", { name: "Open AWS console" }).click();
  const consoleTab = await popup;
  await consoleTab.waitForURL((url) => url.searchParams.get("Action") === "login");
  await expect(consoleTab.getByText(`assumed-role/FrontdeskWebIdentityDeveloper/${sessionName}`)).toBeVisible();

  expect(await credentialsArn(alice)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/FrontdeskWebIdentityDeveloper/${sessionName}`);

  // The token the app sent to STS verifies against the JWKS the app serves, for this person and role.
  const calls = recorded("AssumeRoleWithWebIdentity").filter((call) => call.get("RoleSessionName") === sessionName);
  expect(calls.length).toBe(2); // console and credentials
  const jwks = (await (await fetch(`${ISSUER}/jwks.json`)).json()) as { keys: JWK[] };
  const { payload, protectedHeader } = await jwtVerify(calls[1]!.get("WebIdentityToken")!, createLocalJWKSet(jwks), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ["RS256"],
  });
  expect(jwks.keys.map((k) => k.kid)).toContain(protectedHeader.kid);
  expect(payload.sub).toBe("alice@example.com");
  expect(payload["https://aws.amazon.com/source_identity"]).toBe("alice@example.com");
  expect(payload["https://aws.amazon.com/tags"]).toMatchObject({
    principal_tags: { "frontdesk:role": [roleArn("FrontdeskWebIdentityDeveloper")], "frontdesk:requester": ["alice@example.com"] },
  });
  // Nothing was ever signed with AWS credentials: no AssumeRole reached STS.
  expect(recorded("AssumeRole")).toHaveLength(0);

  await revoke(bob, alice, "FrontdeskWebIdentityDeveloper");
  const management = recorded("AssumeRoleWithWebIdentity").filter((call) => call.get("RoleArn") === roleArn("FrontdeskManagement"));
  expect(management.length).toBeGreaterThan(0);
  expect(decodeJwt(management[0]!.get("WebIdentityToken")!)).toMatchObject({ sub: "frontdesk:management", iss: ISSUER, aud: AUDIENCE });
  expect(recorded("AssumeRole")).toHaveLength(0);
});

test("saml: request, approve, console by a form post, credentials and revoke with no AWS credentials", async ({ browser }) => {
  const { alice, bob, sessionName } = await approvedGrant(browser, `SamlDeveloper · Sandbox (${ACCOUNT})`);
  const role = roleArn("FrontdeskSamlDeveloper");

  const popup = alice.waitForEvent("popup");
  await alice.getByRole("button", { name: "Open AWS console" }).click();
  const consoleTab = await popup;
  // The stand-in accepted the posted response only after validating it against the app's metadata.
  await expect(consoleTab.getByRole("heading", { name: "Signed in to the AWS console" })).toBeVisible();
  await expect(consoleTab.getByRole("paragraph").getByText(role, { exact: true })).toBeVisible();
  const row = (name: string) => consoleTab.locator("tr", { has: consoleTab.locator("th", { hasText: new RegExp(`^${name}$`) }) });
  await expect(row("Role")).toContainText(`${role},${SAML_PROVIDER}`);
  await expect(row("SourceIdentity")).toContainText("alice@example.com");
  await expect(row("RoleSessionName")).toContainText(sessionName);
  // The whole one-hour window, less the seconds since approval: never role-chained.
  const duration = Number((await row("SessionDuration").locator("td").innerText()).trim());
  expect(duration).toBeGreaterThan(3300);
  expect(duration).toBeLessThanOrEqual(3600);

  expect(await credentialsArn(alice)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/FrontdeskSamlDeveloper/${sessionName}`);
  const [call] = recorded("AssumeRoleWithSAML").slice(-1);
  expect(call?.get("PrincipalArn")).toBe(SAML_PROVIDER);
  const metadata = await (await fetch(`${ISSUER}/saml/metadata`)).text();
  const session = await verifyAwsSamlResponse(call!.get("SAMLAssertion")!, metadata, "https://signin.aws.amazon.com/saml");
  expect(session.attributes.SourceIdentity).toEqual(["alice@example.com"]);
  expect(session.attributes["PrincipalTag:frontdesk:role"]).toEqual([role]);
  expect(recorded("AssumeRole")).toHaveLength(0);

  await revoke(bob, alice, "FrontdeskSamlDeveloper");
});

test("an admin sees the signing keys in use and where the documents are published; others get not found", async ({ browser }) => {
  const jwks = (await (await fetch(`${ISSUER}/jwks.json`)).json()) as { keys: JWK[] };
  const carol = await signedIn(browser, "carol", "/admin/keys");
  await expect(carol.getByRole("heading", { name: "Signing keys" })).toBeVisible();
  const table = carol.getByRole("table", { name: "Signing keys" });
  for (const key of jwks.keys) await expect(table.getByText(key.kid!, { exact: true })).toBeVisible();
  await expect(table.getByText("signing", { exact: true })).toBeVisible();
  await expect(carol.getByText(`${ISSUER}/.well-known/openid-configuration`)).toBeVisible();
  await expect(carol.getByText(/Next rotation: a new key is published from/)).toBeVisible();
  await expect(carol.locator("body")).not.toContainText("PRIVATE KEY");
  await carol.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" }).click();
  await expect(carol).toHaveURL(/\/admin\/keys$/);

  const alice = await signedIn(browser, "alice");
  await expect(alice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" })).toHaveCount(0);
  const response = await alice.goto("/admin/keys");
  expect(response?.status()).toBe(404);
});

test("the role check reads both roles through the management role with no AWS credentials and finds them ready", async ({ browser }) => {
  const carol = await signedIn(browser, "carol", "/admin/catalog");
  const roles = carol.getByRole("table", { name: "Roles" });
  await expect(roles.getByRole("row").filter({ hasText: "FrontdeskSamlDeveloper" })).toContainText("Revocation enforced at AWS");
  await carol.getByRole("button", { name: "Check roles" }).click();
  const accounts = carol.getByRole("list", { name: "Account reachability" });
  await expect(accounts.getByRole("listitem").filter({ hasText: ACCOUNT })).toContainText("Reachable");
  const results = carol.getByRole("list", { name: "Role check results" });
  await expect(results.getByText("Ready")).toHaveCount(2);
  await expect(results.getByText(`Trust policy lets ${PROVIDER} call sts:AssumeRoleWithWebIdentity`)).toBeVisible();
  await expect(results.getByText(`Trust policy lets ${SAML_PROVIDER} call sts:AssumeRoleWithSAML`)).toBeVisible();
  await expect(results.getByText("Role pinned (aws:RequestTag/frontdesk:role = the role's own ARN)")).toHaveCount(2);
  expect(recorded("AssumeRole")).toHaveLength(0);
});
