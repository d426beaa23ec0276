// The admin view of the identity provider's keys, against PostgreSQL: each key's dates and status
// through a rotation, the next rotation, where the documents go; never key material; not found for
// anyone but an admin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { listSigningKeysAsAdmin } from "./list-signing-keys";
import { ensureSigningKeys } from "./signing-keys";

let h: Harness;
let ada: Actor;
let alice: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false, identityProvider: { publishDir: "/srv/frontdesk-idp", publishBucket: "frontdesk-idp" } });
  ada = await h.person("ada", ["admins"]);
  alice = await h.person("alice", ["engineering"]);
});
afterAll(() => h.close());

describe("signing keys for admins", () => {
  it("is not found for anyone but an admin", async () => {
    expect(await refusal(listSigningKeysAsAdmin(h, { actor: alice }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists each key's dates and status through a rotation, the next rotation and where the documents go", async () => {
    await ensureSigningKeys(h);
    let view = await listSigningKeysAsAdmin(h, { actor: ada });
    expect(view.configured).toBe(true);
    expect(view.keys).toEqual([
      expect.objectContaining({ generation: 1, status: "signing", signsFrom: h.now(), signsUntil: null, publishedUntil: null, origin: "generated" }),
    ]);
    // 30 days of rotation, the successor published an hour (the lead) before it signs.
    expect(view.nextRotation).toEqual({ createdAt: new Date("2026-04-01T08:00:00Z"), signsFrom: new Date("2026-04-01T09:00:00Z") });
    expect(view.publication).toEqual({
      discovery: "http://frontdesk.test/aws-idp/.well-known/openid-configuration",
      jwks: "http://frontdesk.test/aws-idp/jwks.json",
      samlMetadata: "http://frontdesk.test/aws-idp/saml/metadata",
      directory: "/srv/frontdesk-idp",
      bucket: "frontdesk-idp",
    });

    h.clock.now = new Date("2026-04-01T08:30:00Z");
    await ensureSigningKeys(h);
    view = await listSigningKeysAsAdmin(h, { actor: ada });
    expect(view.keys.map((k) => k.status)).toEqual(["signing", "published, signs later"]);
    expect(view.nextRotation).toEqual({ createdAt: new Date("2026-04-01T08:30:00Z"), signsFrom: new Date("2026-04-01T09:30:00Z") });

    h.clock.now = new Date("2026-04-01T09:31:00Z");
    view = await listSigningKeysAsAdmin(h, { actor: ada });
    expect(view.keys.map((k) => k.status)).toEqual(["retiring (still published)", "signing"]);
    // Published until every token it signed has expired: 5 minutes of life plus 5 of clock margin.
    expect(view.keys[0]).toMatchObject({ signsUntil: new Date("2026-04-01T09:30:00Z"), publishedUntil: new Date("2026-04-01T09:40:00Z") });

    // Public facts only: no private half, no certificate, no JWK.
    const text = JSON.stringify(view);
    for (const secret of ["PRIVATE KEY", "CERTIFICATE", "privateKeyEncrypted", '"n":', "v1."]) expect(text).not.toContain(secret);
  });

  it("says when Frontdesk is not set up to sign", async () => {
    const view = await listSigningKeysAsAdmin({ ...h, identityProvider: { ...h.identityProvider!, keySecret: undefined } }, { actor: ada });
    expect(view).toMatchObject({ configured: false, keys: [] });
  });
});
