// Minting with Frontdesk as the identity provider AWS trusts, against moto, with no AWS
// credentials anywhere in the process: web-identity and SAML roles get working sessions, and the
// token and assertion are verified as AWS would, against what Frontdesk publishes.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samlSigninEndpoint } from "@/lib/aws/console-link";
import { jwksDocument } from "@/lib/federation/discovery";
import { samlIdpMetadata } from "@/lib/federation/saml-metadata";
import { currentlyPublished } from "@/lib/federation/signing-keys";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { verifyAwsSamlResponse, verifyWebIdentityToken } from "@/scripts/dev/aws-idp-checks";
import { startSamlSigninStandIn } from "@/scripts/dev/saml-signin";
import { issueConsoleSignIn, issueCredentials } from "./issue-access";

const CATALOG = `
accounts:
  - { id: "123456789012", name: Sandbox, mint: saml }
roles:
  - id: wi
    name: WebIdentity
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskWebIdentity
    maxDuration: 8h
    maxSessionDuration: 4h
    mint: web-identity
    requesters: [engineering]
    approvers: [security]
    sessionTags: { static: { cost-center: cc-1234 } }
    transitiveTagKeys: [cost-center]
  - id: saml
    name: Saml
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskSaml
    maxDuration: 8h
    maxSessionDuration: 12h
    requesters: [engineering]
    approvers: [security]
`;

let h: Harness;
let alice: Actor;
let bob: Actor;
const saved = { ...process.env };

beforeAll(async () => {
  // No AWS credentials at all: federated minting must not need any.
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete process.env[name];
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  h = await createHarness({ catalog: CATALOG, withFederation: true });
  // Tokens and assertions are checked against the real clock (as AWS would), so the test clock is now.
  h.clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  // And the credentialed path is gone: a call to it fails the test.
  h.aws.assumeRole = () => Promise.reject(new Error("sts:AssumeRole must not be called in federated modes"));
  h.sessionCap = () => Promise.reject(new Error("Frontdesk's own identity must not be asked"));
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
});
afterAll(async () => {
  process.env = saved;
  await h.close();
});

async function grant(roleId: string, durationMinutes = 300) {
  await h.retire(alice);
  const request = await createRequest(h, { actor: alice, input: { roleId, justification: "Rotate keys", durationMinutes } });
  await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
  return request.id;
}

async function callerArn(c: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  const sts = new STSClient({ region: "us-east-1", endpoint: h.motoUrl, credentials: c });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

const published = async () => currentlyPublished(h);

describe("web-identity role", () => {
  it("mints working credentials from a token AWS would accept, with the tags and the person in its claims", async () => {
    const requestId = await grant("wi");
    const credentials = await issueCredentials(h, { actor: alice, requestId });
    const sessionName = `alice@example.com-${requestId.slice(-8)}`;
    expect(await callerArn(credentials)).toBe(`arn:aws:sts::123456789012:assumed-role/FrontdeskWebIdentity/${sessionName}`);

    const call = h.federatedCalls.at(-1)!;
    expect(call).toMatchObject({ roleArn: "arn:aws:iam::123456789012:role/FrontdeskWebIdentity", sessionName, durationSeconds: 4 * 3600 });
    const token = call.webIdentityToken!;
    const payload = await verifyWebIdentityToken(token, {
      jwks: jwksDocument(await published()),
      issuer: "http://frontdesk.test/aws-idp",
      audience: "sts.amazonaws.com",
      now: h.now(),
    });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(payload.sub).toBe("alice@example.com");
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload["https://aws.amazon.com/source_identity"]).toBe("alice@example.com");
    expect(payload["https://aws.amazon.com/tags"]).toEqual({
      principal_tags: {
        "frontdesk:request-id": [requestId],
        "frontdesk:requester": ["alice@example.com"],
        "frontdesk:mfa": ["false"],
        "frontdesk:approvers": ["bob@example.com"],
        "cost-center": ["cc-1234"],
        "frontdesk:role": ["arn:aws:iam::123456789012:role/FrontdeskWebIdentity"],
      },
      transitive_tag_keys: ["cost-center"],
    });
    console.log("decoded web-identity token:", JSON.stringify({ header: decodeProtectedHeader(token), payload: decodeJwt(token) }, null, 2));
  });

  it("gets a console link through the federation endpoint with the window's full length (no role-chaining cap)", async () => {
    const requestId = await grant("wi", 120);
    const signIn = await issueConsoleSignIn(h, { actor: alice, requestId });
    expect(signIn.samlResponse).toBeUndefined();
    expect(new URL(signIn.url).searchParams.get("Action")).toBe("login");
    expect(h.federatedCalls.at(-1)).toMatchObject({ durationSeconds: 7200 });
  });

  it("a token expired, or signed by a key nobody published, is refused", async () => {
    const requestId = await grant("wi");
    await issueCredentials(h, { actor: alice, requestId });
    const token = h.federatedCalls.at(-1)!.webIdentityToken!;
    const expected = { jwks: jwksDocument(await published()), issuer: "http://frontdesk.test/aws-idp", audience: "sts.amazonaws.com" };
    await expect(verifyWebIdentityToken(token, { ...expected, now: new Date(h.now().getTime() + 301_000) })).rejects.toThrow(/exp/);
    await expect(verifyWebIdentityToken(token, { ...expected, audience: "another-audience" })).rejects.toThrow(/aud/);
    await expect(verifyWebIdentityToken(token, { ...expected, jwks: { keys: [] } })).rejects.toThrow();
  });
});

