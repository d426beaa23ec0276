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

// Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ) on every mainstream build.
const MS_PER_TICK = 10;

export function readCpu(processGroup: number, database: string): CpuReading {
  const reading = { server: 0, database: 0 };
  for (const dir of readdirSync("/proc")) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, … utime (12th), stime (13th).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
      if (Number(fields[2]) === processGroup) reading.server += ms;
      else if (stat.includes("(postgres)") && readFileSync(`/proc/${dir}/cmdline`, "utf8").includes(` ${database} `)) reading.database += ms;
    } catch {
      // gone meanwhile
    }
  }
  return reading;
}

/** CPU milliseconds per operation between two readings. */
export function cpuPerOperation(before: CpuReading, after: CpuReading, operations: number): CpuReading {
  const per = (a: number, b: number) => (operations > 0 ? (b - a) / operations : NaN);
  return { server: per(before.server, after.server), database: per(before.database, after.database) };
}
