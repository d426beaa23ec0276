import { describe, expect, it } from "vitest";
import { chainHash, checkBatch, FIELD, hashOf, isoTime, type Chunk, type StoredRow } from "./chain-hash";
import { GENESIS_HASH } from "./record-audit-event";

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

type Row = [...StoredRow] & { 9: string; 10: string };

function stored(e: ReturnType<typeof event>, prevHash = GENESIS_HASH, seq = 1): Row {
  return [seq, e.at.getTime(), e.actorId, e.action, e.targetType, e.targetId, e.requestId, e.result, e.data, prevHash, chainHash(prevHash, e)];
}

describe("hashOf", () => {
  // The verifier writes canonicalJson's output for the event by hand: it must produce the same bytes.
  it.each([
    ["an empty data object", {}],
    ["scalars of every kind", { b: true, n: null, i: 42, f: 0.1, neg: -3, big: 1e21, s: "plain" }],
    ["keys that sort by code unit", { Z: 1, a: 2, é: 3, _: 4, "": 7, "😀": 8, "\uffff": 9, "a b": 10 }],
    // Objects list integer keys first, whatever the order they were added in.
    ["integer keys", { Z: 1, a: 2, "10": 5, "9": 6, "07": 7 }],
    ["a __proto__ key", JSON.parse('{"__proto__": 1, "b": 2}') as unknown],
    ["strings that need escaping", { q: 'say "hi"\\', nl: "a\nb\tc\u0001", uni: "Zoë 🚀 \u2028" }],
    ["nested values", { list: [3, { b: 1, a: 2 }], obj: { z: null, y: [true] } }],
    ["data that is not an object", [1, "two"]],
  ])("matches chainHash for %s", (_label, data) => {
    const e = event(data);
    expect(hashOf(stored(e, "ab".repeat(32)), "ab".repeat(32))).toBe(chainHash("ab".repeat(32), e));
  });

  it("matches chainHash with null optional fields", () => {
    const e = event({ reason: "x" }, { actorId: null, targetId: null, requestId: null });
    expect(hashOf(stored(e), GENESIS_HASH)).toBe(chainHash(GENESIS_HASH, e));
  });

  it("matches chainHash for the same keys in another order, and after another shape", () => {
    for (const data of [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }, { b: 2, a: 1, c: 3 }]) {
      const e = event(data);
      expect(hashOf(stored(e), GENESIS_HASH)).toBe(chainHash(GENESIS_HASH, e));
    }
  });
});

describe("isoTime", () => {
  it("writes what toISOString writes, across days, years and the epoch", () => {
    const times = [
      0,
      -1,
      Date.UTC(2026, 2, 2, 9, 0, 0, 7),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1, 0, 0, 0, 0),
      Date.UTC(1969, 11, 31, 12, 30, 5, 50),
      Date.UTC(12_345, 0, 1, 1, 2, 3, 4),
      Date.UTC(-50, 5, 6, 7, 8, 9, 10),
    ];
    // Back and forth, so the cached day is both reused and replaced.
    for (const ms of [...times, ...times.reverse(), ...times.map((t) => t + 3_600_000 * 5 + 17)]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("throws where toISOString throws", () => {
    expect(() => isoTime(8.64e15 + 86_400_000)).toThrow(RangeError);
  });
});

/** A valid chain of `count` rows after `prevHash`, starting at `fromSeq`. */
function chain(count: number, fromSeq = 1, prevHash = GENESIS_HASH): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const row = stored(event({ n: fromSeq + i }, { targetId: `r${fromSeq + i}` }), prevHash, fromSeq + i);
    rows.push(row);
    prevHash = row[10];
  }
  return rows;
}

const link = (row: Row, intact = true) => ({ seq: row[0], prevHash: row[9], hash: row[10], intact });

/** A row as a record, as verify-chain.ts has PostgreSQL write it (the JSON of data aside, which it spaces differently). */
const record = (row: Row) => {
  const optional = (value: string | null) => (value === null ? "" : `=${value}`);
  const [seq, at, actorId, action, targetType, targetId, requestId, result, data, prevHash, hash] = row;
  return [seq, at, optional(actorId), action, targetType, optional(targetId), optional(requestId), result, JSON.stringify(data), prevHash, hash].join(FIELD);
};

/** The rows in chunks of `size` as readRange sends them: as records, or as JSON events with their hashes. */
const forms: [string, (rows: Row[], size: number) => Chunk[]][] = [
  ["as records", (rows, size) => slices(rows, size).map((part) => ({ count: part.length, records: part.map(record).join(FIELD) }))],
  ["as JSON events", (rows, size) => slices(rows, size).map((part) => ({ events: JSON.stringify(part) }))],
];
const slices = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

