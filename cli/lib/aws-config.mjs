// `frontdesk configure`: one ~/.aws/config profile per role, whose credential_process calls this
// CLI. Only the profiles this CLI wrote (marked) are replaced; every other line stays as it was.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const MARK = "# managed by frontdesk";

/** Splits an INI file into blocks: the preamble, then one block per [section] with its lines. */
function blocks(text) {
  const result = [{ header: null, lines: [] }];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[.*\]\s*$/.test(line)) result.push({ header: line.trim(), lines: [line] });
    else result.at(-1).lines.push(line);
  }
  return result;
}

function quote(arg) {
  return /^[A-Za-z0-9_./:=@-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
}

export function profileText(role, command, region) {
  const lines = [
    `[profile ${role.id}]`,
    `${MARK} (${role.name}, ${role.accountName})`,
    `credential_process = ${command.map(quote).join(" ")} creds ${role.id} --credential-process`,
  ];
  if (region) lines.push(`region = ${region}`);
  return lines.join("\n");
}

/** The new file's text: managed profiles for `roles` replace earlier managed ones; others are kept. */
export function mergeConfig(existing, roles, command, region) {
  const names = new Set(roles.map((r) => `[profile ${r.id}]`));
  const kept = blocks(existing).filter((block) => {
    if (block.header === null) return true;
    const managed = block.lines.some((line) => line.startsWith(MARK));
    if (managed) return false;
    if (names.has(block.header)) return true;
    return true;
  });
  const clash = kept.filter((b) => b.header && names.has(b.header)).map((b) => b.header);
  const written = roles.filter((r) => !clash.includes(`[profile ${r.id}]`));
  const body = kept
    .map((b) => b.lines.join("\n"))
    .join("\n")
    .replace(/\n+$/, "");
  const added = written.map((r) => profileText(r, command, region)).join("\n\n");
  return { text: `${body ? `${body}\n\n` : ""}${added}\n`, written: written.map((r) => r.id), skipped: clash };
}

export function writeAwsConfig(file, roles, command, region) {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const merged = mergeConfig(existing, roles, command, region);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, merged.text, { mode: 0o600 });
  return merged;
}
