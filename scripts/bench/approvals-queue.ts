// The approvals page at scale, over HTTP: an approver's whole page (session, the three queries,
// the render) from the production server, beside the ceiling's bare queue read.
import { percentile, send } from "./load";

const RUNS = 40;

export async function measureApprovalsQueue(
  appPort: number,
  cookie: string,
  ceilingPort: number,
): Promise<{ mine: [number, number]; ceiling: [number, number]; status: Record<string, number> }> {
  const mine: number[] = [];
  const theirs: number[] = [];
  const status: Record<string, number> = {};
  for (let i = 0; i < RUNS; i++) {
    const page = await send(appPort, { method: "GET", path: "/approvals", headers: { cookie } });
    status[page.status] = (status[page.status] ?? 0) + 1;
    mine.push(page.ms);
    theirs.push((await send(ceilingPort, { method: "GET", path: "/approvals" })).ms);
  }
  const sorted = (values: number[]) => values.slice(RUNS / 4).sort((a, b) => a - b); // the first quarter warms up
  const [a, b] = [sorted(mine), sorted(theirs)];
  return { mine: [percentile(a, 50), percentile(a, 95)], ceiling: [percentile(b, 50), percentile(b, 95)], status };
}
