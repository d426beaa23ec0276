// The CLI's files: the sign-in (server, tokens) and the credential cache, owner-only (0600) in a
// 0700 folder. Nothing secret is ever printed except on purpose (creds).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export function configDir(env = process.env) {
  if (env.FRONTDESK_CONFIG_DIR) return env.FRONTDESK_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || path.join(homedir(), ".config");
  return path.join(base, "frontdesk");
}

function ensureDir(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a file. */
export function writeSecretJson(file, value) {
  ensureDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function removeFile(file) {
  rmSync(file, { force: true });
}

export const sessionFile = (dir) => path.join(dir, "session.json");
export const cacheFile = (dir, role) => path.join(dir, "cache", `${role.replace(/[^A-Za-z0-9_.-]/g, "_")}.json`);

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `work` holding an exclusive lock file: two credential_process calls at once must not both
 * rotate the refresh token (the second would look like a copied token and sign the device out).
 */
export async function withLock(dir, work) {
  ensureDir(dir);
  const lock = path.join(dir, "session.lock");
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      // A lock left by a process that died is stale after 30 seconds.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
      } catch {
        /* gone already */
      }
      if (Date.now() > deadline) throw new Error("Another frontdesk command holds the sign-in lock; try again.");
      sleepSync(50);
    }
  }
  try {
    return await work();
  } finally {
    if (existsSync(lock)) rmSync(lock, { force: true });
  }
}
