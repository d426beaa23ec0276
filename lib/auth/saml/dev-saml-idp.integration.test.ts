// The whole SP-initiated round trip over HTTP with the development SAML IdP: AuthnRequest out
// (HTTP-Redirect), login form, auto-posting form back, ACS use case, ticket.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { startDevSamlIdp, type DevSamlIdp } from "@/scripts/dev/saml-idp";
import { completeSamlSignIn } from "./complete-saml-sign-in";
import { samlSettingsFromEnv, type SamlSettings } from "./config";
import { parseEnv } from "@/lib/env";
import { redeemSignInTicket } from "./sign-in-ticket";
import { startSamlSignIn } from "./start-saml-sign-in";

let database: TestDatabase;
let db: PrismaClient;
let idp: DevSamlIdp;
let settings: SamlSettings;
const APP = "http://127.0.0.1:3999";

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
  idp = await startDevSamlIdp({ port: 0, serviceProviders: [{ entityId: `${APP}/api/auth/saml/metadata`, acsUrl: `${APP}/api/auth/saml/acs` }] });
  const metadata = await (await fetch(idp.metadataUrl)).text();
  const { writeFile, mkdtemp } = await import("node:fs/promises");
  const dir = await mkdtemp("/tmp/saml-md-");
  await writeFile(`${dir}/idp.xml`, metadata);
  settings = (await samlSettingsFromEnv(
    parseEnv({
      NEXTAUTH_URL: APP,
      NEXTAUTH_SECRET: "x".repeat(32),
      OIDC_ISSUER: "https://idp.example",
      OIDC_CLIENT_ID: "c",
      OIDC_CLIENT_SECRET: "s",
      SAML_IDP_METADATA_FILE: `${dir}/idp.xml`,
    }),
  ))!;
});
afterAll(async () => {
  await idp?.stop();
  await db?.$disconnect();
  await database?.drop();
});

async function signInAtIdp(username: string, password: string, mfa: boolean): Promise<string | null> {
  const { url } = await startSamlSignIn({ db, settings, returnTo: "/approvals", now: new Date() });
  expect(url.startsWith(idp.ssoUrl)).toBe(true);
  const login = await (await fetch(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(login)![1]!;
  const form = new URLSearchParams({ username, password, ...(mfa ? { mfa: "yes" } : {}) });
  const answer = await fetch(new URL(action, idp.ssoUrl), { method: "POST", body: form });
  const html = await answer.text();
  const posted = /name="SAMLResponse" value="([^"]+)"/.exec(html);
  if (!posted) return null;
  expect(html).toContain(`action="${settings.sp.acsUrl}"`);
  return posted[1]!;
}

describe("the development SAML IdP", () => {
  it("signs bob in with his groups and the MFA class ref when he says he used a second factor", async () => {
    const samlResponse = await signInAtIdp("bob", "demo", true);
    const result = await completeSamlSignIn({ db, settings, samlResponse, now: new Date(), tagClaims: [] });
    expect(result.returnTo).toBe("/approvals");
    expect(await db.user.findUniqueOrThrow({ where: { id: result.userId } })).toMatchObject({
      issuer: idp.entityId,
      subject: "bob@example.com",
      groups: ["engineering", "security"],
    });
    expect(await redeemSignInTicket(db, result.ticket, new Date())).toMatchObject({ mfa: true });
  });

  it("refuses a wrong password, and refuses to start in production", async () => {
    expect(await signInAtIdp("alice", "wrong", false)).toBeNull();
    vi.stubEnv("NODE_ENV", "production");
    try {
      await expect(startDevSamlIdp({ port: 0, serviceProviders: [{ entityId: "x", acsUrl: "http://x" }] })).rejects.toThrow(/production/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
