// A seeded, bounded fuzz run against real PostgreSQL: a few thousand hostile values thrown at the
// create, decide and revoke inputs. Every call must be refused with an expected error (no internal
// error, nothing that maps to a 5xx), change nothing, and leave exactly one `refused` audit row.
// Set FUZZ_SEED to replay another run; the seed in use is printed on failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createHarness, type Harness } from "@/lib/testing/harness";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { revokeRequest } from "./revoke-request";

const SEED = 0x5eed_0012;
const CALLS_PER_USE_CASE = 700;
/** Calls in flight at once (inputs are drawn first, so the run stays reproducible). */
const PARALLEL = 6;

/** mulberry32: small, fast, reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters no field may carry: any of them makes a value a certain refusal. */
const FORBIDDEN = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u202e",
  "\u202d",
  "\u2066",
  "\u2069",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u2060",
  "\ufeff",
  "\u00ad",
  "\u061c",
  "\ud800",
  "\udfff",
  "\u{e0041}",
];
const NOISE = [
  '\'; DROP TABLE "AccessRequest"; --',
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "{{7*7}}",
  "${process.env}",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "aws:platform",
  "@here",
  "<!channel>",
  "*bold* _it_ `code`",
  "\\",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "true",
  "[]",
  "{}",
  "東京",
  "Zürich",
  "🚒",
  "a".repeat(70),
  "b".repeat(1500),
  " ",
  "\t",
  "\n",
  "\r\n",
  "prod-read",
  "dev",
  "admin",
  "cm0000000000000000000000",
];

function hostileValue(next: () => number, mustRefuse: boolean): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) parts.push(next() < 0.5 ? pick(NOISE) : String.fromCodePoint(Math.floor(next() * 0x3000)));
  // Between letters, so trimming (which drops a leading U+FEFF, say) cannot remove it.
  if (mustRefuse) parts.splice(Math.floor(next() * (parts.length + 1)), 0, `x${pick(FORBIDDEN)}x`);
  return parts.join("");
}

/** Sometimes not a string at all: what a forged server-action call could send. */
function hostileAny(next: () => number, mustRefuse: boolean): unknown {
  if (!mustRefuse && next() < 0.1) return [null, undefined, 42, -1, {}, [], true, { toString: () => "x" }][Math.floor(next() * 8)];
  return hostileValue(next, mustRefuse);
}

let h: Harness;
let requester: Actor;
let approver: Actor;
let admin: Actor;
let pendingId: string;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  requester = await h.person("fuzz-requester", ["engineering"]);
  approver = await h.person("fuzz-approver", ["security"]);
  admin = await h.person("fuzz-admin", ["admins"]);
  const pending = await createRequest(h, { actor: requester, input: { roleId: "dev", justification: "A real request to aim at", durationMinutes: "60" } });
  pendingId = pending.id;
});
afterAll(() => h?.close());

async function snapshot() {
  const [requests, reviews, statuses, ok] = await Promise.all([
    h.db.accessRequest.count(),
    h.db.review.count(),
    h.db.accessRequest.findMany({ select: { id: true, status: true, version: true }, orderBy: { id: "asc" } }),
    h.db.auditEvent.count({ where: { result: "ok" } }),
  ]);
  return { requests, reviews, statuses, ok };
}

/** Runs one call; returns a description of what went wrong, or null when it was refused properly. */
async function refusedProperly(call: () => Promise<unknown>): Promise<string | null> {
  try {
    await call();
    return "accepted";
  } catch (error) {
    if (!(error instanceof AppError)) return `unexpected ${String(error).slice(0, 200)}`;
    if (error.status >= 500) return `status ${error.status}`;
    return null;
  }
}

describe("hostile values against create, decide and revoke", () => {
  it(`refuses ${CALLS_PER_USE_CASE * 3} of them: no internal error, no state change, one refused audit row each`, { timeout: 240_000 }, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? SEED);
    const next = rng(seed);
    const before = await snapshot();
    const refusedBefore = await h.db.auditEvent.count({ where: { result: "refused" } });
    const failures: string[] = [];
    const fields = ["roleId", "justification", "ticket", "durationMinutes", "startAt", "extendsId", "clientKey"] as const;

    const calls: { label: string; run: () => Promise<unknown> }[] = [];
    for (let i = 0; i < CALLS_PER_USE_CASE; i++) {
      // create: one field certainly refused, the others hostile or plausible.
      const poisoned = fields[Math.floor(next() * fields.length)]!;
      const input: Record<string, unknown> = { roleId: "dev", justification: "Investigating the incident", durationMinutes: "60" };
      for (const field of fields) if (field === poisoned || next() < 0.3) input[field] = hostileAny(next, field === poisoned);
      // Fields that accept any visible text would let a harmless value through: poison one that refuses.
      if (poisoned === "durationMinutes" || poisoned === "startAt") input.justification = hostileValue(next, true);
      calls.push({
        label: `create #${i} (${poisoned}=${JSON.stringify(input[poisoned])})`,
        run: () => createRequest(h, { actor: requester, input: input as never }),
      });

      // decide: a hostile id, or the real pending request with a refused comment or decision.
      const real = next() < 0.5;
      const decision = next() < 0.5 ? "APPROVE" : next() < 0.5 ? "DENY" : (hostileAny(next, false) as string);
      const decideOptions = real
        ? { actor: approver, requestId: pendingId, decision: decision as "APPROVE", comment: hostileValue(next, true) }
        : {
            actor: approver,
            requestId: hostileAny(next, true) as string,
            decision: decision as "APPROVE",
            comment: next() < 0.5 ? undefined : hostileValue(next, false),
          };
      calls.push({
        label: `decide #${i} (${JSON.stringify(decideOptions.requestId)}, ${JSON.stringify(decideOptions.comment)})`,
        run: () => decideRequest(h, decideOptions),
      });

      // revoke: a hostile id, or the real request with a refused reason.
      const revokeOptions =
        next() < 0.5
          ? { actor: admin, requestId: pendingId, reason: hostileValue(next, true) }
          : { actor: next() < 0.5 ? admin : approver, requestId: hostileAny(next, true) as string, reason: hostileAny(next, false) as string };
      calls.push({
        label: `revoke #${i} (${JSON.stringify(revokeOptions.requestId)}, ${JSON.stringify(revokeOptions.reason)})`,
        run: () => revokeRequest(h, revokeOptions),
      });
    }
    for (let start = 0; start < calls.length; start += PARALLEL) {
      const batch = calls.slice(start, start + PARALLEL);
      const outcomes = await Promise.all(batch.map((call) => refusedProperly(call.run)));
      outcomes.forEach((outcome, k) => {
        if (outcome) failures.push(`${batch[k]!.label}: ${outcome}`);
      });
    }

    expect(failures, `seed ${seed}: ${failures.slice(0, 10).join("\n")}`).toEqual([]);
    expect(await snapshot(), `seed ${seed}: state changed`).toEqual(before);
    expect(await h.db.auditEvent.count({ where: { result: "refused" } }), `seed ${seed}: refused rows`).toBe(refusedBefore + CALLS_PER_USE_CASE * 3);
  });
});
