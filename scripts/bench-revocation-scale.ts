// `npm run bench:revocation-scale [-- --ends N] [-- --accounts]`: N people (1,000 by default) each
// end their access early on ONE role with 12-hour sessions, spread evenly over one 12-hour window,
// through the real use cases (request, approve, revoke) and the real outbox job, against moto and
// a fresh database on the local PostgreSQL. The role lives in another account and is reached
// through its management role. Prints how many ended without failing, the documents AWS holds,
// their sizes, and whether every person's deny time equals their stored cutoff. Not a test.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { deniedUntil } from "@/lib/access/revocation-packing";
import { REVOCATION_POLICY_NAME } from "@/lib/access/revocation-policy";
import { REVOCATION_POLICY_PATH } from "@/lib/access/sync-revocation-policy";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { createHarness } from "@/lib/testing/harness";
import { advance, runJobs } from "@/lib/testing/revocation-kit";
import { createRoleIn, revocationDocumentsIn } from "@/scripts/dev/accounts";

const { values } = parseArgs({ options: { ends: { type: "string", default: "1000" } } });
const ends = Number(values.ends);
const TARGET = "444455556666";
const ROLE = `arn:aws:iam::${TARGET}:role/FrontdeskBusy`;
const CATALOG = `
admins: [admins]
management: { roleName: FrontdeskManagement, externalId: fd-bench }
accounts:
  - { id: "${TARGET}", name: Busy }
roles:
  - { id: busy, name: Busy, account: "${TARGET}", arn: "${ROLE}", maxDuration: 12h, maxSessionDuration: 12h, requesters: [engineering], approvers: [security], managed: true }
`;

async function main(): Promise<void> {
  const h = await createHarness();
  try {
    h.catalog = parseCatalog(CATALOG, "bench.yaml");
    await createRoleIn(h.motoUrl, `arn:aws:iam::${TARGET}:role/FrontdeskManagement`, { externalId: "fd-bench" });
    await createRoleIn(h.motoUrl, ROLE, { maxSessionDuration: 43_200 });
    const approver = await h.person("approver", ["security"]);
    const step = Math.floor(43_200 / ends);
    let failed = 0;
    let syncMs = 0;
    for (let i = 0; i < ends; i++) {
      const actor = await h.person(`person${i}`, ["engineering"]);
      const request = await createRequest(h, { actor, input: { roleId: "busy", justification: "Bench INC-1", durationMinutes: 60 } });
      await decideRequest(h, { actor: approver, requestId: request.id, decision: "APPROVE" });
      await revokeRequest(h, { actor: approver, requestId: request.id, reason: "Bench" });
      const t = performance.now();
      failed += (await runJobs(h)).retried;
      syncMs += performance.now() - t;
      advance(h, step);
      if ((i + 1) % 100 === 0) console.log(`${i + 1} early endings, ${failed} failed syncs so far`);
    }
    const live = await h.db.revocation.findMany({ where: { roleArn: ROLE, removeAfter: { gt: h.now() } } });
    const stamp = (d: Date) => d.toISOString().replace(".000Z", "Z");
    const expected = new Map<string, string>();
    for (const r of live) if ((expected.get(r.sourceIdentity) ?? "") < stamp(r.cutoff)) expected.set(r.sourceIdentity, stamp(r.cutoff));
    const docs = await revocationDocumentsIn(h.motoUrl, ROLE, REVOCATION_POLICY_NAME, REVOCATION_POLICY_PATH);
    const all = [docs.inline, ...docs.managed].filter((d): d is string => d !== null);
    const denied = deniedUntil(all);
    const exact = denied.size === expected.size && [...expected].every(([id, s]) => denied.get(id) === s);
    const cutoffs = new Set(live.map((r) => stamp(r.cutoff))).size;
    console.log(
      JSON.stringify(
        {
          earlyEndings: ends,
          withinSeconds: step * ends,
          liveRevocations: live.length,
          distinctCutoffs: cutoffs,
          applied: live.filter((r) => r.status === "APPLIED").length,
          failedSyncs: failed,
          inlineChars: docs.inline?.replace(/\s/g, "").length ?? 0,
          managedPolicies: docs.managed.map((d) => d.replace(/\s/g, "").length),
          everyCutoffExact: exact,
          meanSyncMs: Math.round(syncMs / ends),
        },
        null,
        2,
      ),
    );
  } finally {
    await h.close();
  }
}

void main();
