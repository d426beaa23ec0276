// The ceiling's insert and queue read (scripts/bench/ceiling-sql.mjs) in a Next.js route handler:
// no sign-in, validation, audit or rules, only the framework around one statement.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { INSERT, QUEUE } from "../../../ceiling-sql.ts";

export const dynamic = "force-dynamic";

const pool = (globalThis.benchFloorPool ??= new pg.Pool({
  connectionString: process.env.BENCH_FLOOR_DATABASE_URL,
  max: Number(process.env.BENCH_FLOOR_POOL ?? 20),
}));

export async function POST(request) {
  const input = await request.json();
  const result = await pool.query(INSERT, [randomUUID(), input.requesterId, input.justification]);
  return Response.json(result.rows[0], { status: 201 });
}

export async function GET() {
  const result = await pool.query(QUEUE);
  return Response.json(result.rows);
}
