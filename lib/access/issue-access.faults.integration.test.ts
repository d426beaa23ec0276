// Minting through a proxy that fails STS calls on cue, against PostgreSQL and moto: transient
// failures are retried a bounded number of times, everything else fails at once with words that
// say who must fix what, and a failure never issues anything or changes the request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsCallError } from "@/lib/aws/errors";
import type { AwsGateway } from "@/lib/aws/gateway";
import { createConsoleLink } from "@/lib/aws/console-link";
import { assumeRole, createStsClient, type AssumeRoleParams } from "@/lib/aws/sts";
import type { Deps } from "@/lib/context";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { startAwsFaultProxy, type AwsFault, type AwsFaultProxy } from "@/scripts/dev/aws-fault-proxy";
import { issueConsoleLink, issueCredentials } from "./issue-access";

// Distinctive, so a leak into a message would be caught.
const BROKER = { accessKeyId: "AKIAFAULTBROKER00001", secretAccessKey: "fault-broker-secret-never-shown" };
// Short, so a hung STS costs seconds; production uses 3 s and 10 s.
// Long enough for moto under a loaded CI machine; the hang case still shows each attempt timing out.
const REQUEST_TIMEOUT_MS = 2_500;
const DENIED = "User: arn:aws:sts::111111111111:assumed-role/frontdesk-broker/i-0abc is not authorized to perform:";
const ON_ROLE = "on resource: arn:aws:iam::123456789012:role/FrontdeskDeveloper";

let h: Harness;
let proxy: AwsFaultProxy;
let deps: Deps;
let alice: Actor;
let bob: Actor;
const sent: AssumeRoleParams[] = [];

beforeAll(async () => {
  h = await createHarness({
    withFederation: true,
    stsEndpoint: async (motoUrl) => {
      proxy = await startAwsFaultProxy({ target: motoUrl });
      return proxy.url;
    },
  });
  const sts = createStsClient({
    region: "us-east-1",
    endpoint: proxy.url,
    credentials: BROKER,
    connectionTimeoutMs: 500,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const aws: AwsGateway = {
    ...h.aws,
    assumeRole: (params) => {
      sent.push(params);
      return assumeRole(sts, params);
    },
    consoleLink: (input) => createConsoleLink({ ...input, issuer: "http://frontdesk.test", federationUrl: h.federation!.url }),
  };
  deps = { ...h, aws };
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  // moto loads its STS backend on first use: warm it up through the harness's client, whose
  // timeouts are the production ones, so the short-timeout client never meets that delay.
  proxy.script([]);
  await issueCredentials(h, { actor: alice, requestId: (await approvedRequest()).id });
});
afterAll(async () => {
  await proxy?.stop();
  await h?.close();
});

async function approvedRequest() {
  await h.retire(alice);
  const request = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Rotate keys", durationMinutes: 120 } });
  await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
  return request;
}

async function snapshot(requestId: string) {
  const request = await h.db.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, version: true, endsAt: true } });
  const issuances = await h.db.issuance.count({ where: { requestId } });
  // What changed the request; a failed attempt is audited too, as result "failed", and checked apart.
  // The intent recorded before each STS call is checked apart (intents).
  const audit = (await h.db.auditEvent.findMany({ where: { requestId, result: "ok", action: { not: "access.issue-started" } }, select: { action: true } })).map(
    (e) => e.action,
  );
  const intents = (await h.db.issuanceIntent.findMany({ where: { requestId }, select: { status: true } })).map((i) => i.status);
  return { request, issuances, audit, intents };
}

/** Runs one minting call under a fault script and measures what the proxy saw. */
async function mint(faults: AwsFault[], issue: typeof issueCredentials | typeof issueConsoleLink = issueCredentials, using: Deps = deps) {
  const request = await approvedRequest();
  const before = await snapshot(request.id);
  const calls = sent.length;
  proxy.script(faults);
  const started = Date.now();
  const outcome = await issue(using, { actor: alice, requestId: request.id }).then(
    (value) => ({ value, error: null }),
    (error: unknown) => ({ value: null, error }),
  );
  const seen = proxy.requests();
  return {
    ...outcome,
    requestId: request.id,
    before,
    after: await snapshot(request.id),
    elapsedMs: Date.now() - started,
    attempts: proxy.attempts(),
    // One use-case call, however many HTTP attempts the SDK made for it.
    useCaseCalls: sent.length - calls,
    sdkAttempts: seen.map((r) => r.sdkAttempt),
    invocations: new Set(seen.map((r) => r.invocationId)).size,
  };
}

