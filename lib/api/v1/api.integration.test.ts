// /api/v1 against PostgreSQL and moto: every endpoint through the same dispatcher the route files
// use, with the refusals a token must meet (none, revoked, expired, capped, signed out, stale).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endAllSessions } from "@/lib/auth/session-version";
import type { Actor } from "@/lib/policy/access";
import { apiCall, deviceTokens } from "@/lib/testing/api-kit";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { startDeviceAuthorization, redeemDeviceCode, confirmDevice } from "../device-flow";
import { pkceChallenge } from "../token-secrets";
import { handleApi } from "./handle";
import { DEVICE_STARTS_PER_HOUR } from "./routes";

let h: Harness;
let alice: Actor;
let bob: Actor;
let carol: Actor;
let aliceToken: string;
let bobToken: string;

const advance = (seconds: number) => (h.clock.now = new Date(h.clock.now.getTime() + seconds * 1000));
const auditActions = async () => (await h.db.auditEvent.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action);

beforeAll(async () => {
  h = await createHarness();
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  carol = await h.person("carol", ["engineering"]);
});
afterAll(async () => h?.close());

describe("device sign-in", () => {
  it("answers pending until confirmed, then one token pair, once; issues are audited", async () => {
    const started = await startDeviceAuthorization(h, { deviceName: "ci box", portalUrl: "http://frontdesk.test" });
    expect(started.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    const poll = () =>
      apiCall(h, "POST", "/api/v1/auth/token", { body: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: started.device_code } });
    expect((await poll()).body).toEqual({ error: "authorization_pending" });
    advance(5);
    await confirmDevice(h, { actor: carol, userCode: started.user_code.toLowerCase().replace("-", ""), approve: true });
    const ok = await poll();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect((await poll()).body.error).toBe("invalid_grant");
    const me = await apiCall(h, "GET", "/api/v1/me", { token: ok.body.access_token });
    expect(me.body).toMatchObject({ email: "carol@example.com", groups: ["engineering"] });
    // Stored hashed: the secret itself is nowhere in the table.
    const rows = await h.db.apiToken.findMany();
    expect(JSON.stringify(rows)).not.toContain(ok.body.access_token);
    expect(await auditActions()).toContain("api-token.issued");
  });

  it("a refused code gives access_denied; an expired one expired_token", async () => {
    const refused = await startDeviceAuthorization(h, { deviceName: "x", portalUrl: "http://frontdesk.test" });
    await confirmDevice(h, { actor: carol, userCode: refused.user_code, approve: false });
    await expect(redeemDeviceCode(h, { deviceCode: refused.device_code })).rejects.toMatchObject({ error: "access_denied" });
    const late = await startDeviceAuthorization(h, { deviceName: "x", portalUrl: "http://frontdesk.test" });
    advance(601);
    await expect(redeemDeviceCode(h, { deviceCode: late.device_code })).rejects.toMatchObject({ error: "expired_token" });
    await expect(confirmDevice(h, { actor: carol, userCode: late.user_code, approve: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("starting sign-ins is limited per address, with Retry-After", async () => {
    const start = () =>
      handleApi(h, new Request("http://frontdesk.test/api/v1/auth/device", { method: "POST", body: "{}" }), {
        portalUrl: "http://frontdesk.test",
        clientIp: "203.0.113.9",
      });
    for (let i = 0; i < DEVICE_STARTS_PER_HOUR; i++) expect((await start()).status).toBe(200);
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });

  it("a code started with a PKCE challenge is only redeemed with its verifier", async () => {
    const verifier = "v".repeat(43) + "erifier-for-the-loopback-variant";
    const started = await startDeviceAuthorization(h, { deviceName: "desktop", portalUrl: "http://frontdesk.test", codeChallenge: pkceChallenge(verifier) });
    await confirmDevice(h, { actor: carol, userCode: started.user_code, approve: true });
    await expect(redeemDeviceCode(h, { deviceCode: started.device_code })).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(redeemDeviceCode(h, { deviceCode: started.device_code, codeVerifier: "w".repeat(43) })).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await redeemDeviceCode(h, { deviceCode: started.device_code, codeVerifier: verifier })).toMatchObject({ token_type: "Bearer" });
  });
});

describe("tokens", () => {
  it("no token, a made-up token: sign in again with the command to run", async () => {
    for (const token of [undefined, "fd_at_madeupmadeupmadeupmadeup"]) {
      const answer = await apiCall(h, "GET", "/api/v1/me", { token });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringContaining("run `frontdesk login`") });
    }
  });

  it("an expired access token is refused; the refresh rotates; a reused refresh token signs the device out", async () => {
    const dave = await h.person("dave", ["engineering"]);
    const first = await deviceTokens(h, dave);
    advance(16 * 60);
    expect((await apiCall(h, "GET", "/api/v1/me", { token: first.access_token })).status).toBe(401);
    const refreshed = await apiCall(h, "POST", "/api/v1/auth/token", { body: { grant_type: "refresh_token", refresh_token: first.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect((await apiCall(h, "GET", "/api/v1/me", { token: refreshed.body.access_token })).status).toBe(200);
    const reused = await apiCall(h, "POST", "/api/v1/auth/token", { body: { grant_type: "refresh_token", refresh_token: first.refresh_token } });
    expect(reused.body).toMatchObject({ error: "invalid_grant", error_description: expect.stringContaining("frontdesk login") });
    expect((await apiCall(h, "GET", "/api/v1/me", { token: refreshed.body.access_token })).status).toBe(401);
    expect(await auditActions()).toEqual(expect.arrayContaining(["api-token.refreshed", "api-token.revoked"]));
  });

  it("the session cap and sign-out of all sessions end tokens too", async () => {
    const erin = await h.person("erin", ["engineering"]);
    const capped = await deviceTokens(h, erin);
    advance(8 * 3600 + 60);
    const late = await apiCall(h, "POST", "/api/v1/auth/token", { body: { grant_type: "refresh_token", refresh_token: capped.refresh_token } });
    expect(late.status).toBe(400);
    const fresh = await h.person("erin2", ["engineering"]);
    const tokens = await deviceTokens(h, fresh);
    expect((await apiCall(h, "GET", "/api/v1/me", { token: tokens.access_token })).status).toBe(200);
    await endAllSessions(h.db, { userId: fresh.id, actorId: fresh.id, reason: "signed-out" }, h.now());
    expect((await apiCall(h, "GET", "/api/v1/me", { token: tokens.access_token })).status).toBe(401);
    expect((await apiCall(h, "POST", "/api/v1/auth/token", { body: { grant_type: "refresh_token", refresh_token: tokens.refresh_token } })).status).toBe(400);
  });

  it("group changes apply at once: the person's groups are read on every call", async () => {
    const fay = await h.person("fay", ["engineering"]);
    const { access_token } = await deviceTokens(h, fay);
    expect((await apiCall(h, "GET", "/api/v1/roles", { token: access_token })).body.map((r: { id: string }) => r.id)).toContain("dev");
    await h.db.user.update({ where: { id: fay.id }, data: { groups: [] } });
    expect((await apiCall(h, "GET", "/api/v1/roles", { token: access_token })).body).toEqual([]);
  });

  it("devices: listed for their owner; revoked by the owner or an admin, not by someone else; revoked means refused", async () => {
    const gus = await h.person("gus", ["engineering"]);
    const root = await h.person("root", ["admins"]);
    const mine = await deviceTokens(h, gus, "gus laptop");
    const list = await apiCall(h, "GET", "/api/v1/devices", { token: mine.access_token });
    expect(list.body.items).toEqual([expect.objectContaining({ deviceName: "gus laptop", current: true })]);
    const id = list.body.items[0].id as string;
    const foreign = await apiCall(h, "DELETE", `/api/v1/devices/${id}`, { token: (await deviceTokens(h, alice)).access_token });
    expect(foreign.status).toBe(404);
    expect(await h.db.auditEvent.count({ where: { action: "api-token.revoke", result: "refused", targetId: id } })).toBe(1);
    const rootToken = (await deviceTokens(h, root)).access_token;
    expect((await apiCall(h, "DELETE", `/api/v1/devices/${id}`, { token: rootToken })).body).toEqual({ revoked: true });
    const after = await apiCall(h, "GET", "/api/v1/me", { token: mine.access_token });
    expect(after.body.error.message).toContain("run `frontdesk login`");
  });
});

describe("requests through the API", () => {
  let requestId = "";
  beforeAll(async () => {
    aliceToken = (await deviceTokens(h, alice)).access_token;
    bobToken = (await deviceTokens(h, bob)).access_token;
  });

  it("roles: only what the person may request, with search", async () => {
    const roles = await apiCall(h, "GET", "/api/v1/roles", { token: aliceToken });
    expect(roles.body.map((r: { id: string }) => r.id).sort()).toEqual(["dev", "prod", "scoped"]);
    expect((await apiCall(h, "GET", "/api/v1/roles?search=develop", { token: aliceToken })).body.map((r: { id: string }) => r.id)).toEqual(["dev"]);
  });

  it("a role the person may not request is refused, as in the form", async () => {
    const answer = await apiCall(h, "POST", "/api/v1/requests", {
      token: aliceToken,
      body: { roles: ["admin"], durationMinutes: 60, justification: "Need admin" },
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body.error.code).not.toBe("INTERNAL");
    expect(await h.db.accessRequest.count({ where: { roleId: "admin" } })).toBe(0);
  });

  it("creates, reads, waits, and is approved by an approver", async () => {
    const created = await apiCall(h, "POST", "/api/v1/requests", {
      token: aliceToken,
      body: { roles: ["dev"], durationMinutes: 60, justification: "Fix the deploy" },
    });
    expect(created.status).toBe(201);
    requestId = created.body.id;
    expect(created.body).toMatchObject({ status: "PENDING", roleId: "dev", setId: null, roles: [{ requestId, roleId: "dev", status: "PENDING" }] });
    const waited = await apiCall(h, "GET", `/api/v1/requests/${requestId}/wait?timeout=0`, { token: aliceToken });
    expect(waited.body.status).toBe("PENDING");
    expect((await apiCall(h, "POST", `/api/v1/requests/${requestId}/approve`, { token: aliceToken, body: {} })).status).toBe(404);
    const approved = await apiCall(h, "POST", `/api/v1/requests/${requestId}/approve`, { token: bobToken, body: { comment: "ok" } });
    expect(approved.body).toMatchObject({ status: "ACTIVE", changed: true });
  });

  it("several roles make one request: one approval opens every role's grant, each minting its own credentials", async () => {
    const dana = await h.person("dana", ["engineering"]);
    const danaToken = (await deviceTokens(h, dana)).access_token;
    const created = await apiCall(h, "POST", "/api/v1/requests", {
      token: danaToken,
      body: { roles: ["dev", "prod"], durationMinutes: 60, justification: "Compare the two roles", ticket: "OPS-9" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "PENDING", setId: expect.any(String), approvals: { count: 0, required: 2 } });
    expect(created.body.roles.map((r: { roleId: string }) => r.roleId)).toEqual(["dev", "prod"]);
    expect(await h.db.accessRequest.count({ where: { requesterId: dana.id } })).toBe(2);
    // A role the person may not request refuses the whole request, by name.
    const refused = await apiCall(h, "POST", "/api/v1/requests", {
      token: danaToken,
      body: { roles: ["dev", "admin"], durationMinutes: 60, justification: "Try admin" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("You may not request Administrator (Sandbox 123456789012).");
  });

  it("another person's request is not found", async () => {
    const carolToken = (await deviceTokens(h, carol)).access_token;
    expect((await apiCall(h, "GET", `/api/v1/requests/${requestId}`, { token: carolToken })).status).toBe(404);
    expect((await apiCall(h, "POST", `/api/v1/requests/${requestId}/credentials`, { token: carolToken })).status).toBe(404);
  });

  it("mints credentials and a console link in the window", async () => {
    const creds = await apiCall(h, "POST", `/api/v1/requests/${requestId}/credentials`, { token: aliceToken });
    expect(creds.status).toBe(200);
    expect(creds.body).toMatchObject({ accessKeyId: expect.any(String), roleArn: "arn:aws:iam::123456789012:role/FrontdeskDeveloper", profileName: "dev" });
    const console = await apiCall(h, "POST", `/api/v1/requests/${requestId}/console`, { token: aliceToken });
    expect(console.status).not.toBe(404);
  });

  it("extend: more time on one's own active grant, decided by an approver; never on another person's", async () => {
    const before = (await h.db.accessRequest.findUniqueOrThrow({ where: { id: requestId } })).endsAt!;
    const body = { durationMinutes: 60, justification: "The fix takes longer" };
    const carolToken = (await deviceTokens(h, carol)).access_token;
    expect((await apiCall(h, "POST", `/api/v1/requests/${requestId}/extend`, { token: carolToken, body })).status).toBe(404);
    expect((await apiCall(h, "POST", `/api/v1/requests/${requestId}/extend`, { token: bobToken, body })).status).toBe(404);
    const asked = await apiCall(h, "POST", `/api/v1/requests/${requestId}/extend`, { token: aliceToken, body });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ kind: "EXTENSION", status: "PENDING", roleId: "dev", justification: "The fix takes longer" });
    expect((await apiCall(h, "POST", `/api/v1/requests/${asked.body.id}/approve`, { token: aliceToken, body: {} })).status).toBe(404);
    const approved = await apiCall(h, "POST", `/api/v1/requests/${asked.body.id}/approve`, { token: bobToken, body: {} });
    expect(approved.body.changed).toBe(true);
    const after = (await h.db.accessRequest.findUniqueOrThrow({ where: { id: requestId } })).endsAt!;
    expect(after.getTime() - before.getTime()).toBe(60 * 60 * 1000);
    const audited = await h.db.auditEvent.findMany({ where: { requestId: asked.body.id }, orderBy: { seq: "asc" } });
    expect(audited.map((e) => e.actorId)).toEqual(expect.arrayContaining([alice.id, bob.id]));
  });

  it("lists with cursor pagination past a hundred requests, and refuses another person's cursor", async () => {
    await h.retire(alice);
    for (const role of ["dev", "scoped"]) {
      await apiCall(h, "POST", "/api/v1/requests", { token: aliceToken, body: { roles: [role], durationMinutes: 60, justification: "Paging test" } });
    }
    const first = await apiCall(h, "GET", "/api/v1/requests?limit=2", { token: aliceToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBe(first.body.items[1].id);
    const second = await apiCall(h, "GET", `/api/v1/requests?limit=2&cursor=${first.body.nextCursor}`, { token: aliceToken });
    expect(second.body.items.map((r: { id: string }) => r.id)).toContain(requestId);

    // A long history: every request comes back exactly once, newest first, across pages.
    const many = await h.person("many", ["engineering"]);
    const created = Array.from({ length: 130 }, (_, i) => ({
      requesterId: many.id,
      accountId: "123456789012",
      roleId: "dev",
      ruleId: "dev-rule",
      status: "DENIED" as const,
      justification: `Old request ${i}`,
      durationSeconds: 3600,
      createdAt: new Date(h.now().getTime() - (i % 65) * 60_000),
    }));
    await h.db.accessRequest.createMany({ data: created });
    const token = (await deviceTokens(h, many)).access_token;
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const answer = await apiCall(h, "GET", `/api/v1/requests?limit=50${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen.map((r) => r.id)).size).toBe(130);
    expect(seen.map((r) => r.createdAt)).toEqual([...seen.map((r) => r.createdAt)].sort().reverse());

    const foreign = await apiCall(h, "GET", `/api/v1/requests?cursor=${requestId}`, { token });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe("INVALID_INPUT");
  });

  it("cancel and end one's own; deny by an approver", async () => {
    const { items } = (await apiCall(h, "GET", "/api/v1/requests?limit=2", { token: aliceToken })).body;
    const [scoped, dev] = items;
    expect((await apiCall(h, "POST", `/api/v1/requests/${scoped.id}/cancel`, { token: aliceToken })).body.status).toBe("CANCELLED");
    expect((await apiCall(h, "POST", `/api/v1/requests/${dev.id}/deny`, { token: bobToken, body: { comment: "not now" } })).body.status).toBe("DENIED");
    expect((await apiCall(h, "POST", `/api/v1/requests/${requestId}/end`, { token: aliceToken })).body.status).toBe("ENDED");
  });

  it("a stale sign-in cannot decide: REAUTH_REQUIRED with the command to run", async () => {
    const harry = await h.person("harry", ["engineering"]);
    const pending = await apiCall(h, "POST", "/api/v1/requests", {
      token: (await deviceTokens(h, harry)).access_token,
      body: { roles: ["dev"], durationMinutes: 60, justification: "Stale test" },
    });
    const stale = await h.person("stale-approver", ["security"]);
    const old = { ...stale, authTime: new Date(h.now().getTime() - 2 * 3600 * 1000) };
    const token = (await deviceTokens(h, old)).access_token;
    const answer = await apiCall(h, "POST", `/api/v1/requests/${pending.body.id}/approve`, { token, body: {} });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ code: "REAUTH_REQUIRED", message: expect.stringContaining("frontdesk login") });
  });

  it("bad input is refused with field errors, in the same shape", async () => {
    const answer = await apiCall(h, "POST", "/api/v1/requests", { token: aliceToken, body: { roles: ["dev"], durationMinutes: 1, justification: "x" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "INVALID_INPUT", fieldErrors: expect.any(Object), link: null });
  });
});
