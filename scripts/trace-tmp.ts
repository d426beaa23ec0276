import pg from "pg";
import { apiCall, deviceTokens } from "@/lib/testing/api-kit";
import { createHarness } from "@/lib/testing/harness";
import { listDecidedForApprover, listPendingApprovals, listReviewTasks } from "@/lib/requests/queries";
let on = false; let n = 0;
const orig = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (...args: any[]) {
  if (on) { n++; const q = args[0]; const text = typeof q === "string" ? q : q?.text; console.log(`  ${n}: ${String(text).replace(/\s+/g, " ").slice(0, 260)}`); }
  return (orig as any).apply(this, args);
};
const h = await createHarness({ withFederation: true });
const alice = await h.person("alice", ["engineering"]);
const bob = await h.person("bob", ["security"]);
const at = (await deviceTokens(h, alice)).access_token;
const bt = (await deviceTokens(h, bob)).access_token;
const step = async (label: string, f: () => Promise<any>) => { n = 0; on = true; console.log(`== ${label}`); const r = await f(); on = false; console.log(`== ${label}: ${n} statements`); return r; };
const roles = process.argv[2] ?? "dev";
const created = await step("create", () => apiCall(h, "POST", "/api/v1/requests", { token: at, body: { roles: [roles], justification: "Incident bridge: checking the logs", durationMinutes: 60 } }));
console.log(created.status, JSON.stringify(created.body).slice(0, 200));
const id = created.body.id;
const appr = await step("approve", () => apiCall(h, "POST", `/api/v1/requests/${id}/approve`, { token: bt, body: {} }));
console.log(appr.status, JSON.stringify(appr.body).slice(0, 200));
const link = await step("console", () => apiCall(h, "POST", `/api/v1/requests/${id}/console`, { token: at, body: {} }));
console.log(link.status, JSON.stringify(link.body).slice(0, 200));
await step("approvals data", () => Promise.all([listPendingApprovals(h, bob), listDecidedForApprover(h, bob), listReviewTasks(h, bob)]));
await h.close();
process.exit(0);
