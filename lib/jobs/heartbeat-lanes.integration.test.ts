// Takeover and lanes against real PostgreSQL: a running job's lease is renewed while it runs, so
// another runner never takes it however long it takes; a runner that died stops renewing and its
// job is taken over one lease later (10 s in the app); and timers have a lane of their own, so a
// backlog of email due before a scheduled start does not delay it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { handlersForLane } from "./lanes";
import { runDueJobs } from "./run-due-jobs";
import { LOCK_SECONDS, JOB_LOOP_INTERVAL_MS } from "./start-job-loop";
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

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition not reached");
}

describe("leases with a heartbeat", () => {
  it("keep a long job from being taken while its runner lives", async () => {
    let release: () => void = () => {};
    let runs = 0;
    const handlers: JobHandlers = {
      "test.slow": {
        run: async () => {
          runs++;
          await new Promise<void>((resolve) => (release = resolve));
        },
      },
    };
    const { id } = await h.db.job.create({ data: { kind: "test.slow", runAt: h.now() } });
    const running = runDueJobs(h, handlers, { lockSeconds: LOCK_SECONDS, heartbeatMs: 20 });
    await until(async () => runs === 1);
    // Three leases' worth of time passes while the job runs; the heartbeat keeps renewing it.
    for (let i = 0; i < 3; i++) {
      h.clock.now = at(LOCK_SECONDS - 1);
      const wanted = at(LOCK_SECONDS - 1).getTime();
      await until(async () => ((await h.db.job.findUniqueOrThrow({ where: { id } })).lockedUntil?.getTime() ?? 0) >= wanted);
      expect((await runDueJobs(h, handlers, { lockSeconds: LOCK_SECONDS })).claimed).toBe(0);
    }
    release();
    expect(await running).toMatchObject({ done: 1 });
    expect(runs).toBe(1);
  });

  it("let another runner take a dead runner's job one lease later", async () => {
    // Claimed by a runner that died at once: nothing renews its lease.
    const { id } = await h.db.job.create({ data: { kind: "test.record", runAt: h.now(), attempts: 1, lockedUntil: at(LOCK_SECONDS) } });
    const handlers: JobHandlers = { "test.record": { run: async () => {} } };
    h.clock.now = at(LOCK_SECONDS - 1);
    expect((await runDueJobs(h, handlers)).claimed).toBe(0);
    h.clock.now = at(1);
    expect((await runDueJobs(h, handlers)).done).toBe(1);
    expect(await h.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", attempts: 2 });
    // Worst case: a lease plus one loop interval, well under 15 s.
    expect(LOCK_SECONDS * 1000 + JOB_LOOP_INTERVAL_MS).toBeLessThan(15_000);
  });
});

describe("lanes", () => {
  it("run a due timer in its first batch, however many emails were due before it", async () => {
    const ran: string[] = [];
    const handlers: JobHandlers = {
      "mail.send": { run: async () => void ran.push("mail") },
      "request.start": { run: async () => void ran.push("timer") },
    };
    await h.db.job.createMany({ data: Array.from({ length: 60 }, () => ({ kind: "mail.send", runAt: at(-60) })) });
    await h.db.job.create({ data: { kind: "request.start", runAt: h.now() } });

    const timers = await runDueJobs(h, handlersForLane(handlers, "timers"), { limit: 10 });
    expect(timers).toMatchObject({ claimed: 1, done: 1 });
    expect(ran).toEqual(["timer"]);
    const deliveries = await runDueJobs(h, handlersForLane(handlers, "deliveries"), { limit: 10 });
    expect(deliveries.claimed).toBe(10);
  });
});
