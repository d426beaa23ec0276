// What the approvals queue shows beside each request: the requester's own recent requests for that
// role, whoever else is in the queue.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createRequest } from "./create-request";
import { listPendingApprovals } from "./queries";

let h: Harness;
let approver: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  approver = await h.person("queue-approver", ["security"]);
}, 120_000);
afterAll(() => h?.close());

/** Requests that are over, written straight in: `count` of them, the newest `daysAgo` days back. */
async function pastRequests(requester: Actor, ruleId: string, count: number, daysAgo: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => {
    const at = new Date(h.clock.now.getTime() - (daysAgo * 24 * 60 + i) * 60_000);
    return {
      id: `past-${requester.id}-${i}`,
      requesterId: requester.id,
      accountId: "123456789012",
      roleId: "dev",
      ruleId,
      justification: `Earlier work ${i}`,
      durationSeconds: 3600,
      status: "ENDED" as const,
      createdAt: at,
      decidedAt: at,
      startsAt: at,
      endsAt: new Date(at.getTime() + 3_600_000),
    };
  });
  await h.db.accessRequest.createMany({ data: rows });
  return rows.map((r) => r.id);
}

it("shows each requester's own latest requests for the role, even beside someone with hundreds", async () => {
  const busy = await h.person("queue-busy", ["engineering"]);
  const quiet = await h.person("queue-quiet", ["engineering"]);
  const ask = (actor: Actor) => createRequest(h, { actor, input: { roleId: "dev", justification: "Queue check", durationMinutes: 60 } });
  const busyOpen = await ask(busy);
  const quietOpen = await ask(quiet);
  // The busy requester's past requests are all newer than the quiet one's.
  const busyPast = await pastRequests(busy, busyOpen.ruleId, 300, 1);
  const quietPast = await pastRequests(quiet, quietOpen.ruleId, 2, 30);

  const queue = await listPendingApprovals(h, approver);
  const recent = (id: string) => queue.find((r) => r.id === id)?.recentForRole.map((r) => r.id);
  expect(recent(quietOpen.id)).toEqual(quietPast);
  expect(recent(busyOpen.id)).toEqual(busyPast.slice(0, 5));
});
