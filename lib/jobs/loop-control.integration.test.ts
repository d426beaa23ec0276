// The job loop's operations hooks: the heartbeat readiness reads, and what shutdown does with
// jobs still running (hand their leases back so another instance takes them at once).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { shutDown } from "@/lib/ops/graceful-shutdown";
import { isShuttingDown } from "@/lib/ops/shutdown-state";
import {
  isDraining,
  loopHealth,
  noteLoopStarted,
  noteTickEnded,
  noteTickStarted,
  releaseRunningJobs,
  resetLoopControl,
  runningJobIds,
  trackRunningJobs,
} from "./loop-control";
import { runDueJobs } from "./run-due-jobs";
import type { JobHandlers } from "./types";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ withMoto: false });
});
afterAll(() => h.close());
beforeEach(async () => {
  resetLoopControl();
  await h.db.job.deleteMany();
});

describe("loopHealth", () => {
  it("is alive only once started and while ticks keep coming", () => {
    expect(loopHealth(2_000, 1_000_000)).toEqual({ alive: false, detail: "not started" });
    noteLoopStarted(1_000_000);
    expect(loopHealth(2_000, 1_001_000).alive).toBe(true);
    noteTickStarted(1_002_000);
    expect(loopHealth(2_000, 1_003_000)).toEqual({ alive: true, detail: "running jobs" });
    noteTickEnded(1_004_000);
    expect(loopHealth(2_000, 1_010_000).alive).toBe(true);
    expect(loopHealth(2_000, 1_004_000 + 60_000)).toEqual({ alive: false, detail: "no tick for 60 s" });
    // A tick stuck for ten minutes is not alive either.
    noteTickStarted(2_000_000);
    expect(loopHealth(2_000, 2_000_000 + 11 * 60_000).alive).toBe(false);
  });
});

describe("shutdown with jobs still running", () => {
  it("hands the leases back at the deadline, so another runner takes the job at once, and exits", async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow: JobHandlers = {
      "test.slow": {
        run: () => {
          started();
          return new Promise<void>((resolve) => (release = resolve));
        },
      },
    };
    const { id } = await h.db.job.create({ data: { kind: "test.slow", runAt: h.now() } });
    const first = runDueJobs(h, trackRunningJobs(slow));
    await running;
    expect(runningJobIds()).toEqual([id]);

    const exits: number[] = [];
    let closed = false;
    await shutDown("SIGTERM", {
      timeoutMs: 50,
      stopJobLoop: async () => {},
      releaseJobs: () => releaseRunningJobs(h.db),
      closeDatabase: async () => void (closed = true),
      exit: (code) => void exits.push(code),
    });
    expect([isShuttingDown(), isDraining(), closed, exits]).toEqual([true, true, true, [0]]);
    // The interrupted attempt is not counted, and the job is free now, not in two minutes.
    expect(await h.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", lockedUntil: null, attempts: 0 });
    const seen: string[] = [];
    expect(await runDueJobs(h, { "test.slow": { run: async (_p, job) => void seen.push(job.id) } })).toMatchObject({ claimed: 1, done: 1 });
    expect(seen).toEqual([id]);

    // The first runner's late finish does not overwrite the other's outcome.
    release();
    expect(await first).toMatchObject({ claimed: 1, done: 0 });
    expect(await h.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", attempts: 1 });
  });
});
