import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildFingerprint } from "./build-fingerprint";

function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-fingerprint-"));
  mkdirSync(join(dir, "app"));
  mkdirSync(join(dir, "lib", "requests"), { recursive: true });
  writeFileSync(join(dir, "app", "page.tsx"), "export default function Page() { return null; }\n");
  writeFileSync(join(dir, "lib", "requests", "state.ts"), "export const x = 1;\n");
  writeFileSync(join(dir, "lib", "requests", "state.test.ts"), "it('x', () => {});\n");
  writeFileSync(join(dir, "package-lock.json"), "{}\n");
  return dir;
}

describe("the demo's build fingerprint", () => {
  it("stays the same for the same sources, and moves with a source, the lockfile or a build setting, not with a test", () => {
    const dir = checkout();
    const first = buildFingerprint(dir, {});
    expect(buildFingerprint(dir, {})).toBe(first);

    writeFileSync(join(dir, "lib", "requests", "state.test.ts"), "it('y', () => {});\n");
    expect(buildFingerprint(dir, {})).toBe(first);

    writeFileSync(join(dir, "lib", "requests", "state.ts"), "export const x = 2;\n");
    const edited = buildFingerprint(dir, {});
    expect(edited).not.toBe(first);

    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3}\n');
    const locked = buildFingerprint(dir, {});
    expect(locked).not.toBe(edited);

    expect(buildFingerprint(dir, { HTTP_COMPRESSION: "false" })).not.toBe(locked);
    writeFileSync(join(dir, "app", "new-page.tsx"), "export default function P() { return null; }\n");
    expect(buildFingerprint(dir, {})).not.toBe(locked);
  });
});
