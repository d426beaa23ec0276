// Shared setup for the revocation integration tests: PostgreSQL, moto with the catalog's roles
// created in IAM, people, a settable clock and helpers to run the outbox and read IAM.
import { REVOCATION_POLICY_NAME } from "@/lib/access/revocation-policy";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Deps } from "@/lib/context";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createCatalogRoles } from "@/scripts/dev/catalog-roles";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";

const role = (id: string, arn: string, managed: boolean) => `
  - id: ${id}
    name: ${id}
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/${arn}
    maxDuration: 4h
    maxSessionDuration: 1h
    requesters: [engineering]
    approvers: [security]
    managed: ${managed}`;
const CATALOG = `
admins: [admins]
accounts:
  - { id: "123456789012", name: Sandbox }
roles:${role("dev", "FrontdeskDeveloper", true)}${role("ops", "teams/FrontdeskOperator", true)}${role("data", "FrontdeskData", true)}${role(
  "race",
  "FrontdeskRace",
  true,
)}${role("legacy", "FrontdeskLegacy", false)}
`;

export const ARN = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

export interface RevocationKit {
  h: Harness;
  alice: Actor; // engineer
  carol: Actor; // engineer and approver
  dave: Actor; // engineer
  bob: Actor; // approver
  ada: Actor; // catalog admin, approves nothing
  mallory: Actor; // nobody
}

export async function createRevocationKit(): Promise<RevocationKit> {
  const h = await createHarness();
  h.catalog = parseCatalog(CATALOG, "revocation-test.yaml");
  await createCatalogRoles(h.catalog, h.motoUrl);
  return {
    h,
    alice: await h.person("alice", ["engineering"]),
    carol: await h.person("carol", ["engineering", "security"]),
    dave: await h.person("dave", ["engineering"]),
    bob: await h.person("bob", ["security"]),
    ada: await h.person("ada", ["admins"]),
    mallory: await h.person("mallory", []),
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function advance(h: Harness, seconds: number): void {
  h.clock.now = new Date(h.clock.now.getTime() + seconds * 1000);
}

/** Runs everything due, as the loop's successive batches would; returns what happened in total. */
export async function runJobs(deps: Deps) {
  const total = { claimed: 0, done: 0, retried: 0, failed: 0 };
  for (;;) {
    const batch = await runDueJobs({ ...deps, random: () => 1 }, jobHandlers(deps), { limit: 50, lockSeconds: 60 });
    if (batch.claimed === 0) return total;
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += batch[key];
  }
}

export const policyOn = (h: Harness, roleArn: string) => h.aws.getRolePolicy({ roleArn, policyName: REVOCATION_POLICY_NAME });

export async function statementsOn(h: Harness, roleArn: string): Promise<unknown[]> {
  return (JSON.parse((await policyOn(h, roleArn)) ?? '{"Statement":[]}') as { Statement: unknown[] }).Statement;
}

/** The request's successful audit events (refused attempts are recorded too, with result "refused"). */
export async function auditOf(h: Harness, requestId: string): Promise<string[]> {
  return (await h.db.auditEvent.findMany({ where: { requestId, result: "ok" }, orderBy: { seq: "asc" } })).map((e) => e.action);
}

/** A request for the role, approved by someone else, so its window is open now. */
export async function activeGrant(kit: RevocationKit, actor: Actor, roleId: string): Promise<string> {
  await kit.h.retire(actor);
  const request = await createRequest(kit.h, { actor, input: { roleId, justification: "Fix INC-7", durationMinutes: 120 } });
  await decideRequest(kit.h, { actor: kit.bob.id === actor.id ? kit.carol : kit.bob, requestId: request.id, decision: "APPROVE" });
  return request.id;
}

/** One statement of the deny policy, as IAM should hold it. */
export const deny = (identities: string | string[], cutoff: string) => ({
  Sid: `Revoke${cutoff.replace(/[^0-9TZ]/g, "")}`,
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: { StringEquals: { "aws:SourceIdentity": identities }, DateLessThan: { "aws:TokenIssueTime": cutoff } },
});

export { refusal } from "@/lib/testing/refusal";
