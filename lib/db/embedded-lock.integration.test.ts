// Two real processes on one embedded database folder: the second is refused with words that say
// what to do, a crash (kill -9 while writing) leaves a folder that opens again, and the data the
// first process wrote is all there afterwards.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, EmbeddedDatabaseInUseError, LOCK_FILE } from "./embedded-lock";

const HOLDER = path.resolve("scripts/dev/embedded-holder.ts");
const children = new Set<ChildProcessWithoutNullStreams>();
const dirs: string[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Holder {
  child: ChildProcessWithoutNullStreams;
  /** The first line that says how the start went. */
  started: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

function startHolder(dir: string, label: string): Holder {
  const child = spawn(process.execPath, ["--import", "tsx", HOLDER, dir, label], { stdio: "pipe" });
  children.add(child);
  let out = "";
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => /^(OPEN|REFUSED|FAILED)/.test(l));
      if (line) resolve(line);
    });
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`holder ${label} exited (${code}) before opening:\n${out}`)));
  });
  started.catch(() => {});
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, started, exited, output: () => out };
}

async function stopHolder(holder: Holder): Promise<void> {
  holder.child.stdin.write("stop\n");
  expect(await holder.exited).toBe(0);
}

describe("one process per embedded database folder", { timeout: 180_000 }, () => {
  it("refuses a second process, opens again after a kill -9, and keeps the data", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "frontdesk-embedded-"));
    dirs.push(root);
    const dir = path.join(root, "data");

    const first = startHolder(dir, "first");
    expect(await first.started).toBe("OPEN 0");

    const second = startHolder(dir, "second");
    const refusal = await second.started;
    expect(await second.exited).toBe(3);
    expect(refusal).toMatch(/^REFUSED The embedded database in .* is already open \(process \d+ on /);
    expect(refusal).toMatch(/Stop the other process first, or, to run several instances, set DATABASE_URL to a PostgreSQL database/);
    // The first never noticed: it is still writing.
    expect(first.child.exitCode).toBeNull();

    // A crash in the middle of writes: the lock stays behind with a pid that is gone.
    first.child.kill("SIGKILL");
    await first.exited;

    const third = startHolder(dir, "third");
    const reopened = await third.started;
    expect(reopened).toMatch(/^OPEN \d+$/);
    const rowsAfterCrash = Number(reopened.split(" ")[1]);
    expect(rowsAfterCrash).toBeGreaterThan(0);
    await stopHolder(third);

    // Stopped cleanly: the next one opens at once and sees everything, the third's rows too.
    const fourth = startHolder(dir, "fourth");
    const again = await fourth.started;
    expect(Number(again.split(" ")[1])).toBeGreaterThan(rowsAfterCrash);
    await stopHolder(fourth);
  });
});

describe("acquireEmbeddedLock", () => {
  it("refuses a lock another host keeps touching, and takes over one nobody touches", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "frontdesk-lock-"));
    dirs.push(dir);
    const file = path.join(dir, LOCK_FILE);
    const foreign = JSON.stringify({ pid: 1, hostname: "another-host", token: "t-1", startedAt: "2026-01-01T00:00:00Z" });
    await writeFile(file, foreign);
    // Its holder touches it while we look.
    let lastTouch: Promise<void> = Promise.resolve();
    const toucher = setInterval(() => (lastTouch = writeFile(file, foreign)), 50);
    try {
      await expect(acquireEmbeddedLock(dir, { staleMs: 2_000, refreshMs: 200 })).rejects.toThrow(EmbeddedDatabaseInUseError);
    } finally {
      clearInterval(toucher);
      // A touch still being written would count as a fresh one below.
      await lastTouch;
    }
    // Nobody touches it any more (a crashed container): taken over once stale.
    const lock = await acquireEmbeddedLock(dir, { staleMs: 300, refreshMs: 100 });
    await expect(acquireEmbeddedLock(dir, { staleMs: 300, refreshMs: 100 })).rejects.toThrow(/this very process already has it open/);
    await lock.release();
    const again = await acquireEmbeddedLock(dir);
    await again.release();
  });
});
