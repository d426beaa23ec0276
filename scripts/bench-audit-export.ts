// `npm run bench:audit-export [-- <rows>] [--no-analyze]`: fills a throw-away database on the
// local PostgreSQL (127.0.0.1:5432) with synthetic audit events (a million by default), streams
// them through the export code path the route uses, in both formats, and prints time and memory.
// --no-analyze skips ANALYZE after the load, to see the plans a never-analyzed table gets.
import { PrismaPg } from "@prisma/adapter-pg";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { insertSyntheticEvents, measureExport, SYNTHETIC_ACTION } from "@/lib/testing/audit-export-kit";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { createTestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Only the admins group matters here; a smallest valid catalog keeps the baseline small.
const CATALOG = `
admins: [admins]
accounts: [{ id: "123456789012", name: Bench }]
roles:
  - { id: bench, name: Bench, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Bench", maxDuration: 1h, requesters: [admins], approvers: [admins] }
`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const args = process.argv.slice(2);
  const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const analyze = !args.includes("--no-analyze");
  const database = await createTestDatabase();
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
  const deps = { db, catalog: parseCatalog(CATALOG, "bench-catalog.yaml"), now: () => new Date() };
  const admin = { id: "bench-admin", email: "bench@example.com", name: "bench", groups: ["admins"] };
  try {
    const started = performance.now();
    await insertSyntheticEvents(db, rows);
    if (analyze) await db.$executeRaw`ANALYZE "AuditEvent"`;
    console.log(`inserted ${rows} events in ${((performance.now() - started) / 1000).toFixed(1)} s${analyze ? " (then ANALYZE)" : ""}`);
    // Warm up (module loading, connections) so the first measurement is the export alone.
    await new Response((await exportAuditEvents(deps, { actor: admin, filter: { action: "none.such" }, format: "csv" })).body).text();

    for (const [label, filter] of [
      ["all events", {}],
      [`action=${SYNTHETIC_ACTION}`, { action: SYNTHETIC_ACTION }],
    ] as const) {
      for (const format of ["csv", "jsonl"] as const) {
        const m = await measureExport(deps, { actor: admin, filter, format });
        // "All events" also holds each export's own audit.exported event.
        const expected = await db.auditEvent.count({ where: "action" in filter ? { action: filter.action } : {} });
        const ok = m.rows === expected ? "ok" : `MISMATCH (expected ${expected})`;
        console.log(`${format.padEnd(5)} ${label.padEnd(24)} ${m.summary} [${ok}]`);
      }
    }
    console.log(`process peak RSS (getrusage maxrss): ${mb(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error("bench:audit-export failed:", error);
  process.exit(1);
});
