// Makes every console line this server prints (ours, Next.js's, the SDKs') a JSON log line, so an
// operator's log pipeline sees one format. Errors passed to console keep only type, message and stack.
import { format } from "node:util";
import { log } from "./logger";

type Level = "debug" | "info" | "warn" | "error";
const METHODS: Record<"debug" | "log" | "info" | "warn" | "error", Level> = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" };

const store = globalThis as typeof globalThis & { __frontdeskConsoleBridged?: boolean };

function text(args: unknown[]): string {
  return format(...args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}\n${arg.stack ?? ""}` : arg)));
}

export function bridgeConsoleToLog(): void {
  if (store.__frontdeskConsoleBridged) return;
  store.__frontdeskConsoleBridged = true;
  for (const [method, level] of Object.entries(METHODS) as [keyof typeof METHODS, Level][]) {
    console[method] = (...args: unknown[]) => log()[level](text(args).replace(/^\[frontdesk\] /, ""));
  }
}
