import { describe, expect, it } from "vitest";
import { missingRows } from "./chain-breaks";
import { chainHash, GENESIS_HASH } from "./record-audit-event";
import { hashOf, type StoredRow } from "./verify-chain";

const event = (data: unknown, overrides: Partial<Record<string, string | null>> = {}) => ({
  at: new Date(Date.UTC(2026, 2, 2, 9, 0, 0, 7)),
  actorId: "u1",
  action: "request.created",
  targetType: "request",
  targetId: "r1",
  requestId: "r1",
  result: "ok",
  data,
  ...overrides,
});

function stored(e: ReturnType<typeof event>, prevHash = GENESIS_HASH): StoredRow {
  return [1, e.at.getTime(), e.actorId, e.action, e.targetType, e.targetId, e.requestId, e.result, e.data, prevHash, ""];
}

describe("hashOf", () => {
  // The verifier writes canonicalJson's output for the event by hand: it must produce the same bytes.
  it.each([
    ["an empty data object", {}],
    ["scalars of every kind", { b: true, n: null, i: 42, f: 0.1, neg: -3, big: 1e21, s: "plain" }],
    ["keys that sort by code unit", { Z: 1, a: 2, é: 3, _: 4, "10": 5, "9": 6, "": 7 }],
    ["strings that need escaping", { q: 'say "hi"\\', nl: "a\nb\tc\u0001", uni: "Zoë 🚀 \u2028" }],
    ["nested values", { list: [3, { b: 1, a: 2 }], obj: { z: null, y: [true] } }],
  ])("matches chainHash for %s", (_label, data) => {
    const e = event(data);
    expect(hashOf(stored(e, "ab".repeat(32)))).toBe(chainHash("ab".repeat(32), e));
  });

  it("matches chainHash with null optional fields", () => {
    const e = event({ reason: "x" }, { actorId: null, targetId: null, requestId: null });
    expect(hashOf(stored(e))).toBe(chainHash(GENESIS_HASH, e));
  });
});

describe("missingRows", () => {
  it("names one row, a range, and holes at the start", () => {
    expect(missingRows(40, 42)).toEqual({ seq: 41, reason: "row 41 is missing (sequence jumps 40 → 42)" });
    expect(missingRows(40, 44)).toEqual({ seq: 41, reason: "rows 41–43 are missing (sequence jumps 40 → 44)" });
    expect(missingRows(0, 2)).toEqual({ seq: 1, reason: "row 1 is missing (sequence starts at 2)" });
  });
});
