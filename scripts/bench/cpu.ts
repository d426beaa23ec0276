// CPU time (user + system) spent by a server's processes and by the PostgreSQL backends serving a
// database, read from /proc. Divided by the operations done, it is the cost of one operation in
// CPU milliseconds: a figure a busy machine changes far less than it changes throughput, and the
// one that says where the distance to the ceiling comes from.
import { readdirSync, readFileSync } from "node:fs";

export interface CpuReading {
  /** Milliseconds of CPU used by the processes of this process group. */
  server: number;
  /** Milliseconds of CPU used by the PostgreSQL backends connected to this database. */
  database: number;
}

/** CPU milliseconds so far of each process of the group and of each backend of the database. */
export interface CpuSnapshot {
  server: Map<number, number>;
  database: Map<number, number>;
}

// Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ) on every mainstream build.
const MS_PER_TICK = 10;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, pgrp, … utime (12th), stime (13th). */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU milliseconds one process has used so far (user + system). */
export function processCpuMs(pid: number | string): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

export function readCpu(processGroup: number, database: string): CpuSnapshot {
  const snapshot: CpuSnapshot = { server: new Map(), database: new Map() };
  for (const dir of readdirSync("/proc")) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const fields = statFields(dir);
      const ms = processCpuMs(dir);
      if (Number(fields[2]) === processGroup) snapshot.server.set(Number(dir), ms);
      else if (readFileSync(`/proc/${dir}/comm`, "utf8").trim() === "postgres" && readFileSync(`/proc/${dir}/cmdline`, "utf8").includes(` ${database} `))
        snapshot.database.set(Number(dir), ms);
    } catch {
      // gone meanwhile
    }
  }
  return snapshot;
}

/**
 * CPU milliseconds per operation between two snapshots: each process still there counts what it
 * used since the first (all of it if it is new); one that exited meanwhile is not counted (a pool
 * closing idle connections would otherwise make the figure negative), so the figure errs low.
 */
export function cpuPerOperation(before: CpuSnapshot, after: CpuSnapshot, operations: number): CpuReading {
  const used = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((sum, [pid, ms]) => sum + ms - (a.get(pid) ?? 0), 0);
  const per = (ms: number) => (operations > 0 ? ms / operations : NaN);
  return { server: per(used(before.server, after.server)), database: per(used(before.database, after.database)) };
}