type Minted = Awaited<ReturnType<typeof mint>>;

function expectRefusedWithNothingIssued(result: Minted): AwsCallError {
  expect(result.error).toBeInstanceOf(AwsCallError);
  expect({ ...result.after, intents: [] }).toEqual({ ...result.before, intents: [] });
  expect(result.after.issuances).toBe(0);
  // The intent recorded before STS was called, closed as failed: nothing minted.
  expect(result.after.intents).toEqual([...result.before.intents, "FAILED"]);
  expect(result.after.request.status).toBe("ACTIVE");
  expect(result.after.audit.some((action) => action.endsWith("-issued"))).toBe(false);
  expect(result.useCaseCalls).toBe(1);
  const error = result.error as AwsCallError;
  expect(error.code).toBe("AWS_ERROR");
  for (const secret of [
    BROKER.accessKeyId,
    BROKER.secretAccessKey,
    proxy.url,
    h.motoUrl,
    "127.0.0.1",
    "<",
    "Rate exceeded",
    "111111111111",
    "alice@example.com",
  ]) {
    expect(error.userMessage).not.toContain(secret);
  }
  return error;
}

describe("transient STS failures are retried, at most three attempts in all", () => {
  it("two throttles, then success: one session, one issuance", async () => {
    const result = await mint([{ kind: "throttle" }, { kind: "throttle" }, { kind: "pass" }]);
    expect(result.error).toBeNull();
    expect(result.value).toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
    expect(result.attempts).toBe(3);
    expect(result.sdkAttempts).toEqual([1, 2, 3]);
    expect(result.invocations).toBe(1);
    expect(result.useCaseCalls).toBe(1);
    expect(result.after.issuances).toBe(1);
    expect(result.after.audit.filter((action) => action === "access.credentials-issued")).toHaveLength(1);
  });

  it("three throttles: a throttling message, nothing issued, the request still active", async () => {
    const result = await mint([{ kind: "throttle" }, { kind: "throttle" }, { kind: "throttle" }, { kind: "pass" }]);
    const error = expectRefusedWithNothingIssued(result);
    expect(result.attempts).toBe(3);
    expect(error).toMatchObject({ awsCode: "Throttling", retryable: true, attempts: 3 });
    expect(error.userMessage).toMatch(/too many requests.*\(AWS error: Throttling, 3 attempts\)\. Wait a minute and try again/);
  });

  it("500 twice, then success", async () => {
    const result = await mint([
      { kind: "status", status: 500 },
      { kind: "status", status: 500 },
    ]);
    expect(result.error).toBeNull();
    expect(result.attempts).toBe(3);
    expect(result.after.issuances).toBe(1);
  });

  it("503 three times: a clear error naming AWS's side", async () => {
    const result = await mint([
      { kind: "status", status: 503 },
      { kind: "status", status: 503 },
      { kind: "status", status: 503 },
    ]);
    const error = expectRefusedWithNothingIssued(result);
    expect(result.attempts).toBe(3);
    expect(error).toMatchObject({ awsCode: "ServiceUnavailable", retryable: true });
    expect(error.userMessage).toMatch(/AWS had a temporary problem .*\(AWS error: ServiceUnavailable, 3 attempts\)\. Try again in a minute/);
  });

  it("STS never answering: each attempt times out, then a timeout error within a bounded time", async () => {
    const hang: AwsFault = { kind: "hang", ms: 30_000 };
    const result = await mint([hang, hang, hang]);
    const error = expectRefusedWithNothingIssued(result);
    expect(result.attempts).toBe(3);
    expect(result.sdkAttempts).toEqual([1, 2, 3]);
    expect(error).toMatchObject({ awsCode: "Timeout", retryable: true });
    expect(error.userMessage).toMatch(/^AWS did not answer in time \(3 attempts\)\./);
    // Each attempt waited for its timeout (the figures themselves are in the closing note, not asserted).
    expect(result.elapsedMs).toBeGreaterThanOrEqual(3 * REQUEST_TIMEOUT_MS - 50);
  });

  it("a console link survives a 500 the same way", async () => {
    const result = await mint([{ kind: "status", status: 500 }], issueConsoleLink);
    expect(result.error).toBeNull();
    expect(String(result.value)).toMatch(/Action=login/);
    expect(result.attempts).toBe(2);
    expect(result.after.issuances).toBe(1);
    expect(result.after.audit).toContain("access.console-link-issued");
  });
});

