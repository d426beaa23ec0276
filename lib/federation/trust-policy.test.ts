import { decodeJwt, exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { MANAGEMENT_SUBJECT } from "./management-token";
import { conditionsAllow, managementTrustStatement, webIdentityRequestContext, webIdentityTrustStatement } from "./trust-policy";
import { signWebIdentityToken, webIdentityClaims } from "./web-identity-token";

const ISSUER = "https://frontdesk.example.com/aws-idp";
const ROLE_A = "arn:aws:iam::123456789012:role/FrontdeskA";
const ROLE_B = "arn:aws:iam::123456789012:role/FrontdeskB";
const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/frontdesk.example.com/aws-idp";

async function tokenClaims(roleArn: string, person = "alice@example.com") {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const params = { roleArn, tags: [{ Key: "frontdesk:request-id", Value: "r1" }], sourceIdentity: person };
  const claims = webIdentityClaims({ params, issuer: ISSUER, audience: "sts.amazonaws.com", now: new Date(), lifetimeSeconds: 300 });
  const token = await signWebIdentityToken(claims, { kid: (await exportJWK(publicKey)).n!.slice(0, 8), privateKey: privateKey as never, certificatePem: "" });
  return decodeJwt(token) as Record<string, unknown>;
}

const policy = (roleArn: string, subjects?: string[]) =>
  webIdentityTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience: "sts.amazonaws.com", roleArn, subjects }).Condition;

describe("web-identity trust policy", () => {
  it("accepts the token Frontdesk minted for this role", async () => {
    expect(conditionsAllow(policy(ROLE_A), webIdentityRequestContext(ISSUER, await tokenClaims(ROLE_A)))).toBe(true);
  });

  it("refuses a token minted for another role", async () => {
    expect(conditionsAllow(policy(ROLE_B), webIdentityRequestContext(ISSUER, await tokenClaims(ROLE_A)))).toBe(false);
  });

  it("refuses a person the role does not accept", async () => {
    const context = webIdentityRequestContext(ISSUER, await tokenClaims(ROLE_A, "mallory@evil.example"));
    expect(conditionsAllow(policy(ROLE_A, ["*@example.com"]), context)).toBe(false);
    expect(conditionsAllow(policy(ROLE_A, ["*@example.com"]), webIdentityRequestContext(ISSUER, await tokenClaims(ROLE_A)))).toBe(true);
  });

  it("refuses a token for another audience and one without a source identity", async () => {
    const claims = await tokenClaims(ROLE_A);
    expect(conditionsAllow(policy(ROLE_A), webIdentityRequestContext(ISSUER, { ...claims, aud: "someone-else" }))).toBe(false);
    const { ["https://aws.amazon.com/source_identity"]: _dropped, ...withoutSource } = claims;
    expect(_dropped).toBe("alice@example.com");
    expect(conditionsAllow(policy(ROLE_A), webIdentityRequestContext(ISSUER, withoutSource))).toBe(false);
  });
});

describe("management role trust (no AWS credentials)", () => {
  const management = managementTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience: "sts.amazonaws.com" }).Condition;

  it("accepts Frontdesk's management token and refuses a person's token", async () => {
    expect(conditionsAllow(management, webIdentityRequestContext(ISSUER, { aud: "sts.amazonaws.com", sub: MANAGEMENT_SUBJECT }))).toBe(true);
    expect(conditionsAllow(management, webIdentityRequestContext(ISSUER, await tokenClaims(ROLE_A)))).toBe(false);
  });

  it("a person's role refuses the management token (no role tag, no source identity)", () => {
    expect(conditionsAllow(policy(ROLE_A), webIdentityRequestContext(ISSUER, { aud: "sts.amazonaws.com", sub: MANAGEMENT_SUBJECT }))).toBe(false);
  });
});
