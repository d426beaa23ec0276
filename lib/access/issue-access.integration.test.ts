// Minting access against moto (STS) and the console federation stand-in: the credentials work,
// carry the person and the request, never outlive the window, and are never stored.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsGateway } from "@/lib/aws/gateway";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { refusal } from "@/lib/testing/refusal";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { issueConsoleLink, issueCredentials } from "./issue-access";

let h: Harness;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  h = await createHarness({ withFederation: true });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
});
afterAll(() => h.close());

async function approvedRequest(durationMinutes = 120) {
  await h.retire(alice);
  const request = await createRequest(h, {
    actor: alice,
    input: { roleId: "dev", justification: "Rotate keys", durationMinutes },
  });
  await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
  return request;
}

describe("credentials", () => {
  it("are a working AWS session named after the person and the request", async () => {
    const request = await approvedRequest();
    const credentials = await issueCredentials(h, { actor: alice, requestId: request.id });

    const sts = new STSClient({
      region: "us-east-1",
      endpoint: h.motoUrl,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const sessionName = `alice@example.com-${request.id.slice(-8)}`;
    expect(identity.Arn).toBe(`arn:aws:sts::123456789012:assumed-role/FrontdeskDeveloper/${sessionName}`);

    // moto does not check these, so assert what was sent.
    expect(h.assumeRoleCalls.at(-1)).toEqual({
      roleArn: "arn:aws:iam::123456789012:role/FrontdeskDeveloper",
      sessionName,
      sourceIdentity: "alice@example.com",
      durationSeconds: 3600, // the window has 2 h left; the role's sessions last at most 1 h
      tags: [
        { Key: "frontdesk:request-id", Value: request.id },
        { Key: "frontdesk:requester", Value: "alice@example.com" },
        { Key: "frontdesk:mfa", Value: "false" },
        { Key: "frontdesk:approvers", Value: "bob@example.com" },
      ],
      transitiveTagKeys: [],
      externalId: undefined,
      policy: undefined,
      policyArns: [],
    });
  });

  it("are recorded as an issuance without any secret", async () => {
    const request = await approvedRequest();
    const credentials = await issueCredentials(h, { actor: alice, requestId: request.id });
    const issuances = await h.db.issuance.findMany({ where: { requestId: request.id } });
    expect(issuances).toHaveLength(1);
    expect(issuances[0]).toMatchObject({ kind: "CREDENTIALS", sourceIdentity: "alice@example.com", userId: alice.id });
    expect(issuances[0]!.assumedRoleId).toMatch(/:alice@example\.com-/);

    const stored = JSON.stringify([issuances, await h.db.auditEvent.findMany({ where: { requestId: request.id } })], (_k, v) =>
      typeof v === "bigint" ? String(v) : v,
    );
    expect(stored).not.toContain(credentials.secretAccessKey);
    expect(stored).not.toContain(credentials.sessionToken);
    expect(stored).toContain("access.credentials-issued");
  });

  it("last only for the rest of the window", async () => {
    const request = await approvedRequest(30);
    h.clock.now = new Date(h.clock.now.getTime() + 10 * 60_000);
    await issueCredentials(h, { actor: alice, requestId: request.id });
    expect(h.assumeRoleCalls.at(-1)?.durationSeconds).toBe(20 * 60);

    // Six more minutes: 14 left, below AWS's 15-minute floor. Refuse rather than overrun.
    h.clock.now = new Date(h.clock.now.getTime() + 6 * 60_000);
    const calls = h.assumeRoleCalls.length;
    const error = await refusal(issueCredentials(h, { actor: alice, requestId: request.id }));
    expect(error.code).toBe("WINDOW_CLOSED");
    expect(error.userMessage).toMatch(/ends in 14 min/);
    expect(h.assumeRoleCalls).toHaveLength(calls);
  });

  it("are refused to anyone but the requester, and outside an open window", async () => {
    const request = await approvedRequest();
    expect((await refusal(issueCredentials(h, { actor: bob, requestId: request.id }))).code).toBe("NOT_FOUND");

    await h.retire(alice);
    const pending = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Check the deploy logs", durationMinutes: 60 } });
    expect((await refusal(issueCredentials(h, { actor: alice, requestId: pending.id }))).code).toBe("WINDOW_CLOSED");

    const ended = await approvedRequest(60);
    h.clock.now = new Date(h.clock.now.getTime() + 61 * 60_000);
    expect((await refusal(issueCredentials(h, { actor: alice, requestId: ended.id }))).code).toBe("WINDOW_CLOSED");
  });

  it("are refused once the person's groups no longer allow the role", async () => {
    const request = await approvedRequest();
    const moved = { ...alice, groups: ["marketing"] };
    expect((await refusal(issueCredentials(h, { actor: moved, requestId: request.id }))).code).toBe("FORBIDDEN");
  });
});

describe("catalog session settings", () => {
  it("send the role's external id, session policies, extra tags and transitive keys", async () => {
    const dana = await h.person("dana", ["engineering"], { department: "Payments & Risk" });
    const request = await createRequest(h, { actor: dana, input: { roleId: "scoped", justification: "Audit S3 buckets", durationMinutes: 120 } });
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
    await issueCredentials(h, { actor: dana, requestId: request.id });
    const sent = h.assumeRoleCalls.at(-1)!;
    expect(sent).toMatchObject({
      roleArn: "arn:aws:iam::123456789012:role/ops/FrontdeskScoped",
      externalId: "frontdesk-7f3a",
      policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}',
      policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      transitiveTagKeys: ["cost-center"],
      durationSeconds: 7200,
    });
    expect(sent.tags).toEqual([
      { Key: "frontdesk:request-id", Value: request.id },
      { Key: "frontdesk:requester", Value: "dana@example.com" },
      { Key: "frontdesk:mfa", Value: "false" },
      { Key: "frontdesk:approvers", Value: "bob@example.com" },
      { Key: "cost-center", Value: "cc-1234" },
      { Key: "department", Value: "Payments - Risk" },
    ]);
  });

  it("cap sessions at one hour when Frontdesk runs on role credentials", async () => {
    const erin = await h.person("erin", ["engineering"]);
    const request = await createRequest(h, { actor: erin, input: { roleId: "scoped", justification: "Long batch job", durationMinutes: 180 } });
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
    await issueCredentials(h, { actor: erin, requestId: request.id });
    expect(h.assumeRoleCalls.at(-1)?.durationSeconds).toBe(180 * 60);

    h.brokerCapSeconds = 3600;
    try {
      await issueCredentials(h, { actor: erin, requestId: request.id });
      expect(h.assumeRoleCalls.at(-1)?.durationSeconds).toBe(3600);
      await issueConsoleLink(h, { actor: erin, requestId: request.id });
      expect(h.federation!.requests.findLast((r) => r.action === "getSigninToken")?.sessionDuration).toBeUndefined();
    } finally {
      h.brokerCapSeconds = 43_200;
    }
  });
});

describe("console link", () => {
  it("goes through the federation endpoint with a sign-in token for the window", async () => {
    const request = await approvedRequest(45);
    const link = new URL(await issueConsoleLink(h, { actor: alice, requestId: request.id }));
    expect(`${link.origin}${link.pathname}`).toBe(h.federation!.url);
    expect(link.searchParams.get("Action")).toBe("login");
    expect(link.searchParams.get("SigninToken")).toMatch(/.{16,}/);
    expect(link.searchParams.get("Destination")).toBe("https://console.aws.amazon.com/");
    expect(link.searchParams.get("Issuer")).toBe("http://frontdesk.test");

    const tokenRequest = h.federation!.requests.findLast((r) => r.action === "getSigninToken");
    expect(tokenRequest).toMatchObject({ status: 200, sessionDuration: 45 * 60 });
    expect(tokenRequest?.arn).toMatch(/assumed-role\/FrontdeskDeveloper\/alice@example\.com-/);

    // The stand-in redeems the token like the console would.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("assumed-role/FrontdeskDeveloper/alice@example.com-");
    expect(await h.db.issuance.count({ where: { requestId: request.id, kind: "CONSOLE" } })).toBe(1);
  });

  it("says clearly when AWS is unreachable, and issues nothing", async () => {
    const request = await approvedRequest();
    // Nothing listens on the discard port: the real SDK fails to connect.
    const offline = { ...h, aws: createAwsGateway({ region: "us-east-1", stsEndpoint: "http://127.0.0.1:9", issuer: "http://frontdesk.test" }) };
    const error = await refusal(issueConsoleLink(offline, { actor: alice, requestId: request.id }));
    expect(error.code).toBe("AWS_ERROR");
    expect(error.userMessage).toBe("Frontdesk could not reach AWS. Try again in a minute.");
    expect(await h.db.issuance.count({ where: { requestId: request.id } })).toBe(0);
  });
});
