// The audit trail's filters, page and exports against real PostgreSQL, including an export big
// enough to show that memory stays flat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { refusal } from "@/lib/testing/refusal";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { parseAuditFilter, type AuditFilter } from "./audit-filter";
import { csvCell, exportAuditEvents, type AuditExportFormat } from "./export-audit-events";
import { insertSyntheticEvents, measureExport } from "@/lib/testing/audit-export-kit";
import { listAuditEvents } from "./list-audit-events";
import { chainHash } from "./chain-hash";
import { recordAuditEvent, type AuditInput } from "./record-audit-event";

let h: Harness;
let admin: Actor;
let alice: Actor;
let bob: Actor;
const ids = { devRequest: "", adminRequest: "", otherAccountRequest: "" };
const NASTY = '=HYPERLINK("http://evil.test","click"), then "quotes"\nand a second line';

const at = (minutes: number) => new Date(Date.parse("2026-03-02T09:00:00.000Z") + minutes * 60_000);
const record = (input: AuditInput, minutes: number) => h.db.$transaction((tx) => recordAuditEvent(tx, input, at(minutes)));
const request = (requesterId: string, roleId: string, accountId: string) =>
  h.db.accessRequest.create({ data: { requesterId, roleId, accountId, justification: "test", durationSeconds: 3600 } });

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  // Exports are recorded at the clock's time: a day after the seeded events, out of their ranges.
  h.clock.now = new Date("2026-03-03T09:00:00.000Z");
  admin = await h.person("carol", ["admins"]);
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  ids.devRequest = (await request(alice.id, "dev", "123456789012")).id;
  ids.adminRequest = (await request(admin.id, "admin", "123456789012")).id;
  ids.otherAccountRequest = (await request(bob.id, "legacy", "210987654321")).id;
  const onRequest = (id: string) => ({ targetType: "request", targetId: id, requestId: id });
  await record({ actorId: alice.id, action: "auth.signed-in", targetType: "user", targetId: alice.id }, 0); // 1
  await record({ actorId: alice.id, action: "request.created", ...onRequest(ids.devRequest) }, 1); // 2
  await record({ actorId: bob.id, action: "request.approved", ...onRequest(ids.devRequest), data: { comment: NASTY } }, 2); // 3
  await record({ actorId: admin.id, action: "request.created", ...onRequest(ids.adminRequest) }, 3); // 4
  await record({ actorId: bob.id, action: "request.denied", ...onRequest(ids.adminRequest), result: "refused" }, 4); // 5
  await record({ actorId: bob.id, action: "request.created", ...onRequest(ids.otherAccountRequest) }, 5); // 6
  await record({ actorId: null, action: "catalog.loaded", targetType: "catalog", targetId: "-1+2@x" }, 6); // 7
  await record({ actorId: admin.id, action: "user.updated", targetType: "user", targetId: bob.id }, 7); // 8
});
afterAll(() => h.close());

function filter(params: Record<string, string>): AuditFilter {
  const parsed = parseAuditFilter(params);
  if (!parsed.ok) throw new Error(`invalid filter: ${JSON.stringify(parsed.fieldErrors)}`);
  return parsed.filter;
}

async function seqs(params: Record<string, string>): Promise<number[]> {
  const { events } = await listAuditEvents(h, { actor: admin, filter: filter(params), limit: 200 });
  return events.map((e) => Number(e.seq)).filter((seq) => seq <= 8);
}

async function download(format: AuditExportFormat, params: Record<string, string> = {}, actor = admin): Promise<string> {
  const file = await exportAuditEvents(h, { actor, filter: filter(params), format });
  return new Response(file.body).text();
}

