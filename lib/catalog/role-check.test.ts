import { describe, expect, it } from "vitest";
import { webIdentityTrustStatement } from "@/lib/federation/trust-policy";
import { oidcProviderArn } from "./federated-role-check";
import { parseCatalog } from "./parse-catalog";
import { brokerPrincipals, checkRole } from "./role-check";

describe("brokerPrincipals", () => {
  it("accepts the ways a trust policy can name an assumed-role broker", () => {
    const broker = brokerPrincipals("arn:aws:sts::111111111111:assumed-role/Frontdesk/i-0abc");
    expect(broker.describe).toBe("arn:aws:iam::111111111111:role/Frontdesk");
    for (const principal of [
      "arn:aws:iam::111111111111:role/Frontdesk",
      "arn:aws:iam::111111111111:role/svc/Frontdesk",
      "arn:aws:iam::111111111111:root",
      "111111111111",
      "*",
    ]) {
      expect(broker.matches(principal)).toBe(true);
    }
    for (const principal of ["arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:role/FrontdeskOld", "arn:aws:iam::111111111111:user/Frontdesk"]) {
      expect(broker.matches(principal)).toBe(false);
    }
  });

  it("accepts an IAM user broker and refuses an unknown caller", () => {
    expect(brokerPrincipals("arn:aws:iam::111111111111:user/ops/frontdesk").matches("arn:aws:iam::111111111111:user/ops/frontdesk")).toBe(true);
    expect(brokerPrincipals("").matches("*")).toBe(false);
  });
});

describe("checkRole for a federated role", () => {
  const roleArn = "arn:aws:iam::123456789012:role/FrontdeskWi";
  const role = parseCatalog(
    `accounts: [{ id: "123456789012", name: S }]\nroles:\n  - { id: wi, name: Wi, account: "123456789012", arn: "${roleArn}", maxDuration: 1h, mint: web-identity, managed: true, requesters: [e], approvers: [s] }\n`,
    "c.yaml",
  ).roles[0]!;
  const issuer = "https://frontdesk.example.com/aws-idp";
  const ctx = { mode: "web-identity" as const, issuer, audience: "sts.amazonaws.com", samlProviderArn: "", samlAudience: "" };
  const statement = webIdentityTrustStatement({ providerArn: oidcProviderArn(roleArn, issuer), issuer, audience: "sts.amazonaws.com", roleArn });
  const facts = { arn: roleArn, maxSessionDuration: 3600, trustPolicy: { Statement: [statement] } };

  it("is revocable at AWS only through a management role", () => {
    const without = checkRole(role, facts, "", null, ctx);
    expect(without.checks.find((c) => !c.ok)).toMatchObject({
      label: "Frontdesk can enforce revocations on this role",
      detail: expect.stringMatching(/only through its account's management role/),
    });
    const via = checkRole(role, facts, "", "arn:aws:iam::123456789012:role/FrontdeskManagement", ctx);
    expect(via.ok).toBe(true);
    // Frontdesk's own principal is never asked for.
    expect(via.checks.some((c) => c.label.includes("sts:AssumeRole "))).toBe(false);
  });
});
