// Races against real PostgreSQL, each run many times (RACE_RUNS, 10 by default; the README's
// figures come from RACE_RUNS=100). Every run checks the invariants from the database itself:
// transitions, reviews, audit events and timer jobs, never just the callers' view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { AppError } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import type { Actor } from "@/lib/policy/access";
import { verifyChain } from "@/lib/audit/verify-chain";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { REQUEST_EXPIRE, timerJobHandlers } from "./timer-jobs";

const RUNS = Number(process.env.RACE_RUNS ?? 10);
// Each race gets time in proportion to its runs (50 approvers at once take ~0.1 s a run here).
const TIMEOUT_MS = 30_000 + RUNS * 1_000;
/** A random head start of 0–maxMs for one side, so both orders of a race really happen. */
const jitter = (maxMs = 10) => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * maxMs)));
const report = (line: string) => {
  if (process.env.RACE_REPORT) console.info(`[races] ${line}`);
};

let h: Harness;
let approvers: Actor[];
let requesters: Actor[];

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  approvers = await Promise.all(Array.from({ length: 50 }, (_, i) => h.person(`approver-${i}`, ["security", "leads"])));
  requesters = await Promise.all(Array.from({ length: 4 }, (_, i) => h.person(`requester-${i}`, ["engineering"])));
});
afterAll(() => h.close());

async function ask(requester: Actor, roleId: "dev" | "prod") {
  await h.retire(requester);
  const input = { roleId, justification: "Race under test", durationMinutes: 60, ticket: roleId === "prod" ? "OPS-1" : undefined };
  return createRequest(h, { actor: requester, input });
}

const settle = (promises: Promise<unknown>[]) => Promise.allSettled(promises);
const conflicts = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r) => r.status === "rejected" && r.reason instanceof AppError && r.reason.code === "CONFLICT").length;
const fulfilled = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === "fulfilled").length;

async function facts(requestId: string) {
  const [request, reviews, events, endJobs] = await Promise.all([
    h.db.accessRequest.findUniqueOrThrow({ where: { id: requestId } }),
    h.db.review.findMany({ where: { requestId } }),
    h.db.auditEvent.findMany({ where: { requestId, result: "ok" } }),
    h.db.job.count({ where: { payload: { equals: { requestId } }, kind: "request.end-window" } }),
  ]);
  const count = (action: string) => events.filter((e) => e.action === action).length;
  return { request, reviews, endJobs, approved: count("request.approved"), activated: count("request.activated"), count };
}

describe.each([2, 10, 50])("%i approvers approving at once", (k) => {
  for (const roleId of ["dev", "prod"] as const) {
    const required = roleId === "dev" ? 1 : 2;
    it(
      `gives exactly one APPROVED transition (${required} approval${required > 1 ? "s" : ""} needed, ${RUNS} runs)`,
      async () => {
        let violations = 0;
        for (let run = 0; run < RUNS; run++) {
          const request = await ask(requesters[run % requesters.length]!, roleId);
          const results = await settle(approvers.slice(0, k).map((actor) => decideRequest(h, { actor, requestId: request.id, decision: "APPROVE" })));
          const f = await facts(request.id);
          const ok =
            f.request.status === "ACTIVE" &&
            f.approved === 1 &&
            f.activated === 1 &&
            f.endJobs === 1 &&
            f.reviews.length === required &&
            new Set(f.reviews.map((r) => r.reviewerId)).size === required &&
            fulfilled(results) === required &&
            conflicts(results) === k - required;
          if (!ok) violations++;
          expect({ run, status: f.request.status, approved: f.approved, activated: f.activated, reviews: f.reviews.length, endJobs: f.endJobs }).toEqual({
            run,
            status: "ACTIVE",
            approved: 1,
            activated: 1,
            reviews: required,
            endJobs: 1,
          });
          expect([fulfilled(results), conflicts(results)]).toEqual([required, k - required]);
        }
        report(`K=${k} ${roleId} (${required} needed): ${RUNS} runs, ${violations} violations`);
      },
      TIMEOUT_MS,
    );
  }
});