/** RFC 4180, enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && next === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe("the audit filter", () => {
  it("matches everything when empty, and blank fields count as empty", async () => {
    expect(await seqs({})).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await seqs({ person: " ", roleId: "", from: "" })).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("finds a person by user id or email: what they did, what was done to them, and events of their requests", async () => {
    expect(await seqs({ person: alice.id })).toEqual([3, 2, 1]);
    expect(await seqs({ person: "ALICE@example.com" })).toEqual([3, 2, 1]);
    expect(await seqs({ person: bob.email })).toEqual([8, 6, 5, 3]);
    expect(await seqs({ person: "nobody@example.com" })).toEqual([]);
  });

  it("filters by role and account through the event's request", async () => {
    expect(await seqs({ roleId: "dev" })).toEqual([3, 2]);
    expect(await seqs({ roleId: "admin" })).toEqual([5, 4]);
    expect(await seqs({ accountId: "210987654321" })).toEqual([6]);
    expect(await seqs({ accountId: "123456789012" })).toEqual([5, 4, 3, 2]);
  });

  it("filters by request, event type and time range, and combines filters", async () => {
    expect(await seqs({ requestId: ids.adminRequest })).toEqual([5, 4]);
    expect(await seqs({ action: "request.created" })).toEqual([6, 4, 2]);
    // From is inclusive, to exclusive; a time without a zone is UTC.
    expect(await seqs({ from: "2026-03-02T09:02", to: "2026-03-02T09:05:00Z" })).toEqual([5, 4, 3]);
    expect(await seqs({ from: "2026-03-02T10:02:00+01:00" })).toEqual([8, 7, 6, 5, 4, 3]);
    expect(await seqs({ action: "request.created", person: bob.id })).toEqual([6]);
  });

  it("refuses values it cannot trust, naming the field", () => {
    const errors = (params: Record<string, string>) => {
      const parsed = parseAuditFilter(params);
      return parsed.ok ? {} : parsed.fieldErrors;
    };
    expect(Object.keys(errors({ accountId: "12", roleId: "Dev; drop", requestId: "a/b", action: "x'--" }))).toEqual([
      "roleId",
      "accountId",
      "requestId",
      "action",
    ]);
    expect(errors({ person: "x".repeat(321) }).person).toMatch(/320/);
    expect(errors({ from: "yesterday" }).from).toMatch(/2026-03-02T09:00/);
    expect(errors({ from: "2026-03-02T10:00", to: "2026-03-02T09:00" }).to).toBe("Must be after From");
    // Repeated parameters: the first counts.
    expect(parseAuditFilter(new URLSearchParams("action=auth.signed-in&action=x'"))).toMatchObject({ ok: true, filter: { action: "auth.signed-in" } });
  });
});

describe("listing audit events", () => {
  it("pages newest first with a keyset cursor, at most 200 a page", async () => {
    const first = await listAuditEvents(h, { actor: admin, filter: {}, limit: 3 });
    expect(first.events.map((e) => e.seq)).toEqual(["8", "7", "6"]);
    expect(first.events[0]).toMatchObject({ action: "user.updated", actor: { id: admin.id, name: "carol", email: "carol@example.com" } });
    expect(first.events[1]?.actor).toBeNull();
    const second = await listAuditEvents(h, { actor: admin, filter: {}, limit: 3, cursor: first.nextCursor });
    expect(second.events.map((e) => e.seq)).toEqual(["5", "4", "3"]);
    const last = await listAuditEvents(h, { actor: admin, filter: { action: "request.created" }, cursor: "4" });
    expect([last.events.map((e) => e.seq), last.nextCursor]).toEqual([["2"], null]);
    expect((await refusal(listAuditEvents(h, { actor: admin, filter: {}, cursor: "1 OR 1=1" }))).code).toBe("INVALID_INPUT");
  });

  it("is for admins only", async () => {
    for (const actor of [alice, bob]) {
      expect((await refusal(listAuditEvents(h, { actor, filter: {} }))).code).toBe("NOT_FOUND");
    }
  });
});

describe("exporting audit events", () => {
  it("refuses people who are not admins, before recording or reading anything", async () => {
    const before = await h.db.auditEvent.count();
    expect((await refusal(exportAuditEvents(h, { actor: alice, filter: {}, format: "csv" }))).code).toBe("NOT_FOUND");
    expect((await refusal(exportAuditEvents(h, { actor: bob, filter: {}, format: "jsonl" }))).code).toBe("NOT_FOUND");
    expect(await h.db.auditEvent.count()).toBe(before);
  });

  it("writes JSON Lines that read back to the stored events, hash chain included", async () => {
    const text = await download("jsonl", { to: "2026-03-02T10:00:00Z" });
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    const exported = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const stored = await h.db.auditEvent.findMany({ where: { seq: { lte: 8 } }, orderBy: { seq: "asc" } });
    expect(exported).toHaveLength(8);
    exported.forEach((event, i) => {
      const row = stored[i]!;
      expect(event).toEqual({
        seq: row.seq.toString(),
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorEmail: row.actorId ? expect.stringMatching(/@example\.com$/) : null,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        requestId: row.requestId,
        result: row.result,
        data: row.data,
        prevHash: row.prevHash,
        hash: row.hash,
      });
      // Enough to verify the chain from the file alone.
      const fields = {
        at: new Date(event.at as string),
        actorId: event.actorId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        requestId: event.requestId,
        result: event.result,
        data: event.data,
      };
      expect(chainHash(event.prevHash as string, fields)).toBe(event.hash);
    });
    expect(exported.find((e) => e.action === "request.approved")?.data).toEqual({ comment: NASTY });
  });

  it("writes RFC 4180 CSV with a header, and defuses cells a spreadsheet would run", async () => {
    const text = await download("csv", { to: "2026-03-02T10:00:00Z" });
    expect(text.startsWith("seq,at,actorId,actorEmail,action,targetType,targetId,requestId,result,data,prevHash,hash\r\n")).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(9);
    expect(rows.every((row) => row.length === 12)).toBe(true);
    expect(rows[3]?.[9]).toBe(JSON.stringify({ comment: NASTY }));
    expect(rows[7]?.slice(2, 7)).toEqual(["", "", "catalog.loaded", "catalog", "'-1+2@x"]);

    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    for (const risky of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(risky).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("records the export and its filter first, and is a snapshot of the trail at that moment", async () => {
    const file = await exportAuditEvents(h, { actor: admin, filter: filter({ action: "request.created", roleId: "dev" }), format: "csv" });
    await record({ actorId: alice.id, action: "request.created", targetType: "request", targetId: ids.devRequest, requestId: ids.devRequest }, 60);
    const exportedEvent = await h.db.auditEvent.findFirstOrThrow({ where: { action: "audit.exported" }, orderBy: { seq: "desc" } });
    expect(exportedEvent).toMatchObject({
      actorId: admin.id,
      targetType: "audit",
      data: { format: "csv", action: "request.created", roleId: "dev", person: null, accountId: null, requestId: null, from: null, to: null },
    });
    const rows = parseCsv(await new Response(file.body).text());
    expect(rows.map((row) => row[0])).toEqual(["seq", "2"]);
    expect(file.filename).toMatch(/^frontdesk-audit-\d{8}T\d{6}Z\.csv$/);
  });
});

describe("a large export", () => {
  // A million rows take minutes here (insert and two formats): `npm run bench:audit-export` measures those.
  const ROWS = 50_000;

  it(`streams ${ROWS.toLocaleString("en")} events in bounded memory`, async () => {
    await insertSyntheticEvents(h.db, ROWS);
    const filter = { action: "bench.event" };
    for (const format of ["csv", "jsonl"] as const) {
      const result = await measureExport(h, { actor: admin, filter, format });
      console.log(`[audit export] ${format}: ${result.summary}`);
      expect(result.rows).toBe(ROWS);
      expect(result.heapGrowthBytes).toBeLessThan(200 * 1024 * 1024);
    }
  }, 300_000);
});
