import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

import { startFederationStandIn, type FederationStandIn } from "./federation";
import { startMoto, type Moto } from "./moto";

const ROLE_ARN = "arn:aws:iam::123456789012:role/frontdesk-demo-readonly";
const DESTINATION = "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1";
const ISSUER = "http://localhost:3000/requests/req_1";

let moto: Moto;
let federation: FederationStandIn;
let clock = Date.now();

beforeAll(async () => {
  moto = await startMoto({ port: 0 });
  federation = await startFederationStandIn({ port: 0, stsEndpoint: moto.url, now: () => clock });
});

afterAll(async () => {
  await federation?.stop();
  await moto?.stop();
});

function sts(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return new STSClient({ region: "us-east-1", endpoint: moto.url, maxAttempts: 1, credentials });
}

async function assumeRole(sessionName: string) {
  const broker = sts({ accessKeyId: "AKIAFRONTDESKBROKER", secretAccessKey: "moto-broker-secret" });
  const result = await broker.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: sessionName, DurationSeconds: 3600 }));
  const c = result.Credentials!;
  return { sessionId: c.AccessKeyId!, sessionKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

function getSigninToken(session: string | undefined, sessionDuration?: string) {
  const url = new URL(federation.url);
  url.searchParams.set("Action", "getSigninToken");
  if (sessionDuration !== undefined) url.searchParams.set("SessionDuration", sessionDuration);
  if (session !== undefined) url.searchParams.set("Session", session);
  return fetch(url);
}

function login(token: string) {
  const url = new URL(federation.url);
  url.search = new URLSearchParams({ Action: "login", Issuer: ISSUER, Destination: DESTINATION, SigninToken: token }).toString();
  return fetch(url);
}

async function signinToken(sessionName: string): Promise<string> {
  const response = await getSigninToken(JSON.stringify(await assumeRole(sessionName)), "3600");
  expect(response.status).toBe(200);
  return ((await response.json()) as { SigninToken: string }).SigninToken;
}

describe("console federation stand-in", () => {
  it("exchanges AssumeRole credentials for a sign-in token and logs the console in", async () => {
    expect(federation.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation$/);
    const credentials = await assumeRole("alice-req_1");
    const response = await getSigninToken(JSON.stringify(credentials), "3600");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["SigninToken"]);
    const token = body.SigninToken as string;
    expect(token.length).toBeGreaterThan(32);

    const page = await login(token);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>AWS Management Console (local stand-in)</title>");
    expect(html).toContain("arn:aws:sts::123456789012:assumed-role/frontdesk-demo-readonly/alice-req_1");
    expect(html).toContain(DESTINATION.replaceAll("&", "&amp;"));
    expect(html).toContain(`href="${ISSUER}"`);
    expect(html).toContain(`datetime="${new Date(clock + 3600_000).toISOString()}"`);

    const logged = federation.requests.filter((r) => r.accessKeyId === credentials.sessionId);
    expect(logged).toEqual([
      expect.objectContaining({ action: "getSigninToken", status: 200, sessionDuration: 3600, arn: expect.stringContaining(":assumed-role/") }),
    ]);
    const everything = JSON.stringify(federation.requests);
    expect(everything).not.toContain(credentials.sessionKey);
    expect(everything).not.toContain(credentials.sessionToken);
    expect(everything).not.toContain(token);
  });

  it("accepts the getSigninToken form as a POST too", async () => {
    const session = JSON.stringify(await assumeRole("alice-post"));
    const response = await fetch(federation.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "getSigninToken", Session: session }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty("SigninToken");
  });

  it.each(["899", "43201", "3600.5", "abc", ""])("refuses SessionDuration=%j like AWS does", async (duration) => {
    const response = await getSigninToken(JSON.stringify(await assumeRole("alice-duration")), duration);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Invalid credentials parameter");
    expect(html).toContain("The request sent by the client was syntactically incorrect.");
  });

  it("accepts the SessionDuration bounds 900 and 43200", async () => {
    const session = JSON.stringify(await assumeRole("alice-bounds"));
    expect((await getSigninToken(session, "900")).status).toBe(200);
    expect((await getSigninToken(session, "43200")).status).toBe(200);
  });

  it.each([
    ["missing", undefined],
    ["not JSON", "{sessionId:"],
    ["a JSON array", "[]"],
    ["without sessionToken", JSON.stringify({ sessionId: "ASIAX", sessionKey: "k" })],
    ["with an extra key", JSON.stringify({ sessionId: "ASIAX", sessionKey: "k", sessionToken: "t", region: "us-east-1" })],
    ["with an empty value", JSON.stringify({ sessionId: "", sessionKey: "k", sessionToken: "t" })],
  ])("refuses a Session parameter that is %s", async (_label, session) => {
    const response = await getSigninToken(session, "3600");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Invalid credentials parameter");
  });

  it("refuses credentials that are not an assumed role according to STS", async () => {
    const session = JSON.stringify({ sessionId: "AKIANOTAROLE00000000", sessionKey: "k", sessionToken: "t" });
    const response = await getSigninToken(session, "3600");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Only federation tokens or assume role tokens may be used for federated login.");
    expect(federation.requests.at(-1)).toMatchObject({ status: 400, accessKeyId: "AKIANOTAROLE00000000" });
  });

  it("refuses an unknown token, a used token and a token older than 15 minutes", async () => {
    const unknown = await login("not-a-token");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Your sign-in link is invalid or has expired");

    const once = await signinToken("alice-once");
    expect((await login(once)).status).toBe(200);
    expect((await login(once)).status).toBe(400);

    const old = await signinToken("alice-old");
    clock += 15 * 60_000;
    try {
      expect((await login(old)).status).toBe(400);
    } finally {
      clock -= 15 * 60_000;
    }
  });

  it("refuses an unknown Action", async () => {
    const response = await fetch(`${federation.url}?Action=frobnicate`);
    expect(response.status).toBe(400);
  });
});