describe("saml role", () => {
  it("mints working credentials with AssumeRoleWithSAML from an assertion that validates against the metadata", async () => {
    const requestId = await grant("saml");
    const credentials = await issueCredentials(h, { actor: alice, requestId });
    const sessionName = `alice@example.com-${requestId.slice(-8)}`;
    expect(await callerArn(credentials)).toBe(`arn:aws:sts::123456789012:assumed-role/FrontdeskSaml/${sessionName}`);

    const call = h.federatedCalls.at(-1)!;
    expect(call.principalArn).toBe("arn:aws:iam::123456789012:saml-provider/Frontdesk");
    const metadata = samlIdpMetadata({
      entityId: "http://frontdesk.test/aws-idp/saml",
      ssoUrl: "http://frontdesk.test/aws-idp/saml/sso",
      keys: await published(),
    });
    const session = await verifyAwsSamlResponse(call.samlAssertion!, metadata, samlSigninEndpoint("aws"));
    expect(session.issuer).toBe("http://frontdesk.test/aws-idp/saml");
    expect(session.nameId).toBe("alice@example.com");
    expect(session.attributes).toEqual({
      Role: ["arn:aws:iam::123456789012:role/FrontdeskSaml,arn:aws:iam::123456789012:saml-provider/Frontdesk"],
      RoleSessionName: [sessionName],
      SessionDuration: [String(5 * 3600)], // the whole window: no role-chaining cap
      SourceIdentity: ["alice@example.com"],
      "PrincipalTag:frontdesk:request-id": [requestId],
      "PrincipalTag:frontdesk:requester": ["alice@example.com"],
      "PrincipalTag:frontdesk:mfa": ["false"],
      "PrincipalTag:frontdesk:approvers": ["bob@example.com"],
      "PrincipalTag:frontdesk:role": ["arn:aws:iam::123456789012:role/FrontdeskSaml"],
    });
    expect(session.sessionNotOnOrAfter).toBe(new Date(h.now().getTime() + 5 * 3600_000).toISOString().replace(/\.000Z$/, "Z"));
    console.log(
      "decoded SAML response:",
      Buffer.from(call.samlAssertion!, "base64")
        .toString("utf8")
        .replace(/<ds:SignatureValue>[^<]+/, "<ds:SignatureValue>…"),
    );
  });

  it("opens the console by a signed response posted to AWS's SAML sign-in endpoint, with no STS call", async () => {
    const requestId = await grant("saml");
    const before = h.federatedCalls.length;
    const signIn = await issueConsoleSignIn(h, { actor: alice, requestId });
    expect(signIn.url).toBe("https://signin.aws.amazon.com/saml");
    expect(h.federatedCalls.length).toBe(before);
    const metadata = samlIdpMetadata({ entityId: "http://frontdesk.test/aws-idp/saml", ssoUrl: "x", keys: await published() });
    const session = await verifyAwsSamlResponse(signIn.samlResponse!, metadata, signIn.url);
    expect(session.attributes.SessionDuration).toEqual([String(5 * 3600)]);
    const issuance = await h.db.issuance.findFirstOrThrow({ where: { requestId } });
    expect(issuance).toMatchObject({ kind: "CONSOLE", sourceIdentity: "alice@example.com" });
  });

  it("the SAML sign-in stand-in accepts the posted response and refuses it tampered", async () => {
    const metadata = async () => samlIdpMetadata({ entityId: "http://frontdesk.test/aws-idp/saml", ssoUrl: "x", keys: await published() });
    const standIn = await startSamlSigninStandIn({ port: 0, metadata });
    try {
      const requestId = await grant("saml");
      const { samlResponse } = await issueConsoleSignIn(h, { actor: alice, requestId });
      const post = (value: string) => fetch(standIn.url, { method: "POST", body: new URLSearchParams({ SAMLResponse: value }) });
      const good = await post(samlResponse!);
      expect(good.status).toBe(200);
      const page = await good.text();
      expect(page).toContain("arn:aws:iam::123456789012:role/FrontdeskSaml");
      expect(page).toContain(`alice@example.com-${requestId.slice(-8)}`);
      const xml = Buffer.from(samlResponse!, "base64").toString("utf8");
      const tampered = Buffer.from(xml.replace("<saml:AttributeValue>18000<", "<saml:AttributeValue>43200<"), "utf8").toString("base64");
      expect((await post(tampered)).status).toBe(403);
    } finally {
      await standIn.stop();
    }
  });

  it("a tampered assertion is refused", async () => {
    const requestId = await grant("saml");
    const signIn = await issueConsoleSignIn(h, { actor: alice, requestId });
    const xml = Buffer.from(signIn.samlResponse!, "base64").toString("utf8");
    const tampered = Buffer.from(xml.replace("FrontdeskSaml,", "FrontdeskAdmin,"), "utf8").toString("base64");
    const metadata = samlIdpMetadata({ entityId: "http://frontdesk.test/aws-idp/saml", ssoUrl: "x", keys: await published() });
    await expect(verifyAwsSamlResponse(tampered, metadata, signIn.url)).rejects.toThrow();
  });

  it("nothing is minted once the window has ended", async () => {
    const requestId = await grant("saml");
    await endRequest(h, { actor: alice, requestId });
    expect(await refusal(issueConsoleSignIn(h, { actor: alice, requestId }))).toMatchObject({ code: "WINDOW_CLOSED" });
  });
});
