// One writer per embedded database. PGlite has no lock of its own: a second process opening the same
// folder writes next to the first and the folder no longer opens afterwards. So the process that
// opens it keeps a lock file in the folder, stamped with its pid and host and touched every few
// seconds. A lock whose process is gone (same host, dead pid) or, from another host, that nobody
// touched for a while (a crashed container, whose pid and host name do not survive) is taken over;
// any other is refused with words that say what to do.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rmdir, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { readFileSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const LOCK_FILE = "frontdesk.lock";
/** How often the holder touches the lock. */
const LOCK_REFRESH_MS = 2_000;
/** A lock nobody touched for this long belongs to a process that is gone. */
const LOCK_STALE_MS = 10_000;

// Tokens of the locks this process holds.
const heldHere = new Set<string>();

export class EmbeddedDatabaseInUseError extends Error {
  override name = "EmbeddedDatabaseInUseError";
}

interface LockContent {
  pid: number;
  hostname: string;
  token: string;
  startedAt: string;
}

export interface EmbeddedLock {
  release(): Promise<void>;
}

export interface AcquireOptions {
  staleMs?: number;
  refreshMs?: number;
}

/** Takes the folder's lock or throws EmbeddedDatabaseInUseError. `dir` must exist. */
export async function acquireEmbeddedLock(dir: string, options: AcquireOptions = {}): Promise<EmbeddedLock> {
  const staleMs = options.staleMs ?? LOCK_STALE_MS;
  const refreshMs = options.refreshMs ?? LOCK_REFRESH_MS;
  const file = path.join(dir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, hostname: os.hostname(), token: randomUUID(), startedAt: new Date().toISOString() };
  const deadline = Date.now() + staleMs + refreshMs;
  let firstSeen: { token: string; mtimeMs: number } | null = null;

  for (;;) {
    if (await createExclusive(file, mine)) return hold(file, mine, refreshMs);
    const held = await readLock(file);
    if (!held) continue; // Released between our two looks: try again.
    if (held.content && heldHere.has(held.content.token)) throw inUse(dir, held.content, "this very process already has it open");
    // Our own pid in a lock we do not hold: a previous life of this container or process.
    const samePidAgain = held.content !== null && held.content.hostname === mine.hostname && held.content.pid === process.pid;
    const sameHost = held.content !== null && held.content.hostname === mine.hostname;
    if (sameHost && held.content && !samePidAgain && isAlive(held.content.pid)) throw inUse(dir, held.content);
    // Another host's lock (a container that shares the volume, or a crashed one) is judged by its
    // touches: the pid means nothing here.
    const untouched = Date.now() - held.mtimeMs > staleMs;
    if (sameHost || untouched) {
      await takeOver(file, held);
      continue;
    }
    const token = held.content?.token ?? "";
    if (firstSeen && (firstSeen.token !== token || firstSeen.mtimeMs !== held.mtimeMs)) throw inUse(dir, held.content);
    firstSeen ??= { token, mtimeMs: held.mtimeMs };
    if (Date.now() > deadline) throw inUse(dir, held.content);
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, refreshMs)));
  }
}

function inUse(dir: string, holder: LockContent | null, why?: string): EmbeddedDatabaseInUseError {
  const who = holder ? `process ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}` : "another process";
  return new EmbeddedDatabaseInUseError(
    `The embedded database in ${dir} is already open (${who}${why ? `: ${why}` : ""}). ` +
      "Only one Frontdesk process may use an embedded database folder: two at once would destroy it. " +
      "Stop the other process first, or, to run several instances, set DATABASE_URL to a PostgreSQL database they share.",
  );
}

async function createExclusive(file: string, content: LockContent): Promise<boolean> {
  try {
    await writeFile(file, JSON.stringify(content), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

async function readLock(file: string): Promise<{ content: LockContent | null; raw: string; mtimeMs: number } | null> {
  try {
    const [raw, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { content: parseLock(raw), raw, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseLock(raw: string): LockContent | null {
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (typeof value.pid === "number" && typeof value.hostname === "string" && typeof value.token === "string") {
      return { pid: value.pid, hostname: value.hostname, token: value.token, startedAt: String(value.startedAt ?? "") };
    }
  } catch {
    // A half-written lock (a crash while writing it) counts as nobody's once it goes stale.
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes a stale lock, inside a small mutex (an atomic mkdir) so that two processes judging the
 * same stale lock cannot both remove it and then remove each other's new one.
 */
async function takeOver(file: string, judged: { raw: string }): Promise<void> {
  const mutex = `${file}.takeover`;
  try {
    await mkdir(mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Someone else is taking over; a mutex left by a crash mid-takeover is cleared after a while.
    const info = await stat(mutex).catch(() => null);
    if (info && Date.now() - info.mtimeMs > 30_000) await rmdir(mutex).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    return;
  }
  try {
    const now = await readLock(file);
    if (now && now.raw === judged.raw) {
      const aside = `${file}.stale-${randomUUID()}`;
      await rename(file, aside);
      await unlink(aside).catch(() => {});
      console.warn(`[frontdesk] took over the embedded database lock left by a process that is gone (${file}).`);
    }
  } finally {
    await rmdir(mutex).catch(() => {});
  }
}

function hold(file: string, mine: LockContent, refreshMs: number): EmbeddedLock {
  const ours = () => {
    try {
      return parseLock(readFileSync(file, "utf8"))?.token === mine.token;
    } catch {
      return false;
    }
  };
  const timer = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch((error: unknown) => console.error("[frontdesk] could not refresh the embedded database lock:", error));
  }, refreshMs);
  timer.unref();
  // A normal exit (including process.exit) leaves no lock behind; a crash leaves one that is taken over.
  const onExit = () => {
    if (ours()) {
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    }
  };
  process.on("exit", onExit);
  heldHere.add(mine.token);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(mine.token);
      clearInterval(timer);
      process.off("exit", onExit);
      if (ours()) await unlink(file).catch(() => {});
    },
  };
}
