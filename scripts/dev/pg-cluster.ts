// A private PostgreSQL cluster for tests that stop the database (never the shared server on 5432):
// initdb in a temp folder, its own port on 127.0.0.1, stop ("immediate", like a crash or a network
// cut) and start again on the same port, and remove everything at the end. PostgreSQL refuses to
// run as root, so as root the cluster runs as the postgres user.
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./pg-port";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export interface PgCluster {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  serverUrl: string;
  port: number;
  stop(mode?: "immediate" | "fast"): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPgCluster(): Promise<PgCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "frontdesk-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? await postgresIds() : null;
  if (ids) await chown(dir, ids.uid, ids.gid);
  const pgExec = (bin: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(BIN, bin), ...args]) : run(path.join(BIN, bin), args);

  await pgExec("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=60`;
  const start = async () => void (await pgExec("pg_ctl", ["-D", data, "-o", options, "-w", "-t", "60", "-l", path.join(dir, "log"), "start"]));
  const stop = async (mode: "immediate" | "fast" = "immediate") => void (await pgExec("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]));
  await start();
  let destroyed = false;
  return {
    serverUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await stop("immediate").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
