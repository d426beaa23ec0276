// Key rotation against PostgreSQL: two instances agree on the active key, a successor is published
// before it signs, tokens signed before a rotation verify until they expire, and a removed key's
// tokens no longer do. Private keys are stored encrypted only.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { verifyWebIdentityToken } from "@/scripts/dev/aws-idp-checks";
import { jwksDocument } from "./discovery";
import { defaultFederationSettings } from "./settings";
import { activeSigner, currentlyPublished, ensureSigningKeys, type FederationDeps } from "./signing-keys";
import { signWebIdentityToken, webIdentityClaims } from "./web-identity-token";

const SECRET = "rotation-test-secret-0123456789abcdef-xyz";
let database: TestDatabase;
let one: PrismaClient;
let two: PrismaClient;
const clock = { now: new Date("2026-03-01T00:00:00Z") };
const settings = defaultFederationSettings("https://frontdesk.test", {
  keySecret: SECRET,
  schedule: { rotationSeconds: 30 * 86_400, publishLeadSeconds: 3600, acceptSeconds: 600 },
});
const instance = (db: PrismaClient): FederationDeps => ({ db, now: () => new Date(clock.now), identityProvider: settings });
const advanceTo = (iso: string) => (clock.now = new Date(iso));

beforeAll(async () => {
  database = await createTestDatabase();
  one = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  two = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
});
afterAll(async () => {
  await one.$disconnect();
  await two.$disconnect();
  await database.drop();
});

async function tokenFrom(deps: FederationDeps) {
  const params = { roleArn: "arn:aws:iam::123456789012:role/R", tags: [], sourceIdentity: "alice@example.com" };
  const claims = webIdentityClaims({ params, issuer: settings.issuer, audience: settings.audience, now: deps.now(), lifetimeSeconds: 300 });
  return signWebIdentityToken(claims, await activeSigner(deps));
}
const verify = async (token: string) =>
  verifyWebIdentityToken(token, {
    jwks: jwksDocument(await currentlyPublished(instance(one))),
    issuer: settings.issuer,
    audience: settings.audience,
    now: clock.now,
  });

describe("signing keys", () => {
  it("two instances starting together create one key and sign with it", async () => {
    const [a, b] = await Promise.all([activeSigner(instance(one)), activeSigner(instance(two))]);
    expect(a.kid).toBe(b.kid);
    expect(await one.signingKey.count()).toBe(1);
    const row = await one.signingKey.findFirstOrThrow();
    expect(row.privateKeyEncrypted).toMatch(/^v1\./);
    expect(row.privateKeyEncrypted).not.toContain("PRIVATE KEY");
  });

  it("publishes the successor before it signs, keeps the predecessor until its tokens expired, then removes it", async () => {
    const first = (await activeSigner(instance(one))).kid;
    const oldToken = await tokenFrom(instance(one));

    advanceTo("2026-03-30T23:10:00Z"); // inside the hour before rotation is due
    const keys = await ensureSigningKeys(instance(two));
    expect(keys).toHaveLength(2);
    const successor = keys[1]!;
    expect(successor.signsFrom.toISOString()).toBe("2026-03-31T00:10:00.000Z"); // published a full lead before it signs
    expect((await activeSigner(instance(one))).kid).toBe(first);
    expect((await currentlyPublished(instance(one))).map((k) => k.kid)).toEqual([first, successor.kid]);

    advanceTo("2026-03-31T00:10:00Z");
    const [a, b] = await Promise.all([activeSigner(instance(one)), activeSigner(instance(two))]);
    expect(a.kid).toBe(successor.kid);
    expect(b.kid).toBe(successor.kid);
    // A token signed just before the switch still verifies while it lives.
    clock.now = new Date("2026-03-31T00:09:00Z");
    const lastOld = await tokenFrom(instance(one)).catch(() => null);
    expect(lastOld).not.toBeNull();
    advanceTo("2026-03-31T00:12:00Z");
    expect((await verify(lastOld!)).sub).toBe("alice@example.com");

    advanceTo("2026-03-31T00:20:01Z"); // acceptSeconds after the switch: the old key goes
    expect((await currentlyPublished(instance(one))).map((k) => k.kid)).toEqual([successor.kid]);
    expect(await one.signingKey.count()).toBe(1);
    await expect(verify(oldToken)).rejects.toThrow();
  });

  it("a wrong secret cannot decrypt the keys, and says which setting to fix", async () => {
    const wrong = { ...instance(one), identityProvider: { ...settings, keySecret: "another-secret-entirely-0123456789abcdef" } };
    await expect(activeSigner(wrong)).rejects.toThrow(/FRONTDESK_SIGNING_KEY_SECRET/);
  });
});
