// The private halves of the signing keys never leave the process that signs: after keys are made,
// sessions minted in both federated modes, documents published, the admin's key page read, a
// wrong secret tried and the audit log exported, neither the logs (pino and the console), the
// published files, the audit rows, the job errors nor the export hold a private key, a piece of its
// PEM, its stored ciphertext or FRONTDESK_SIGNING_KEY_SECRET.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issueConsoleSignIn, issueCredentials } from "@/lib/access/issue-access";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { createLogger, replaceLogger } from "@/lib/log/logger";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createHarness, TEST_SIGNING_KEY_SECRET, type Harness } from "@/lib/testing/harness";
import { runJobs } from "@/lib/testing/revocation-kit";
import { listSigningKeysAsAdmin } from "./list-signing-keys";
import { publishIdentityProvider } from "./publish-jobs";
import { activeSigner } from "./signing-keys";

const CATALOG = `
admins: [admins]
accounts: [{ id: "123456789012", name: Sandbox }]
roles:
  - { id: wi, name: WebIdentity, account: "123456789012", arn: "arn:aws:iam::123456789012:role/FrontdeskWebIdentity", maxDuration: 4h, mint: web-identity, requesters: [engineering], approvers: [security] }
  - { id: saml, name: Saml, account: "123456789012", arn: "arn:aws:iam::123456789012:role/FrontdeskSaml", maxDuration: 4h, mint: saml, requesters: [engineering], approvers: [security] }
`;

let h: Harness;
let dir: string;
const logged: string[] = [];
let previousLogger: ReturnType<typeof replaceLogger>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "idp-publish-"));
  h = await createHarness({ catalog: CATALOG, withFederation: true, identityProvider: { publishDir: dir } });
  h.catalog = parseCatalog(CATALOG, "keys.yaml");
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString("utf8"));
      done();
    },
  });
  previousLogger = replaceLogger(createLogger(sink, "trace"));
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" ")),
    );
  }
}, 60_000);
afterAll(async () => {
  vi.restoreAllMocks();
  replaceLogger(previousLogger);
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), "utf8")));
}

describe("private signing keys", () => {
  it("appear in no log, published file, audit row, job error, admin view or audit export", async () => {
    const alice = await h.person("alice", ["engineering"]);
    const bob = await h.person("bob", ["security"]);
    const admin = await h.person("admin", ["admins"]);
    for (const roleId of ["wi", "saml"]) {
      await h.retire(alice);
      const request = await createRequest(h, { actor: alice, input: { roleId, justification: "Key audit", durationMinutes: 60 } });
      await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
      await issueCredentials(h, { actor: alice, requestId: request.id });
      await issueConsoleSignIn(h, { actor: alice, requestId: request.id });
    }
    await publishIdentityProvider(h);
    await runJobs(h);
    const adminView = JSON.stringify(await listSigningKeysAsAdmin(h, { actor: admin }));
    // A wrong secret: the error says which setting to fix, and nothing more.
    const wrong = { ...h, identityProvider: { ...h.identityProvider!, keySecret: "a-different-secret-0123456789abcdefghij" } };
    const refused = await activeSigner(wrong).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(refused).toContain("FRONTDESK_SIGNING_KEY_SECRET is not the secret it was stored with");
    console.error(refused);
    const exports = await Promise.all(
      (["jsonl", "csv"] as const).map(async (format) => new Response((await exportAuditEvents(h, { actor: admin, filter: {}, format })).body).text()),
    );

    const pem = (await activeSigner(h)).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const body = pem.split("\n").filter((line) => line && !line.startsWith("-----"));
    const stored = await h.db.signingKey.findMany();
    const ciphertexts = stored.map((k) => k.privateKeyEncrypted.split(".")[3]!.slice(0, 40));
    const forbidden = ["PRIVATE KEY", TEST_SIGNING_KEY_SECRET, ...body.filter((_, i) => i % 5 === 1), ...ciphertexts];

    const auditRows = JSON.stringify(await h.db.auditEvent.findMany(), (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    const jobErrors = JSON.stringify(await h.db.job.findMany({ select: { lastError: true, payload: true } }));
    const published = (await filesUnder(dir)).join("\n");
    const places = { logs: logged.join("\n"), published, auditRows, jobErrors, adminView, jsonl: exports[0]!, csv: exports[1]! };

    // Each place holds what it should, so an empty capture cannot pass by accident.
    expect(places.published).toContain(stored[0]!.kid);
    expect(places.jsonl).toContain("access.credentials-issued");
    expect(places.logs).toContain("FRONTDESK_SIGNING_KEY_SECRET is not the secret");
    for (const [place, text] of Object.entries(places)) {
      for (const secret of forbidden) expect(text.includes(secret), `${place} holds ${secret.slice(0, 12)}…`).toBe(false);
    }
  });
});
