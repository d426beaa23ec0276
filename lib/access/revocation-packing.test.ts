import { describe, expect, it } from "vitest";
import { deniedUntil, packRevocations } from "./revocation-packing";
import { buildRevocationPolicy } from "./revocation-policy";
import { planRevocation } from "./revocation-window";

const at = (iso: string) => new Date(iso);
const people = (n: number, from = Date.parse("2026-03-02T09:00:00Z"), stepMs = 1000) =>
  Array.from({ length: n }, (_, i) => ({ sourceIdentity: `p${i}@example.com`, cutoff: new Date(from + i * stepMs) }));
const size = (doc: string) => doc.replace(/\s/g, "").length;

describe("packRevocations", () => {
  it("writes the same inline document as before while it fits, and no managed policy", () => {
    const live = people(10);
    expect(packRevocations(live)).toEqual({ inline: buildRevocationPolicy(live), managed: [] });
    expect(packRevocations([])).toEqual({ inline: null, managed: [] });
  });

  it("spills into managed policies within their limits, splitting a shared cutoff, and denies everyone exactly", () => {
    // 60 people with distinct cutoffs and 400 sharing one: the big group spans documents.
    const live = [...people(60), ...people(400, Date.parse("2026-03-02T10:00:00Z"), 0).map((r) => ({ ...r, sourceIdentity: `q${r.sourceIdentity}` }))];
    const packed = packRevocations(live, { inline: 10_240, managed: 6_144, managedPolicies: 6 });
    expect(size(packed.inline!)).toBeLessThanOrEqual(10_240);
    expect(packed.managed.length).toBeGreaterThan(0);
    for (const doc of packed.managed) expect(size(doc)).toBeLessThanOrEqual(6_144);
    const expected = new Map(live.map((r) => [r.sourceIdentity, r.cutoff.toISOString().replace(".000Z", "Z")]));
    expect(deniedUntil([packed.inline!, ...packed.managed])).toEqual(expected);
  });

  it("refuses, rather than dropping anyone, when even the last managed policy is full", () => {
    expect(() => packRevocations(people(200), { inline: 10_240, managed: 6_144, managedPolicies: 1 })).toThrow(/characters/);
  });
});

describe("planRevocation on a busy role", () => {
  it("rounds the cutoff up to the ceiling, never down, and keeps the deny for a full session after it", () => {
    const now = at("2026-03-02T09:03:10.500Z");
    const { cutoff, removeAfter } = planRevocation({ now, roleMaxSessionSeconds: 3600, ceilingSeconds: 600 });
    expect(cutoff.toISOString()).toBe("2026-03-02T09:10:00.000Z");
    expect(removeAfter.toISOString()).toBe("2026-03-02T10:10:30.000Z");
    // Already on a boundary after the skew margin: unchanged.
    expect(planRevocation({ now: at("2026-03-02T09:09:30Z"), roleMaxSessionSeconds: 3600, ceilingSeconds: 600 }).cutoff.toISOString()).toBe(
      "2026-03-02T09:10:00.000Z",
    );
  });
});
