import {
  ExpiredTokenException,
  MalformedPolicyDocumentException,
  PackedPolicyTooLargeException,
  RegionDisabledException,
  STSServiceException,
} from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { AwsCallError, classifyAwsError, type AwsErrorCode } from "./errors";
import type { AssumeRoleParams } from "./sts";

const params: AssumeRoleParams = {
  roleArn: "arn:aws:iam::123456789012:role/team/FrontdeskDeveloper",
  sessionName: "alice@example.com-abcd1234",
  sourceIdentity: "alice@example.com",
  durationSeconds: 2 * 3600,
  tags: [
    { Key: "frontdesk:request-id", Value: "cmabcd1234" },
    { Key: "frontdesk:requester", Value: "alice@example.com" },
    { Key: "frontdesk:approvers", Value: "bob@example.com carol@example.com dave@example.com" },
    { Key: "cost-center", Value: "x".repeat(200) },
    { Key: "team", Value: "payments" },
    { Key: "tier", Value: "1" },
  ],
};

const metadata = (status: number, attempts = 1) => ({ httpStatusCode: status, requestId: "req-1", attempts, totalRetryDelay: 0 });

function stsError(name: string, status: number, message: string, attempts = 1) {
  return new STSServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: metadata(status, attempts), message });
}

function nodeError(code: string, name = "Error", message = `connect ${code} 127.0.0.1:9`) {
  return Object.assign(new Error(message), { code, name, $metadata: { attempts: 3 } });
}

const DENIED = "User: arn:aws:sts::111111111111:assumed-role/frontdesk-broker/i-0abc is not authorized to perform:";

interface Case {
  title: string;
  error: unknown;
  code: AwsErrorCode;
  retryable: boolean;
  says: RegExp[];
}

