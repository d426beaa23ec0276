import { describe, expect, it } from "vitest";
import { startLoop } from "./start-job-loop";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startLoop", () => {
  it("ticks repeatedly, never two ticks at once, even when a tick outlasts the interval", async () => {
    let running = 0;
    let worst = 0;
    let ticks = 0;
    const loop = startLoop(
      async () => {
        running++;
        worst = Math.max(worst, running);
        ticks++;
        await pause(25);
        running--;
      },
      { intervalMs: 5, onError: () => {} },
    );
    await pause(200);
    await loop.stop();
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(worst).toBe(1);
  });

  it("keeps going after a failed tick and reports the error", async () => {
    const errors: unknown[] = [];
    let ticks = 0;
    const loop = startLoop(
      async () => {
        ticks++;
        if (ticks === 1) throw new Error("database restarting");
      },
      { intervalMs: 5, onError: (error) => errors.push(error) },
    );
    await pause(60);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(ticks).toBeGreaterThan(1);
  });

  it("stops cleanly: waits for the tick in progress and starts no other", async () => {
    let finished = false;
    let ticks = 0;
    let release: () => void = () => {};
    const loop = startLoop(
      async () => {
        ticks++;
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
      },
      { intervalMs: 5, onError: () => {} },
    );
    await pause(20);
    expect(ticks).toBe(1);
    const stopped = loop.stop();
    let stoppedYet = false;
    void stopped.then(() => (stoppedYet = true));
    await pause(10);
    expect(stoppedYet).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);
    await pause(30);
    expect(ticks).toBe(1);
  });
});
