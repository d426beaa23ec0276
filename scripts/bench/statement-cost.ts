// What one statement's round trip costs on this machine, in CPU: the client's (Node and pg) and
// the PostgreSQL backend's, for the same indexed lookup run unprepared (parsed and planned every
// time) and prepared once per connection. Every operation pays this once per statement it needs.
import pg from "pg";
import { processCpuMs } from "./cpu";

export interface StatementCost {
  prepared: boolean;
  /** Microseconds of CPU per statement. */
  clientUs: number;
  databaseUs: number;
}

export async function measureStatementCost(url: string, statements = 4000): Promise<StatementCost[]> {
  const sql = `SELECT r.id, r.status::text, r."createdAt", json_build_object('id', u.id, 'email', u.email) AS requester
    FROM "AccessRequest" r JOIN "User" u ON u.id = r."requesterId" WHERE r.id = $1 LIMIT 1`;
  const results: StatementCost[] = [];
  for (const prepared of [false, true, false, true]) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const backend = rows[0]!.pid;
      const [ownBefore, theirsBefore] = [process.cpuUsage(), processCpuMs(backend)];
      for (let i = 0; i < statements; i++) await client.query({ name: prepared ? "bench_lookup" : undefined, text: sql, values: [`old-${i % 1000}`] });
      const own = process.cpuUsage(ownBefore);
      results.push({ prepared, clientUs: (own.user + own.system) / statements, databaseUs: ((processCpuMs(backend) - theirsBefore) * 1000) / statements });
    } finally {
      await client.end();
    }
  }
  return results;
}
