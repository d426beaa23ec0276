// The outbox runner against real PostgreSQL: leases, retries and several runners at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { enqueueJob } from "./enqueue-job";
import { runDueJobs } from "./run-due-jobs";
import type { JobHandlers } from "./types";

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.db.job.deleteMany();
});

const at = (seconds: number) => new Date(h.clock.now.getTime() + seconds * 1000);
const enqueue = (kind: string, payload: Prisma.InputJsonObject, extra: { key?: string; runAt?: Date; maxAttempts?: number } = {}) =>
  h.db.$transaction((tx) => enqueueJob(tx, { kind, payload, runAt: h.now(), ...extra }));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("enqueueJob", () => {
  it("creates one job per key, however often it is enqueued", async () => {
    expect(await enqueue("test.noop", { n: 1 }, { key: "k1" })).toEqual({ created: true });
    expect(await enqueue("test.noop", { n: 2 }, { key: "k1" })).toEqual({ created: false });
    expect(await h.db.job.findMany({ select: { key: true, payload: true } })).toEqual([{ key: "k1", payload: { n: 1 } }]);
  });

  it("is rolled back with the transaction that enqueued it", async () => {
    await expect(
      h.db.$transaction(async (tx) => {
        await enqueueJob(tx, { kind: "test.noop", payload: {}, runAt: h.now() });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await h.db.job.count()).toBe(0);
  });
});

describe("runDueJobs", () => {
  it("runs due jobs once, after their runAt, and marks them done", async () => {
    const seen: unknown[] = [];
    const handlers: JobHandlers = { "test.record": { run: async (payload) => void seen.push(payload) } };
    await enqueue("test.record", { n: 1 });
    await enqueue("test.record", { n: 2 }, { runAt: at(60) });
    await enqueue("test.other", { n: 3 });

    expect(await runDueJobs(h, handlers)).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ n: 1 }]);
    expect((await runDueJobs(h, handlers)).claimed).toBe(0);

    h.clock.now = at(60);
    await runDueJobs(h, handlers);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    const jobs = await h.db.job.findMany({ orderBy: { createdAt: "asc" } });
    expect(jobs.map((j) => [j.kind, j.status, j.attempts, j.lockedUntil])).toEqual([
      ["test.record", "DONE", 1, null],
      ["test.record", "DONE", 1, null],
      // No handler here: left for an instance that knows the kind.
      ["test.other", "PENDING", 0, null],
    ]);
  });

  it("reschedules a failure with growing, jittered delays and gives up after maxAttempts", async () => {
    const handlers: JobHandlers = {
      "test.flaky": {
        run: async () => {
          throw new AppError("AWS_ERROR", "Frontdesk could not reach AWS IAM.");
        },
      },
    };
    const { id } = await h.db.job.create({ data: { kind: "test.flaky", runAt: h.now(), maxAttempts: 3 } });
    const deps = { ...h, random: () => 1 };

    expect(await runDueJobs(deps, handlers)).toMatchObject({ claimed: 1, retried: 1 });
    let job = await h.db.job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "PENDING", attempts: 1, lastError: "Frontdesk could not reach AWS IAM.", lockedUntil: null });
    expect(job.runAt).toEqual(at(5));
    expect((await runDueJobs(deps, handlers)).claimed).toBe(0);

    h.clock.now = at(5);
    await runDueJobs(deps, handlers);
    job = await h.db.job.findUniqueOrThrow({ where: { id } });
    expect([job.attempts, job.runAt]).toEqual([2, at(10)]);

    h.clock.now = at(10);
    expect(await runDueJobs(deps, handlers)).toMatchObject({ failed: 1 });
    job = await h.db.job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "FAILED", attempts: 3, lastError: "Frontdesk could not reach AWS IAM." });
    h.clock.now = at(3600);
    expect((await runDueJobs(deps, handlers)).claimed).toBe(0);
  });

  it("keeps internals out of lastError", async () => {
    const handlers: JobHandlers = {
      "test.leaky": {
        run: async () => {
          throw new Error("connect ECONNREFUSED postgresql://frontdesk:hunter2@db:5432");
        },
      },
    };
    const { id } = await h.db.job.create({ data: { kind: "test.leaky", runAt: h.now() } });
    await runDueJobs(h, handlers);
    const job = await h.db.job.findUniqueOrThrow({ where: { id } });
    expect(job.lastError).toBe(`Unexpected error; details are in the server log (job ${id}).`);
  });

  it("clears the last error once a retry succeeds", async () => {
    let fail = true;
    const handlers: JobHandlers = {
      "test.recovers": {
        run: async () => {
          if (fail) throw new AppError("AWS_ERROR", "IAM is throttling Frontdesk's calls.");
        },
      },
    };
    const { id } = await h.db.job.create({ data: { kind: "test.recovers", runAt: h.now() } });
    await runDueJobs(h, handlers);
    fail = false;
    h.clock.now = at(3600);
    await runDueJobs(h, handlers);
    expect(await h.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", attempts: 2, lastError: null });
  });

  it("takes a job back from a runner that died holding it, once the lease has run out", async () => {
    const { id } = await h.db.job.create({ data: { kind: "test.record", runAt: h.now(), attempts: 1, lockedUntil: at(30) } });
    const handlers: JobHandlers = { "test.record": { run: async () => {} } };
    expect((await runDueJobs(h, handlers)).claimed).toBe(0);
    h.clock.now = at(30);
    expect((await runDueJobs(h, handlers)).done).toBe(1);
    expect(await h.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", attempts: 2 });
  });

  it("does each job exactly once when several runners race over the same due jobs", async () => {
    const runs = new Map<number, number>();
    const handlers: JobHandlers = {
      "test.count": {
        run: async (payload) => {
          const n = (payload as { n: number }).n;
          runs.set(n, (runs.get(n) ?? 0) + 1);
          await pause(5);
        },
      },
    };
    const total = 60;
    await h.db.job.createMany({ data: Array.from({ length: total }, (_, n) => ({ kind: "test.count", payload: { n }, runAt: h.now() })) });

    const runner = async () => {
      let claimed = 0;
      for (;;) {
        const summary = await runDueJobs(h, handlers, { limit: 4 });
        if (summary.claimed === 0) return claimed;
        claimed += summary.claimed;
      }
    };
    const claimedPerRunner = await Promise.all([runner(), runner(), runner(), runner()]);

    expect(claimedPerRunner.reduce((a, b) => a + b, 0)).toBe(total);
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(await h.db.job.count({ where: { status: "DONE", attempts: 1 } })).toBe(total);
  });

  it("never runs two jobs of one group at the same time, across runners", async () => {
    const active = new Map<string, number>();
    let worst = 0;
    const done: number[] = [];
    const handlers: JobHandlers = {
      "test.grouped": {
        group: (payload) => `role-${(payload as { g: number }).g}`,
        run: async (payload) => {
          const { g, n } = payload as { g: number; n: number };
          const key = `role-${g}`;
          active.set(key, (active.get(key) ?? 0) + 1);
          worst = Math.max(worst, active.get(key)!);
          await pause(10);
          active.set(key, active.get(key)! - 1);
          done.push(n);
        },
      },
    };
    const total = 24;
    await h.db.job.createMany({
      data: Array.from({ length: total }, (_, n) => ({ kind: "test.grouped", payload: { g: n % 3, n }, runAt: h.now() })),
    });
    const runner = async () => {
      for (let round = 0; round < 200 && done.length < total; round++) {
        if ((await runDueJobs(h, handlers, { limit: 5 })).claimed === 0) await pause(3);
      }
    };
    await Promise.all([runner(), runner(), runner()]);

    expect(worst).toBe(1);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n));
    expect(await h.db.job.count({ where: { status: "DONE" } })).toBe(total);
  });
});
