// The approvals page's data at scale: the three queries the page runs for an approver (pending
// queue, history, break-glass reviews), in process against the seeded database, beside the
// ceiling's bare queue read over HTTP. In process so no session cookie has to be forged; the
// page's rendering is not in this figure.
import os from "node:os";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { loadCatalogFile } from "@/lib/catalog/load-catalog";
import type { Deps } from "@/lib/context";
import { createPostgresClient } from "@/lib/db/client";
import { listDecidedForApprover, listPendingApprovals, listReviewTasks } from "@/lib/requests/queries";
import { percentile, send } from "./load";

const RUNS = 40;

export async function measureApprovalsQueue(
  url: string,
  ceilingPort: number,
  catalogText: string,
): Promise<{ mine: [number, number]; ceiling: [number, number] }> {
  const file = path.join(os.tmpdir(), `bench-catalog-${process.pid}.yaml`);
  writeFileSync(file, catalogText);
  const db = createPostgresClient(url, { DATABASE_POOL_MAX: 4 });
  const deps = { db, catalog: loadCatalogFile(file), now: () => new Date() } as unknown as Deps;
  const actor = { id: "apr1", email: "apr1@example.com", name: "apr1", groups: ["security"], mfa: true, authTime: new Date() };
  const mine: number[] = [];
  const theirs: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await Promise.all([listPendingApprovals(deps, actor), listDecidedForApprover(deps, actor), listReviewTasks(deps, actor)]);
      mine.push(performance.now() - started);
      theirs.push((await send(ceilingPort, { method: "GET", path: "/approvals" })).ms);
    }
  } finally {
    await db.$disconnect();
  }
  const sorted = (values: number[]) => values.slice(RUNS / 4).sort((a, b) => a - b); // the first quarter warms up
  const [a, b] = [sorted(mine), sorted(theirs)];
  return { mine: [percentile(a, 50), percentile(a, 95)], ceiling: [percentile(b, 50), percentile(b, 95)] };
}