const CASES: Case[] = [
  {
    title: "throttling",
    error: stsError("Throttling", 400, "Rate exceeded", 3),
    code: "Throttling",
    retryable: true,
    says: [/too many requests/, /Throttling, 3 attempts/, /Wait a minute/],
  },
  {
    title: "another SDK throttling code",
    error: stsError("RequestLimitExceeded", 400, "slow down"),
    code: "Throttling",
    retryable: true,
    says: [/RequestLimitExceeded/],
  },
  { title: "HTTP 429", error: stsError("SomethingNew", 429, "slow down"), code: "Throttling", retryable: true, says: [/too many requests/] },
  {
    title: "InternalFailure",
    error: stsError("InternalFailure", 500, "unknown error", 3),
    code: "ServiceUnavailable",
    retryable: true,
    says: [/temporary problem/, /InternalFailure, 3 attempts/],
  },
  {
    title: "ServiceUnavailable",
    error: stsError("ServiceUnavailable", 503, "try later"),
    code: "ServiceUnavailable",
    retryable: true,
    says: [/AWS Health Dashboard/],
  },
  { title: "a bare 502", error: stsError("Unknown", 502, ""), code: "ServiceUnavailable", retryable: true, says: [/temporary problem/] },
  {
    title: "request timeout",
    error: Object.assign(new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout."), {
      name: "TimeoutError",
      code: "ETIMEDOUT",
      $metadata: { attempts: 3 },
    }),
    code: "Timeout",
    retryable: true,
    says: [/did not answer in time \(3 attempts\)/, /network connection/],
  },
  {
    title: "connection timeout",
    error: Object.assign(new Error("did not establish a connection"), { name: "TimeoutError" }),
    code: "Timeout",
    retryable: true,
    says: [/did not answer in time\./],
  },
  { title: "ETIMEDOUT from the socket", error: nodeError("ETIMEDOUT"), code: "Timeout", retryable: true, says: [/did not answer/] },
  {
    title: "connection refused",
    error: nodeError("ECONNREFUSED"),
    code: "Unreachable",
    retryable: true,
    says: [/^Frontdesk could not reach AWS\. Try again in a minute\.$/],
  },
  {
    title: "reset, renamed TimeoutError by the handler",
    error: nodeError("ECONNRESET", "TimeoutError", "socket hang up"),
    code: "Unreachable",
    retryable: true,
    says: [/could not reach AWS/],
  },
  {
    title: "DNS failure",
    error: nodeError("ENOTFOUND", "Error", "getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com"),
    code: "Unreachable",
    retryable: true,
    says: [/could not reach AWS/],
  },
  { title: "aborted", error: Object.assign(new Error("Request aborted"), { name: "AbortError" }), code: "Aborted", retryable: true, says: [/cancelled/] },
  {
    title: "AccessDenied on AssumeRole",
    error: stsError("AccessDenied", 403, `${DENIED} sts:AssumeRole on resource: arn:aws:iam::123456789012:role/team/FrontdeskDeveloper`),
    code: "AccessDenied",
    retryable: false,
    says: [/assume the role FrontdeskDeveloper/, /trust policy/, /sts:AssumeRole on this role/, /Frontdesk admin/],
  },
  {
    title: "AccessDenied for TagSession",
    error: stsError("AccessDenied", 403, `${DENIED} sts:TagSession on resource: arn:aws:iam::123456789012:role/team/FrontdeskDeveloper`),
    code: "TrustPolicyMissingTagSession",
    retryable: false,
    says: [/allow sts:TagSession/, /trust policy/],
  },
  {
    title: "AccessDenied for SetSourceIdentity",
    error: stsError("AccessDenied", 403, `${DENIED} sts:SetSourceIdentity on resource: arn:aws:iam::123456789012:role/team/FrontdeskDeveloper`),
    code: "TrustPolicyMissingSetSourceIdentity",
    retryable: false,
    says: [/allow sts:SetSourceIdentity/],
  },
  {
    title: "DurationSeconds above the role's MaxSessionDuration",
    error: stsError("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),
    code: "MaxSessionDurationTooLow",
    retryable: false,
    says: [/refused a 2 h session for the role FrontdeskDeveloper/, /MaxSessionDuration in IAM/, /maxSessionDuration in the catalog \(at least 2 h\)/],
  },
  {
    title: "role chaining's 1 hour limit",
    error: stsError("ValidationError", 400, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."),
    code: "RoleChainingLimit",
    retryable: false,
    says: [/chained sessions at 1 hour/, /maxSessionDuration for this role in the catalog to 1h/],
  },
  {
    title: "another ValidationError",
    error: stsError(
      "ValidationError",
      400,
      "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ),
    code: "InvalidParameter",
    retryable: false,
    says: [/because of its roleSessionName value/, /catalog/],
  },
  {
    title: "PackedPolicyTooLarge",
    error: new PackedPolicyTooLargeException({ $metadata: metadata(400), message: "Packed size of session tags consumes 112% of allotted space." }),
    code: "PackedPolicyTooLarge",
    retryable: false,
    says: [
      /take up 112% of the space AWS allows/,
      /tags in the catalog, longest first: cost-center \(200 characters\), team \(8 characters\), tier \(1 character\)\.$/,
    ],
  },
  {
    title: "MalformedPolicyDocument",
    error: new MalformedPolicyDocumentException({ $metadata: metadata(400), message: "Syntax errors in policy." }),
    code: "MalformedPolicyDocument",
    retryable: false,
    says: [/sessionPolicy for this role in the catalog/],
  },
  {
    title: "RegionDisabled",
    error: new RegionDisabledException({ $metadata: metadata(403), message: "STS is not activated in this region for account:123456789012." }),
    code: "RegionDisabled",
    retryable: false,
    says: [/STS is not activated/, /activate STS for that region/],
  },
  {
    title: "the broker's expired token",
    error: stsError("ExpiredToken", 403, "The security token included in the request is expired"),
    code: "BrokerCredentialsExpired",
    retryable: false,
    says: [/own AWS credentials have expired/, /AWS error: ExpiredToken/],
  },
  {
    title: "ExpiredTokenException",
    error: new ExpiredTokenException({ $metadata: metadata(400), message: "expired" }),
    code: "BrokerCredentialsExpired",
    retryable: false,
    says: [/have expired/],
  },
  {
    title: "an unknown access key",
    error: stsError("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    code: "BrokerCredentialsInvalid",
    retryable: false,
    says: [/does not accept Frontdesk's own AWS credentials/],
  },
  {
    title: "a wrong secret key",
    error: stsError("SignatureDoesNotMatch", 403, "The request signature we calculated does not match"),
    code: "BrokerCredentialsInvalid",
    retryable: false,
    says: [/matching one/],
  },
  { title: "a far-off clock", error: stsError("RequestExpired", 400, "Request has expired."), code: "ClockSkew", retryable: false, says: [/clock/] },
  {
    title: "no broker credentials",
    error: Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
    code: "BrokerCredentialsMissing",
    retryable: false,
    says: [/no AWS credentials/],
  },
  {
    title: "an unmodelled AWS error",
    error: stsError("OptInRequired", 403, "opt in"),
    code: "Unknown",
    retryable: false,
    says: [/AWS error: OptInRequired/, /Frontdesk admin/],
  },
  {
    title: "something else entirely",
    error: new TypeError("Cannot read properties of undefined"),
    code: "Unknown",
    retryable: false,
    says: [/^Frontdesk could not get a session from AWS\./],
  },
  { title: "a thrown string", error: "boom", code: "Unknown", retryable: false, says: [/could not get a session/] },
];

describe("classifyAwsError", () => {
  it.each(CASES)("$title → $code", ({ error, code, retryable, says }) => {
    const result = classifyAwsError(error, { params });
    expect(result).toMatchObject({ code, retryable });
    for (const pattern of says) expect(result.message).toMatch(pattern);
  });

  it.each(CASES)("$title: says nothing secret, raw or internal", ({ error }) => {
    const { message } = classifyAwsError(error, { params });
    expect(message).not.toMatch(/https?:|127\.0\.0\.1|<|>|AKIA|ASIA|111111111111|assumed-role|node-http-handler|Rate exceeded/);
    expect(message).not.toContain("alice@example.com");
    expect(message.length).toBeLessThan(600);
  });

  it("works without the request's parameters", () => {
    expect(classifyAwsError(stsError("ValidationError", 400, "exceeds the MaxSessionDuration set for this role.")).message).toMatch(
      /^AWS refused the session for the role: .*lower that maxSessionDuration/,
    );
    expect(classifyAwsError(new PackedPolicyTooLargeException({ $metadata: metadata(400), message: "too big" })).message).toMatch(
      /more than the space AWS allows.*shorten or drop this role's session tags or session policy in the catalog\.$/,
    );
  });

  it("names at most five tags to shorten, and says when only Frontdesk's own tags are sent", () => {
    const many = { ...params, tags: Array.from({ length: 7 }, (_, i) => ({ Key: `tag${i}`, Value: "v".repeat(i) })) };
    const tooLarge = new PackedPolicyTooLargeException({ $metadata: metadata(400), message: "" });
    expect(classifyAwsError(tooLarge, { params: many }).message).toMatch(/longest first: tag6 \(6 characters\), tag5 .*tag2 \(2 characters\), and 2 more\.$/);
    const ownOnly = { ...params, tags: params.tags.filter((t) => t.Key.startsWith("frontdesk:")) };
    expect(classifyAwsError(tooLarge, { params: ownOnly }).message).toMatch(
      /only Frontdesk's own tags are sent \(frontdesk:approvers \(50 characters\), frontdesk:requester \(17 characters\), frontdesk:request-id \(10 characters\)\), which the catalog cannot change/,
    );
  });

  it("mentions the session policy and the ExternalId when the request had them", () => {
    const withPolicy = { ...params, policy: '{"Statement":[]}', externalId: "frontdesk-7f3c" };
    expect(classifyAwsError(new PackedPolicyTooLargeException({ $metadata: metadata(400), message: "" }), { params: withPolicy }).message).toMatch(
      /longest first: .*, or trim its session policy\.$/,
    );
    expect(classifyAwsError(stsError("AccessDenied", 403, "denied"), { params: withPolicy }).message).toMatch(/with the ExternalId set in the catalog/);
    expect(classifyAwsError(stsError("AccessDenied", 403, "denied"), { params: withPolicy }).message).not.toContain("frontdesk-7f3c");
  });

  it("never repeats an error name that is not a plain identifier", () => {
    const odd = stsError("<b>x</b> https://sts.amazonaws.com/?X-Amz-Credential=AKIA", 400, "");
    expect(classifyAwsError(odd).message).toBe(
      "AWS could not issue a session for the role. Try again in a minute; if it keeps happening, tell your Frontdesk admin.",
    );
  });
});

describe("AwsCallError", () => {
  it("is an AWS_ERROR AppError carrying the classification and the attempts", () => {
    const error = new AwsCallError({ code: "Throttling", retryable: true, message: "slow down" }, 3);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "AWS_ERROR", userMessage: "slow down", awsCode: "Throttling", retryable: true, attempts: 3, status: 502 });
  });
});

describe("a session tag AWS refuses names whose value it is", () => {
  const tagged: AssumeRoleParams = {
    ...params,
    tags: [
      { Key: "frontdesk:request-id", Value: "r1" },
      { Key: "team", Value: "payments" },
      { Key: "department", Value: "aws:platform" },
    ],
    claimTagKeys: ["department"],
  };
  const refused = (n: number) =>
    stsError("ValidationError", 400, `1 validation error detected: Value 'x' at 'tags.${n}.member.value' failed to satisfy constraint`);

  it("the person's own claim, not the catalog", () => {
    const { message, code } = classifyAwsError(refused(3), { params: tagged });
    expect(code).toBe("InvalidParameter");
    expect(message).toMatch(/session tag department .* comes from your own identity provider's claims/);
    expect(message).not.toMatch(/check this role's entry/);
    expect(message).not.toContain("aws:platform");
  });
  it("the catalog's static tag, or Frontdesk's own", () => {
    expect(classifyAwsError(refused(2), { params: tagged }).message).toMatch(/session tag team .*check that tag in this role's sessionTags in the catalog/);
    expect(classifyAwsError(refused(1), { params: tagged }).message).toMatch(/Frontdesk's own session tag frontdesk:request-id/);
  });
});

describe("a federated mint AWS refuses points at the provider or trust policy condition to check", () => {
  const federated = { ...params, roleArn: "arn:aws:iam::123456789012:role/FrontdeskWebIdentity" };
  const classify = (name: string, mode: "web-identity" | "saml", message = "refused") =>
    classifyAwsError(stsError(name, 400, message), { params: federated, mode });

  it("InvalidIdentityToken: the OIDC provider's URL and audience, or the SAML provider's metadata", () => {
    const web = classify("InvalidIdentityToken", "web-identity");
    expect(web.code).toBe("FederatedTokenInvalid");
    expect(web.message).toMatch(/IAM OIDC provider: its URL must be Frontdesk's issuer exactly \(FRONTDESK_IDP_ISSUER/);
    expect(web.message).toMatch(/FRONTDESK_IDP_AUDIENCE/);
    expect(web.message).toMatch(/jwks\.json/);
    expect(web.message).toContain("(AWS error: InvalidIdentityToken)");
    const saml = classify("InvalidIdentityToken", "saml");
    expect(saml.message).toMatch(/IAM SAML provider \(minting\.samlProvider in the catalog\).*aws-idp\/saml\/metadata/);
  });

  it("IDPRejectedClaim: the trust policy's audience, role tag and subject conditions", () => {
    const web = classify("IDPRejectedClaim", "web-identity");
    expect(web.code).toBe("FederatedClaimsRejected");
    expect(web.message).toMatch(/pin <issuer>:aud to FRONTDESK_IDP_AUDIENCE and aws:RequestTag\/frontdesk:role to the role's own ARN/);
    expect(web.message).toMatch(/sts:TagSession and sts:SetSourceIdentity/);
    expect(classify("IDPRejectedClaim", "saml").message).toMatch(/pin SAML:aud to the partition's sign-in endpoint/);
  });

  it("ExpiredTokenException: the token's clock, not Frontdesk's own credentials", () => {
    const expired = classifyAwsError(new ExpiredTokenException({ $metadata: metadata(400), message: "Token expired" }), {
      params: federated,
      mode: "web-identity",
    });
    expect(expired.code).toBe("FederatedTokenExpired");
    expect(expired.message).toMatch(/already expired.*synchronise the clock/);
    // The same error for AssumeRole still means the broker's own credentials.
    expect(classifyAwsError(new ExpiredTokenException({ $metadata: metadata(400), message: "x" }), { params }).code).toBe("BrokerCredentialsExpired");
  });

  it("AccessDenied: the role does not trust Frontdesk's provider", () => {
    const denied = classify("AccessDenied", "saml", "Not authorized to perform sts:AssumeRoleWithSAML");
    expect(denied.code).toBe("FederatedTrustMissing");
    expect(denied.message).toMatch(/must allow sts:AssumeRoleWithSAML, sts:TagSession and sts:SetSourceIdentity for the IAM SAML provider/);
    expect(denied.message).not.toMatch(/Frontdesk's AWS identity/);
  });
});
