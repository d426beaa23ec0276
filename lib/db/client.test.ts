import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "./client";
import { createTestDatabase } from "@/lib/testing/test-database";

const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "frontdesk-client-"));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => disconnectDb());
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const ada = { issuer: "https://idp.example", subject: "sub-ada", email: "ada@example.com", name: "Ada", groups: ["eng"] };

// PGlite runs initdb (a few seconds) for every new database.
describe("getDb with the embedded database", { timeout: 60_000 }, () => {
  it("creates the folder, migrates it, and keeps the data across a reconnect", async () => {
    const dataDir = path.join(await tempDir(), "data");
    const config = { FRONTDESK_DATA_DIR: dataDir };

    const [db, same] = await Promise.all([getDb(config), getDb(config)]);
    expect(same).toBe(db);
    const created = await db.user.create({ data: ada });
    expect(await db.user.findUnique({ where: { issuer_subject: { issuer: ada.issuer, subject: ada.subject } } })).toMatchObject({
      id: created.id,
      groups: ["eng"],
    });

    await disconnectDb();
    const reopened = await getDb(config);
    expect(reopened).not.toBe(db);
    expect(await reopened.user.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ email: ada.email });
  });

  it("does not remember a failed start", async () => {
    const blocker = path.join(await tempDir(), "a-file");
    await writeFile(blocker, "not a folder");
    await expect(getDb({ FRONTDESK_DATA_DIR: blocker })).rejects.toThrow();

    const db = await getDb({ FRONTDESK_DATA_DIR: path.join(await tempDir(), "data") });
    expect(await db.user.count()).toBe(0);
  });
});

describe("getDb with DATABASE_URL", () => {
  it("talks to PostgreSQL", async () => {
    const database = await createTestDatabase();
    try {
      const db = await getDb({ DATABASE_URL: database.url, FRONTDESK_DATA_DIR: "unused" });
      await db.user.create({ data: ada });
      expect(await db.user.count()).toBe(1);
    } finally {
      await disconnectDb();
      await database.drop();
    }
  });
});
