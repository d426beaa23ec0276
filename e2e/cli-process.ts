// The `frontdesk` CLI as a person runs it, for the sign-in specs: its own config folder, its output
// collected, and stderr handed over as it grows (the CLI prints the link to open there).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../cli/bin/frontdesk.mjs", import.meta.url));

export function cli(configDir: string, args: string[], onStderr?: (text: string) => void) {
  const child = spawn(process.execPath, [BIN, "--config-dir", configDir, ...args], { env: { ...process.env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr);
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