describe("failures someone must fix are not retried", () => {
  const CASES: { title: string; fault: AwsFault & { kind: "error" }; awsCode: string; says: RegExp }[] = [
    {
      title: "AccessDenied",
      fault: { kind: "error", status: 403, code: "AccessDenied", message: `${DENIED} sts:AssumeRole ${ON_ROLE}` },
      awsCode: "AccessDenied",
      says: /refused to let Frontdesk assume the role FrontdeskDeveloper.*trust policy must allow Frontdesk's AWS identity to call sts:AssumeRole/,
    },
    {
      title: "a trust policy without sts:TagSession",
      fault: { kind: "error", status: 403, code: "AccessDenied", message: `${DENIED} sts:TagSession ${ON_ROLE}` },
      awsCode: "TrustPolicyMissingTagSession",
      says: /allow sts:TagSession next to sts:AssumeRole in the role's trust policy/,
    },
    {
      title: "a trust policy without sts:SetSourceIdentity",
      fault: { kind: "error", status: 403, code: "AccessDenied", message: `${DENIED} sts:SetSourceIdentity ${ON_ROLE}` },
      awsCode: "TrustPolicyMissingSetSourceIdentity",
      says: /allow sts:SetSourceIdentity next to sts:AssumeRole/,
    },
    {
      title: "a MaxSessionDuration in IAM below the catalog's",
      fault: {
        kind: "error",
        status: 400,
        code: "ValidationError",
        message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      },
      awsCode: "MaxSessionDurationTooLow",
      says: /refused a 1 h session for the role FrontdeskDeveloper: the role's MaxSessionDuration in IAM is shorter.*maxSessionDuration in the catalog \(at least 1 h\)/,
    },
    {
      title: "STS disabled in the region",
      fault: { kind: "error", status: 403, code: "RegionDisabledException", message: "STS is not activated in this region for account:123456789012." },
      awsCode: "RegionDisabled",
      says: /activate STS for that region/,
    },
    {
      title: "the broker's own token expired",
      fault: { kind: "error", status: 403, code: "ExpiredToken", message: "The security token included in the request is expired" },
      awsCode: "BrokerCredentialsExpired",
      says: /Frontdesk's own AWS credentials have expired/,
    },
  ];

  it.each(CASES)("$title: one attempt, a message that says what to fix", async ({ fault, awsCode, says }) => {
    const result = await mint([fault, { kind: "pass" }]);
    const error = expectRefusedWithNothingIssued(result);
    expect(result.attempts).toBe(1);
    expect(error).toMatchObject({ awsCode, retryable: false, attempts: 1 });
    expect(error.userMessage).toMatch(says);
    expect(error.userMessage).toMatch(/Frontdesk admin/);
    // The failed attempt is on the audit record, with AWS's error class, not its text.
    const failed = await h.db.auditEvent.findMany({ where: { requestId: result.requestId, result: "failed" } });
    expect(failed).toMatchObject([{ action: "access.issue", actorId: alice.id, data: { code: "AWS_ERROR", reason: error.userMessage } }]);
  });

  it("session tags too large: names the catalog's tags to shorten, longest first", async () => {
    const sessionTags = { static: { "cost-center": "c".repeat(120), team: "payments" }, fromClaims: {} };
    const catalog = { ...h.catalog, roles: h.catalog.roles.map((role) => (role.id === "dev" ? { ...role, sessionTags } : role)) };
    const fault: AwsFault = {
      kind: "error",
      status: 400,
      code: "PackedPolicyTooLarge",
      message: "Packed size of session tags consumes 112% of allotted space.",
    };
    const result = await mint([fault, { kind: "pass" }], issueCredentials, { ...deps, catalog });
    const error = expectRefusedWithNothingIssued(result);
    expect(result.attempts).toBe(1);
    expect(error).toMatchObject({ awsCode: "PackedPolicyTooLarge", retryable: false });
    expect(error.userMessage).toMatch(
      /take up 112% of the space AWS allows .*Frontdesk admin: shorten or drop this role's session tags in the catalog, longest first: cost-center \(120 characters\), team \(8 characters\)\.$/,
    );
  });
});
