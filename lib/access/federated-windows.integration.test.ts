// Federated sessions stay inside the approved window, in both modes: the token or assertion lives
// minutes, DurationSeconds / SessionDuration is at most the window's remaining time and the role's
// maximum, nothing is minted in the last minutes AWS could not honour, and once the window is over
// Frontdesk signs nothing more (a token captured earlier expired long before the window's end).
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { advance } from "@/lib/testing/revocation-kit";
import { issueConsoleSignIn, issueCredentials } from "./issue-access";

const role = (id: string, mint: string, maxSessionDuration: string) =>
  `  - { id: ${id}, name: ${id}, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Frontdesk-${id}", maxDuration: 8h, maxSessionDuration: ${maxSessionDuration}, mint: ${mint}, requesters: [engineering], approvers: [security] }\n`;
const CATALOG = `accounts: [{ id: "123456789012", name: Sandbox }]\nroles:\n${role("wi", "web-identity", "4h")}${role("saml", "saml", "12h")}${role("saml-short", "saml", "1h")}`;

let h: Harness;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  h = await createHarness({ catalog: CATALOG, withFederation: true });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
}, 60_000);
afterAll(() => h.close());

async function grant(roleId: string, durationMinutes: number): Promise<{ requestId: string; endsAt: Date }> {
  await h.retire(alice);
  const request = await createRequest(h, { actor: alice, input: { roleId, justification: "Window check", durationMinutes } });
  await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
  const { endsAt } = await h.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
  return { requestId: request.id, endsAt: endsAt! };
}
const remainingSeconds = (endsAt: Date) => Math.floor((endsAt.getTime() - h.now().getTime()) / 1000);
const lastCall = () => h.federatedCalls.at(-1)!;
/** What AWS reads from the SAML response: SessionDuration, and when the session must end. */
function samlSession(base64: string) {
  const xml = Buffer.from(base64, "base64").toString("utf8");
  const duration = Number(/SessionDuration"><saml:AttributeValue>(\d+)</.exec(xml)?.[1]);
  const notOnOrAfter = /<saml:Conditions NotBefore="([^"]+)" NotOnOrAfter="([^"]+)"/.exec(xml)!;
  const sessionEnd = new Date(/SessionNotOnOrAfter="([^"]+)"/.exec(xml)![1]!);
  return { duration, assertionSeconds: (Date.parse(notOnOrAfter[2]!) - Date.parse(notOnOrAfter[1]!)) / 1000, sessionEnd };
}

describe("federated sessions inside the approved window", () => {
  it("web-identity: a five-minute token, DurationSeconds at most the role's maximum and the window's remaining time", async () => {
    const { requestId, endsAt } = await grant("wi", 300);
    await issueCredentials(h, { actor: alice, requestId });
    expect(lastCall().durationSeconds).toBe(4 * 3600); // the role's maximum binds
    const claims = decodeJwt(lastCall().webIdentityToken!);
    expect(claims.exp! - claims.iat!).toBe(300);

    advance(h, 4 * 3600 + 17);
    await issueCredentials(h, { actor: alice, requestId });
    expect(lastCall().durationSeconds).toBe(remainingSeconds(endsAt)); // the window binds
    expect(lastCall().durationSeconds).toBeLessThan(3600);
    await issueConsoleSignIn(h, { actor: alice, requestId });
    expect(lastCall().durationSeconds).toBe(remainingSeconds(endsAt));
  });

  it("saml: SessionDuration and SessionNotOnOrAfter never pass the window's end or the role's maximum", async () => {
    const { requestId, endsAt } = await grant("saml", 300);
    advance(h, 3 * 3600);
    await issueCredentials(h, { actor: alice, requestId });
    const credentials = samlSession(lastCall().samlAssertion!);
    expect(credentials.duration).toBe(2 * 3600);
    expect(credentials.sessionEnd.getTime()).toBeLessThanOrEqual(endsAt.getTime());
    expect(credentials.assertionSeconds).toBe(300);
    const console = samlSession((await issueConsoleSignIn(h, { actor: alice, requestId })).samlResponse!);
    expect(console.duration).toBe(2 * 3600);
    expect(console.sessionEnd.getTime()).toBeLessThanOrEqual(endsAt.getTime());

    const short = await grant("saml-short", 180);
    await issueCredentials(h, { actor: alice, requestId: short.requestId });
    expect(samlSession(lastCall().samlAssertion!).duration).toBe(3600); // the role's maximum binds
  });

  it("in the last minutes (less than AWS's 15-minute floor) nothing is signed, in either mode", async () => {
    for (const roleId of ["wi", "saml"]) {
      const { requestId, endsAt } = await grant(roleId, 60);
      advance(h, 50 * 60);
      const before = h.federatedCalls.length;
      expect(remainingSeconds(endsAt)).toBe(600);
      expect(await refusal(issueCredentials(h, { actor: alice, requestId }))).toMatchObject({ code: "WINDOW_CLOSED" });
      expect(await refusal(issueConsoleSignIn(h, { actor: alice, requestId }))).toMatchObject({ code: "WINDOW_CLOSED" });
      expect(h.federatedCalls.length).toBe(before);
    }
  });

  it("after the window, Frontdesk mints nothing; the last token it signed had expired ten minutes before the window's end", async () => {
    const { requestId, endsAt } = await grant("wi", 60);
    advance(h, 45 * 60); // the last moment a session can still be minted: 15 minutes left
    await issueCredentials(h, { actor: alice, requestId });
    const last = decodeJwt(lastCall().webIdentityToken!);
    expect(last.exp! * 1000).toBeLessThanOrEqual(endsAt.getTime() - 600_000);
    advance(h, 15 * 60 + 1);
    const before = h.federatedCalls.length;
    expect(await refusal(issueCredentials(h, { actor: alice, requestId }))).toMatchObject({ code: "WINDOW_CLOSED" });
    expect(await refusal(issueConsoleSignIn(h, { actor: alice, requestId }))).toMatchObject({ code: "WINDOW_CLOSED" });
    expect(h.federatedCalls.length).toBe(before);
  });
});
