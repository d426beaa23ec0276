// Prisma's schema engine compiled to WebAssembly, loaded by hand. The package targets bundlers
// (`import * as wasm from "./x.wasm"`), which plain Node cannot do, so we instantiate the .wasm
// ourselves and wire it to the package's JS glue. See DESIGN.md, "Prisma without the native engine
// download".
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { DiffTarget, MigrationList, SchemaContainer, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type { DiffTarget, MigrationList, SchemaContainer, SqlMigrationAwareDriverAdapterFactory };

const WASM_FILE = "schema_engine_bg.wasm";
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type Store = typeof globalThis & {
  __frontdeskSchemaEngineWasm?: WeakMap<object, Promise<void>>;
  PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void };
};
const store = globalThis as Store;

/**
 * The glue module keeps the wasm instance in a module-level variable: it is instantiated once per
 * glue module, since a second instance would leave the glue's cached memory views pointing at the
 * first. Keyed by the glue module and kept on globalThis because Next dev re-evaluates our module
 * on hot reload while the glue may stay loaded (external) or be re-evaluated too (bundled).
 */
function ensureWasmLoaded(): Promise<void> {
  const loads = (store.__frontdeskSchemaEngineWasm ??= new WeakMap());
  let pending = loads.get(glue);
  if (!pending) {
    pending = instantiate().catch((error: unknown) => {
      loads.delete(glue);
      throw error;
    });
    loads.set(glue, pending);
  }
  return pending;
}

async function instantiate(): Promise<void> {
  // A Rust panic reports its message through this global before trapping. @prisma/client installs
  // its own (which throws); without any, the glue crashes on `undefined.set_message` and the
  // message is lost. A panic inside an async engine call kills the process either way: it
  // surfaces in a microtask, outside any promise we could reject.
  store.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      console.error(`Prisma schema engine panicked: ${message}`);
    },
  };
  const bytes = await readFile(wasmPath());
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glueImports() });
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void };
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
}

/**
 * The engine arms a timer for every migration run (the 10 s advisory-lock timeout) and never
 * clears it, which keeps a CLI process alive 10 s after its work is done. Unref'd timers still
 * fire, they just don't hold the process open.
 */
function glueImports(): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports)) {
    if (!name.startsWith("__wbg_setTimeout_")) continue;
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports as WebAssembly.ModuleImports;
}

/**
 * The .wasm is not in the package's `exports`, hence resolving the glue file and taking its
 * folder. Turbopack compiles that `resolve` into a module id, so inside a Next.js server bundle
 * only the cwd candidate remains (and Next's file tracing picks that path up for the build).
 */
function wasmPath(): string {
  const candidates: string[] = [];
  try {
    const glueFile: unknown = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    if (typeof glueFile === "string" && path.isAbsolute(glueFile)) {
      candidates.push(path.join(path.dirname(glueFile), WASM_FILE));
    }
  } catch {
    // Fall through to the cwd-based candidate.
  }
  candidates.push(path.join(process.cwd(), "node_modules/@prisma/schema-engine-wasm", WASM_FILE));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`Prisma schema engine not found (looked for ${candidates.join(", ")})`);
  return found;
}

/**
 * The engine opens connections through the factory but never disposes them, which would leave a
 * pg pool (and the process) running. We remember every connection and dispose it on close.
 * PGlite's dispose is a no-op, so a caller's PGlite instance stays open.
 */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const remember = (adapter: SqlDriverAdapter) => (opened.push(adapter), adapter);
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  const disposeAll = async () => {
    await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
  };
  return { tracked, disposeAll };
}

/** One engine bound to one database (through a driver adapter) and one Prisma schema. */
export interface SchemaEngineSession {
  /** Applies the unapplied migrations, recording them in `_prisma_migrations`; returns their names. */
  applyMigrations(migrationsList: MigrationList): Promise<string[]>;
  /** The SQL script turning `from` into `to`. */
  diffScript(from: DiffTarget, to: DiffTarget): Promise<string>;
  close(): Promise<void>;
}

export interface OpenSchemaEngineOptions {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** At least one file with a `datasource` block: the engine panics (fatally) on none. */
  schemaFiles: SchemaContainer[];
  onLog?: (line: string) => void;
}

async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<SchemaEngineSession> {
  if (options.schemaFiles.length === 0) throw new Error("The schema engine needs at least one schema file");
  await ensureWasmLoaded();
  const { tracked, disposeAll } = trackConnections(options.adapterFactory);
  const onLog = options.onLog ?? (() => {});
  const bound = bindMigrationAwareSqlAdapterFactory(tracked);
  // Errors thrown by adapter code reach us as "External error id#N"; the original is in the registry.
  const rethrow = (error: unknown): never => {
    const id = /External error id#(\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const external = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
    throw new SchemaEngineError(error, external);
  };
  const engine = await glue.SchemaEngine.new(
    { datamodels: options.schemaFiles.map((file): [string, string] => [file.path, file.content]) },
    (line: unknown) => onLog(String(line).trimEnd()),
    bound,
  ).catch(async (error: unknown) => {
    await disposeAll();
    return rethrow(error);
  });
  let closed = false;
  return {
    async applyMigrations(migrationsList) {
      const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTER }).catch(rethrow);
      return output.appliedMigrationNames;
    },
    async diffScript(from, to) {
      const result = await engine.diff({ from, to, script: true, exitCode: null, filters: NO_FILTER }).catch(rethrow);
      return result.stdout ?? "";
    },
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await disposeAll();
    },
  };
}

/** Opens an engine, runs `work`, and closes the engine whatever happens. */
export async function withSchemaEngine<T>(options: OpenSchemaEngineOptions, work: (engine: SchemaEngineSession) => Promise<T>): Promise<T> {
  const engine = await openSchemaEngine(options);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/**
 * Engine errors carry a multi-line message with a Rust span trace ("   0: sql_schema_connector::…").
 * `message` keeps only the human part, on one line; `detail` keeps everything.
 */
export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";
  readonly code: string | undefined;
  readonly detail: string;

  constructor(cause: unknown, external?: unknown) {
    let detail = cause instanceof Error ? cause.message : String(cause);
    if (external !== undefined) {
      const original = external instanceof Error ? external.message : String(external);
      detail = detail.replace(/External error id#\d+/, original);
    }
    // The span trace names the migration that failed; the message itself does not.
    const migration = /migration_name="([^"]+)"/.exec(detail)?.[1];
    const summary = summarize(detail);
    super(migration && !summary.includes(migration) ? `Migration ${migration} failed: ${summary}` : summary, {
      cause: external ?? cause,
    });
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === "string" ? code : undefined;
    this.detail = detail;
  }
}

function summarize(message: string): string {
  const lines: string[] = [];
  for (const raw of message.split("\n")) {
    if (/^\s*\d+: /.test(raw)) break;
    const line = raw.trim();
    if (line && line !== "external connector error") lines.push(line);
  }
  return lines.join(" ") || "Unknown schema engine error";
}