describe("approve and cancel at the same instant", () => {
  it(
    `always ends in one consistent terminal state (${RUNS} runs)`,
    async () => {
      const outcomes = { ACTIVE: 0, CANCELLED: 0 };
      for (let run = 0; run < RUNS; run++) {
        const requester = requesters[run % requesters.length]!;
        const request = await ask(requester, "dev");
        const results = await settle([
          decideRequest(h, { actor: approvers[0]!, requestId: request.id, decision: "APPROVE" }),
          jitter().then(() => cancelRequest(h, { actor: requester, requestId: request.id })),
        ]);
        const f = await facts(request.id);
        expect(fulfilled(results)).toBe(1);
        expect(conflicts(results)).toBe(1);
        if (f.request.status === "ACTIVE") {
          outcomes.ACTIVE++;
          expect([f.approved, f.activated, f.count("request.cancelled"), f.reviews.length]).toEqual([1, 1, 0, 1]);
          expect(results[0]!.status).toBe("fulfilled");
        } else {
          outcomes.CANCELLED++;
          expect(f.request.status).toBe("CANCELLED");
          expect([f.approved, f.activated, f.count("request.cancelled"), f.reviews.length, f.endJobs]).toEqual([0, 0, 1, 0, 0]);
          expect(results[1]!.status).toBe("fulfilled");
        }
      }
      report(`approve vs cancel: ${RUNS} runs, outcomes ${JSON.stringify(outcomes)}, 0 violations`);
    },
    TIMEOUT_MS,
  );
});

describe("approve and pending expiry at the same instant", () => {
  it(
    `never both approves and expires (${RUNS} runs)`,
    async () => {
      const outcomes = { ACTIVE: 0, EXPIRED: 0 };
      const expire = timerJobHandlers(h)[REQUEST_EXPIRE]!;
      for (let run = 0; run < RUNS; run++) {
        const request = await ask(requesters[run % requesters.length]!, "dev");
        // The approver (signed in just now) checks the clock a moment before the timeout while the
        // runner fires at it.
        const justBefore = new Date(request.createdAt.getTime() + 86_400_000 - 1);
        const approver = { ...approvers[1]!, authTime: justBefore };
        const results = await settle([
          decideRequest({ ...h, now: () => justBefore }, { actor: approver, requestId: request.id, decision: "APPROVE" }),
          // The expiry is one UPDATE; the decision reads first: give it up to 20 ms to get there.
          jitter(20).then(() => expire.run({ requestId: request.id }, { attempt: 1 } as never)),
        ]);
        const f = await facts(request.id);
        if (f.request.status === "ACTIVE") {
          outcomes.ACTIVE++;
          expect([f.approved, f.count("request.expired")]).toEqual([1, 0]);
          expect(results[0]!.status).toBe("fulfilled");
        } else {
          outcomes.EXPIRED++;
          expect(f.request.status).toBe("EXPIRED");
          expect([f.approved, f.activated, f.count("request.expired"), f.reviews.length]).toEqual([0, 0, 1, 0]);
          // Refused because the request had expired, not for any other reason.
          const refused = results[0]!;
          expect(refused.status === "rejected" && (refused.reason as AppError).code).toBe("CONFLICT");
        }
      }
      report(`approve vs expiry: ${RUNS} runs, outcomes ${JSON.stringify(outcomes)}, 0 violations`);
    },
    TIMEOUT_MS,
  );
});

describe("the 2nd and 3rd approvals of a 2-of-3 arriving together", () => {
  it(
    `activate once (${RUNS} runs)`,
    async () => {
      for (let run = 0; run < RUNS; run++) {
        const request = await ask(requesters[run % requesters.length]!, "prod");
        await decideRequest(h, { actor: approvers[0]!, requestId: request.id, decision: "APPROVE" });
        const results = await settle([1, 2].map((i) => decideRequest(h, { actor: approvers[i]!, requestId: request.id, decision: "APPROVE" })));
        const f = await facts(request.id);
        expect([f.request.status, f.approved, f.activated, f.reviews.length, f.endJobs]).toEqual(["ACTIVE", 1, 1, 2, 1]);
        expect([fulfilled(results), conflicts(results)]).toEqual([1, 1]);
      }
      report(`2-of-3, 2nd and 3rd together: ${RUNS} runs, 0 violations`);
    },
    TIMEOUT_MS,
  );
});

