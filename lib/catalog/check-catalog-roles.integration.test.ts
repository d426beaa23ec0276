// Role checks against moto's IAM: real GetRole answers, real (URL-encoded) trust policies.
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { checkCatalogRoles, checkCatalogRolesAsAdmin } from "./check-catalog-roles";
import { parseCatalog } from "./parse-catalog";

let h: Harness;

const trust = (actions: string[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: actions, ...extra }],
  });

const catalog = parseCatalog(
  `
admins: [admins]
accounts: [{ id: "123456789012", name: Sandbox }, { id: "210987654321", name: Elsewhere }]
roles:
  - { id: good, name: Good, account: "123456789012", arn: "arn:aws:iam::123456789012:role/team/Good", maxDuration: 2h, maxSessionDuration: 2h, requesters: [e], approvers: [s], externalId: ext-123, managed: true }
  - { id: elsewhere, name: Elsewhere, account: "210987654321", arn: "arn:aws:iam::210987654321:role/Elsewhere", maxDuration: 1h, requesters: [e], approvers: [s], managed: true }
  - { id: short, name: Short, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Short", maxDuration: 4h, maxSessionDuration: 4h, requesters: [e], approvers: [s] }
  - { id: untagged, name: Untagged, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Untagged", maxDuration: 1h, requesters: [e], approvers: [s] }
  - { id: missing, name: Missing, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Missing", maxDuration: 1h, requesters: [e], approvers: [s] }
`,
  "check.yaml",
);

beforeAll(async () => {
  h = await createHarness();
  const iam = new IAMClient({ region: "us-east-1", endpoint: h.motoUrl });
  await iam.send(
    new CreateRoleCommand({
      RoleName: "Good",
      Path: "/team/",
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: trust(["sts:AssumeRole", "sts:Tag*", "sts:SetSourceIdentity"], {
        Condition: { StringEquals: { "sts:ExternalId": "ext-123" } },
      }),
    }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: "Short", AssumeRolePolicyDocument: trust(["sts:*"]) }));
  await iam.send(new CreateRoleCommand({ RoleName: "Untagged", AssumeRolePolicyDocument: trust(["sts:AssumeRole"]) }));
  await iam.send(new CreateRoleCommand({ RoleName: "Elsewhere", AssumeRolePolicyDocument: trust(["sts:*"]) }));
});
afterAll(() => h.close());

describe("checkCatalogRoles", () => {
  it("reports, per role, what IAM would refuse and how to fix it", async () => {
    const { callerArn, results } = await checkCatalogRoles({ catalog, awsDirectory: h.awsDirectory });
    expect(callerArn).toMatch(/^arn:aws:sts::123456789012:user\//);
    const byId = Object.fromEntries(results.map((r) => [r.roleId, r]));

    expect(byId.good).toMatchObject({ ok: true });
    expect(byId.good!.checks.map((c) => c.label)).toEqual([
      "Role exists in IAM",
      "MaxSessionDuration is at least 2 h",
      expect.stringMatching(/sts:AssumeRole$/),
      expect.stringMatching(/sts:TagSession$/),
      expect.stringMatching(/sts:SetSourceIdentity$/),
      "Frontdesk can enforce revocations on this role (same account)",
      "Trust policy requires the catalog's external id",
    ]);

    // moto answers for any account, but revocation would need IAM writes in another account.
    expect(byId.elsewhere!.checks.filter((c) => !c.ok)).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(/runs in account 123456789012, the role is in 210987654321/) }),
    ]);

    expect(byId.short!.ok).toBe(false);
    expect(byId.short!.checks.filter((c) => !c.ok)).toEqual([
      expect.objectContaining({ label: "MaxSessionDuration is at least 4 h", detail: expect.stringMatching(/IAM allows 1 h/) }),
    ]);

    expect(byId.untagged!.checks.filter((c) => !c.ok).map((c) => c.label)).toEqual([
      expect.stringMatching(/sts:TagSession$/),
      expect.stringMatching(/sts:SetSourceIdentity$/),
    ]);

    expect(byId.missing).toMatchObject({ ok: false, checks: [{ label: "Role exists in IAM", ok: false }] });
  });

  it("is for admins only when asked from the portal", async () => {
    const admin = await h.person("root", ["admins"]);
    const engineer = await h.person("eve", ["e"]);
    const deps = { ...h, catalog };
    await expect(checkCatalogRolesAsAdmin(deps, { actor: engineer })).rejects.toBeInstanceOf(AppError);
    const check = await checkCatalogRolesAsAdmin(deps, { actor: admin });
    expect(check.results).toHaveLength(5);
    expect(await h.db.auditEvent.count({ where: { action: "catalog.roles-checked", actorId: admin.id } })).toBe(1);
  });
});
