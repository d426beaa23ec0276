// Re-authentication over SAML: the AuthnRequest asks the IdP to authenticate the person again
// (ForceAuthn) instead of reusing its own session; an ordinary sign-in does not.
import { inflateRawSync } from "node:zlib";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { startSamlSignIn } from "./start-saml-sign-in";
import { testSettings } from "@/lib/testing/saml-kit";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 2 }) });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

async function authnRequestXml(forceAuthn: boolean): Promise<string> {
  const { url } = await startSamlSignIn({ db, settings: testSettings(), returnTo: "/approvals", now: new Date(), forceAuthn });
  const encoded = new URL(url).searchParams.get("SAMLRequest")!;
  return inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
}

it("asks the IdP to authenticate again only for re-authentication", async () => {
  expect(await authnRequestXml(true)).toMatch(/<samlp:AuthnRequest[^>]*\sForceAuthn="true"/);
  expect(await authnRequestXml(false)).not.toMatch(/ForceAuthn="true"/);
});