describe("fifty approvers each deciding a different request at the same instant", () => {
  it(
    `gives fifty decisions, no error, and one intact audit chain (${RUNS} runs)`,
    async () => {
      // One requester per request: a person has one open request per role at a time.
      const people = await Promise.all(Array.from({ length: 50 }, (_, i) => h.person(`crowd-requester-${i}`, ["engineering"])));
      for (let run = 0; run < RUNS; run++) {
        await Promise.all(people.map((person) => h.retire(person)));
        const requests = await Promise.all(
          people.map((actor) => createRequest(h, { actor, input: { roleId: "dev", justification: `Incident bridge, run ${run}`, durationMinutes: 60 } })),
        );
        const results = await settle(
          requests.map((request, i) =>
            decideRequest(h, {
              actor: approvers[i]!,
              requestId: request.id,
              ...(i % 5 === 4 ? { decision: "DENY", comment: "Not during the freeze" } : { decision: "APPROVE" }),
            }),
          ),
        );
        const errors = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
        expect(errors).toEqual([]);
        const ids = requests.map((r) => r.id);
        const statuses = await h.db.accessRequest.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: { _all: true } });
        expect(Object.fromEntries(statuses.map((row) => [row.status, row._count._all]))).toEqual({ ACTIVE: 40, DENIED: 10 });
        expect(await h.db.review.count({ where: { requestId: { in: ids } } })).toBe(50);
        const decided = await h.db.auditEvent.count({ where: { requestId: { in: ids }, action: { in: ["request.approved", "request.denied"] } } });
        expect(decided).toBe(50);
        const chain = await verifyChain(h.db);
        expect(chain.firstBroken).toBeUndefined();
        expect(chain.checked).toBe(chain.headSeq);
      }
      report(`50 approvers on 50 requests: ${RUNS} runs, 0 errors`);
    },
    TIMEOUT_MS,
  );
});

describe("two job runners on the same due work", () => {
  it(
    `expire each request once (${RUNS} runs of 8 requests)`,
    async () => {
      // A second app instance: its own connection pool to the same database.
      const other = new PrismaClient({ adapter: new PrismaPg({ connectionString: h.databaseUrl, max: 5 }) });
      try {
        for (let run = 0; run < RUNS; run++) {
          const ids: string[] = [];
          for (const requester of requesters) {
            await h.retire(requester);
            for (const roleId of ["dev", "scoped"]) {
              const r = await createRequest(h, { actor: requester, input: { roleId, justification: `Expire me (run ${run})`, durationMinutes: 30 } });
              ids.push(r.id);
            }
          }
          // Both instances wake up after every pending timeout has passed.
          h.clock.now = new Date(h.clock.now.getTime() + 25 * 3600_000);
          const instances = [h, { ...h, db: other }];
          // Both drain the queue together (earlier runs left due work too), in bounded rounds.
          let failed = 0;
          for (let round = 0; round < 1000; round++) {
            const summaries = await Promise.all(instances.map((deps) => runDueJobs(deps, jobHandlers(deps), { limit: 50 })));
            failed += summaries.reduce((sum, s) => sum + s.failed, 0);
            if (summaries.every((s) => s.claimed === 0)) break;
          }
          const expiredEvents = await h.db.auditEvent.count({ where: { requestId: { in: ids }, action: "request.expired" } });
          const expireJobs = await h.db.job.findMany({ where: { key: { in: ids.map((id) => `${REQUEST_EXPIRE}:${id}`) } } });
          expect(expiredEvents).toBe(ids.length);
          expect(await h.db.accessRequest.count({ where: { id: { in: ids }, status: "EXPIRED" } })).toBe(ids.length);
          expect(expireJobs.map((j) => [j.status, j.attempts])).toEqual(ids.map(() => ["DONE", 1]));
          expect(failed).toBe(0);
        }
      } finally {
        await other.$disconnect();
      }
      report(`two runners: ${RUNS} runs of 8 due requests, 0 violations`);
    },
    TIMEOUT_MS,
  );
});