describe.each(forms)("checkBatch, %s", (_form, chunked) => {
  it("checks rows against one another across chunks, leaving the first row to the caller", () => {
    // Starts from a hash this batch cannot know: whether row 5 follows row 4 is not its to say.
    const rows = chain(7, 5, "c".repeat(64));
    expect(checkBatch(chunked(rows, 3))).toEqual({
      rows: 7,
      lastSeq: 11,
      first: link(rows[0]!),
      run: 7,
      runEnd: { seq: 11, hash: rows[6]![10] },
    });
  });

  it("reports the first row, changed or not, and nothing more for a batch of one", () => {
    const [row] = chain(1);
    row![3] = "request.denied";
    expect(checkBatch(chunked([row!], 1))).toEqual({ rows: 1, lastSeq: 1, first: link(row!, false), run: 1, runEnd: { seq: 1, hash: row![10] } });
  });

  it("stops at the first row that does not continue: changed, unlinked or after a gap", () => {
    const changed = chain(6);
    changed[3]![8] = { n: 99 };
    changed[4]![8] = { n: 98 };
    expect(checkBatch(chunked(changed, 2))).toMatchObject({ rows: 6, lastSeq: 6, run: 3, runEnd: { seq: 3 }, broken: link(changed[3]!, false) });

    const unlinked = chain(6);
    unlinked[3]![9] = "d".repeat(64);
    unlinked[3]![10] = hashOf(unlinked[3]!, unlinked[3]![9]);
    expect(checkBatch(chunked(unlinked, 4))).toMatchObject({ run: 3, runEnd: { seq: 3 }, broken: link(unlinked[3]!) });

    const gap = chain(6).filter(([seq]) => seq !== 5);
    expect(checkBatch(chunked(gap, 4))).toMatchObject({ rows: 5, lastSeq: 6, run: 4, runEnd: { seq: 4 }, broken: link(gap[4]!) });
  });

  it("skips empty chunks and reports an empty batch as such", () => {
    const rows = chain(4);
    const empty = { count: 0, records: null };
    expect(checkBatch([empty, ...chunked(rows.slice(0, 2), 2), empty, ...chunked(rows.slice(2), 2)])).toMatchObject({ rows: 4, run: 4 });
    expect(checkBatch([empty])).toEqual({ rows: 0, lastSeq: 0, run: 0 });
  });
});

describe("checkBatch", () => {
  it("takes each chunk in its own form", () => {
    const rows = chain(6);
    const [records, events] = [forms[0]![1], forms[1]![1]];
    expect(checkBatch([...records(rows.slice(0, 2), 2), ...events(rows.slice(2, 4), 2), ...records(rows.slice(4), 2)])).toMatchObject({ rows: 6, run: 6 });
    expect(checkBatch([{ events: "[]" }])).toEqual({ rows: 0, lastSeq: 0, run: 0 });
  });

  it("tells a null field from an empty one in records", () => {
    const e = event({ note: "" }, { actorId: "", targetId: null, requestId: "" });
    const row = stored(e);
    expect(checkBatch([{ count: 1, records: record(row) }])).toMatchObject({ run: 1, first: { intact: true } });
    const swapped = record(row).split(FIELD);
    [swapped[2], swapped[5]] = [swapped[5]!, swapped[2]!];
    expect(checkBatch([{ count: 1, records: swapped.join(FIELD) }])).toMatchObject({ first: { intact: false } });
  });

  it("names a chunk whose fields hold the separator as unreadable, and checks it as JSON events", () => {
    // In a field of its own, or standing for a whole row's worth of fields.
    for (const targetId of [`r${FIELD}3`, `r3${FIELD.repeat(11)}`]) {
      const rows = chain(2);
      for (const seq of [3, 4]) rows.push(stored(event({ n: seq }, { targetId: seq === 3 ? targetId : `r${seq}` }), rows.at(-1)![10], seq));
      const chunks = forms[0]![1](rows, 2);
      // Each separator adds a field: the chunk no longer splits as counted.
      expect(checkBatch(chunks)).toMatchObject({ unreadable: 1 });
      chunks[1] = forms[1]![1](rows.slice(2), 2)[0]!;
      expect(checkBatch(chunks)).toEqual({ rows: 4, lastSeq: 4, first: link(rows[0]!), run: 4, runEnd: { seq: 4, hash: rows[3]![10] } });
    }
  });

  it("does not take a hash cut short and a previous hash lengthened to match for the stored pair", () => {
    const rows = chain(3);
    const row = rows[1]!;
    const moved = [...row] as Row;
    [moved[9], moved[10]] = [row[9] + row[10][0], row[10].slice(1)];
    expect(checkBatch([{ count: 3, records: [rows[0]!, moved, rows[2]!].map(record).join(FIELD) }])).toMatchObject({
      run: 1,
      broken: { seq: 2, intact: false },
    });
  });
});
