// The role check of web-identity and saml roles against moto's IAM: the trust policy as IAM stores
// it (URL-encoded) is read back and judged with trust-policy.ts's evaluator. A good policy passes;
// one that trusts the provider but pins neither audience nor role, or leaves out sts:TagSession,
// is reported with what to fix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samlTrustStatement, webIdentityTrustStatement } from "@/lib/federation/trust-policy";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createRoleIn } from "@/scripts/dev/accounts";
import { checkCatalogRoles } from "./check-catalog-roles";
import { parseCatalog } from "./parse-catalog";

const ACCOUNT = "123456789012";
const ISSUER = "http://frontdesk.test/aws-idp";
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/frontdesk.test/aws-idp`;
const SAML = `arn:aws:iam::${ACCOUNT}:saml-provider/Frontdesk`;
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const role = (id: string, mint: string) =>
  `  - { id: ${id.toLowerCase()}, name: ${id}, account: "${ACCOUNT}", arn: "${arn(id)}", maxDuration: 1h, mint: ${mint}, requesters: [e], approvers: [s] }\n`;

let h: Harness;
const policy = (statement: object) => ({ trustPolicy: { Version: "2012-10-17", Statement: [statement] } });

beforeAll(async () => {
  h = await createHarness();
  h.catalog = parseCatalog(
    `accounts: [{ id: "${ACCOUNT}", name: Sandbox }]\nroles:\n${role("WiGood", "web-identity")}${role("WiLoose", "web-identity")}${role("SamlGood", "saml")}${role("SamlNoTags", "saml")}`,
    "federated-check.yaml",
  );
  const audience = "sts.amazonaws.com";
  await createRoleIn(h.motoUrl, arn("WiGood"), policy(webIdentityTrustStatement({ providerArn: OIDC, issuer: ISSUER, audience, roleArn: arn("WiGood") })));
  // Trusts Frontdesk's provider, but any token from it: no audience, no role pinned.
  await createRoleIn(
    h.motoUrl,
    arn("WiLoose"),
    policy({ Effect: "Allow", Principal: { Federated: OIDC }, Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity"] }),
  );
  const signin = "https://signin.aws.amazon.com/saml";
  await createRoleIn(h.motoUrl, arn("SamlGood"), policy(samlTrustStatement({ providerArn: SAML, roleArn: arn("SamlGood"), signinEndpoint: signin })));
  const noTags = samlTrustStatement({ providerArn: SAML, roleArn: arn("SamlNoTags"), signinEndpoint: signin });
  await createRoleIn(h.motoUrl, arn("SamlNoTags"), policy({ ...noTags, Action: ["sts:AssumeRoleWithSAML"] }));
}, 60_000);
afterAll(() => h.close());

const failing = (result: { checks: { label: string; ok: boolean }[] }) => result.checks.filter((c) => !c.ok).map((c) => c.label);

describe("role check of federated roles", () => {
  it("passes a trust policy that pins Frontdesk's audience and the role, and allows tags and source identity", async () => {
    const { results } = await checkCatalogRoles(h);
    for (const id of ["WiGood", "SamlGood"]) {
      const result = results.find((r) => r.roleId === id.toLowerCase())!;
      expect(failing(result), id).toEqual([]);
      expect(result.ok).toBe(true);
    }
    const wi = results.find((r) => r.roleId === "wigood")!;
    expect(wi.checks.map((c) => c.label)).toEqual(
      expect.arrayContaining([
        `Trust policy lets ${OIDC} call sts:AssumeRoleWithWebIdentity`,
        "Audience pinned (frontdesk.test/aws-idp:aud = sts.amazonaws.com)",
        "Role pinned (aws:RequestTag/frontdesk:role = the role's own ARN)",
        "Accepts a token Frontdesk mints for this role",
        "Refuses one minted for another role",
      ]),
    );
    // Frontdesk's own principal is not asked for: these roles never trust it.
    expect(wi.checks.some((c) => c.label.includes("sts:AssumeRole "))).toBe(false);
  });

  it("reports a trust policy that accepts any token from the provider, and one without sts:TagSession", async () => {
    const { results } = await checkCatalogRoles(h);
    const loose = results.find((r) => r.roleId === "wiloose")!;
    expect(loose.ok).toBe(false);
    expect(failing(loose)).toEqual([
      "Audience pinned (frontdesk.test/aws-idp:aud = sts.amazonaws.com)",
      "Role pinned (aws:RequestTag/frontdesk:role = the role's own ARN)",
      "Refuses one minted for another role",
    ]);
    const noTags = results.find((r) => r.roleId === "samlnotags")!;
    expect(failing(noTags)).toEqual([
      "Trust policy allows sts:TagSession for Frontdesk's provider",
      "Trust policy allows sts:SetSourceIdentity for Frontdesk's provider",
    ]);
    expect(noTags.checks.find((c) => !c.ok)?.detail).toContain(`Add "sts:TagSession" to the statement that trusts ${SAML}`);
  });

  it("a role trusting another provider is told which provider to trust", async () => {
    h.catalog = parseCatalog(`accounts: [{ id: "${ACCOUNT}", name: Sandbox }]\nroles:\n${role("SamlGood", "web-identity")}`, "wrong-mode.yaml");
    const [result] = (await checkCatalogRoles(h)).results;
    expect(failing(result!)).toEqual([`Trust policy lets ${OIDC} call sts:AssumeRoleWithWebIdentity`]);
  });
});
