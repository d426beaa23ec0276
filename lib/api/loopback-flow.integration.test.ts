// The RFC 8252 loopback variant with PKCE against PostgreSQL, through the token endpoint.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { apiCall } from "@/lib/testing/api-kit";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { startDeviceAuthorization } from "./device-flow";
import { confirmLoopback, LOOPBACK_CODE_SECONDS, loopbackRedirect } from "./loopback-flow";
import { pkceChallenge } from "./token-secrets";

let h: Harness;
let carol: Actor;
const redirectUri = "http://127.0.0.1:49152/callback";
const state = "state-" + "s".repeat(20);

beforeAll(async () => {
  h = await createHarness();
  carol = await h.person("carol", ["engineering"]);
});
afterAll(async () => h?.close());

async function confirmed(verifier = randomBytes(32).toString("base64url")) {
  const started = await startDeviceAuthorization(h, { deviceName: "laptop", portalUrl: "http://frontdesk.test", codeChallenge: pkceChallenge(verifier) });
  const { redirect } = await confirmLoopback(h, { actor: carol, userCode: started.user_code, redirectUri, state });
  const back = new URL(redirect);
  return { started, verifier, back, code: back.searchParams.get("code") ?? "" };
}

const exchange = (code: string, verifier: string, uri = redirectUri) =>
  apiCall(h, "POST", "/api/v1/auth/token", { body: { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: uri } });

describe("loopback sign-in with PKCE", () => {
  it("sends the browser back to the loopback address with a one-time code and the state; the verifier redeems it once", async () => {
    const { started, verifier, back, code } = await confirmed();
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe(state);
    expect(code).not.toBe(started.device_code);
    const ok = await exchange(code, verifier);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "Bearer" });
    expect((await apiCall(h, "GET", "/api/v1/me", { token: ok.body.access_token })).body).toMatchObject({ email: "carol@example.com" });
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "invalid_grant" });
    const poll = await apiCall(h, "POST", "/api/v1/auth/token", {
      body: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: started.device_code, code_verifier: verifier },
    });
    expect(poll.body).toEqual({ error: "invalid_grant" });
    const actions = (await h.db.auditEvent.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["api-device.confirmed", "api-device.loopback-code"]));
  });

  it("refuses a wrong verifier, and the code stays unusable by anyone without the right one", async () => {
    const { verifier, code } = await confirmed();
    const wrong = randomBytes(32).toString("base64url");
    expect((await exchange(code, wrong)).body).toEqual({ error: "invalid_grant" });
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it("refuses a redirect that is not loopback, at the page and at the exchange", async () => {
    for (const bad of [
      "http://evil.example:8080/cb",
      "https://127.0.0.1:8080/cb",
      "http://localhost:8080/cb",
      "http://127.0.0.1/cb",
      "http://a@127.0.0.1:1/cb",
    ])
      expect(loopbackRedirect(bad)).toBeNull();
    expect(loopbackRedirect("http://[::1]:8080/cb")).not.toBeNull();
    const verifier = randomBytes(32).toString("base64url");
    const started = await startDeviceAuthorization(h, { deviceName: "laptop", portalUrl: "http://frontdesk.test", codeChallenge: pkceChallenge(verifier) });
    await expect(confirmLoopback(h, { actor: carol, userCode: started.user_code, redirectUri: "http://evil.example:8080/cb", state })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(confirmLoopback(h, { actor: carol, userCode: started.user_code, redirectUri, state: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const { code, verifier: good } = await confirmed();
    expect((await exchange(code, good, "http://evil.example:8080/cb")).body).toEqual({ error: "invalid_grant" });
  });

  it("refuses a code that waited too long, and a device code started without a challenge", async () => {
    const { code, verifier } = await confirmed();
    h.clock.now = new Date(h.clock.now.getTime() + (LOOPBACK_CODE_SECONDS + 1) * 1000);
    expect((await exchange(code, verifier)).body).toEqual({ error: "invalid_grant" });
    const plain = await startDeviceAuthorization(h, { deviceName: "ci", portalUrl: "http://frontdesk.test" });
    await expect(confirmLoopback(h, { actor: carol, userCode: plain.user_code, redirectUri, state })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
