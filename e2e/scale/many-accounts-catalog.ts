// A catalog the size of a large organisation: 300 accounts in three OUs, five roles stamped onto
// each by templates (1,500 roles), every one requestable by engineering. Written to a temporary
// file for the scale run of the e2e stack.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const SCALE_ACCOUNTS = 300;
const OUS = ["ou-root/Workloads/Prod", "ou-root/Workloads/Staging", "ou-root/Sandbox"];
const ROLES = ["ReadOnly", "Developer", "Operator", "Billing", "Admin"];

export function accountId(index: number): string {
  return String(400000000000 + index);
}

export function manyAccountsCatalog(): string {
  const accounts = Array.from(
    { length: SCALE_ACCOUNTS },
    (_, i) => `  - { id: "${accountId(i)}", name: "Account ${String(i).padStart(3, "0")}", ou: "${OUS[i % OUS.length]}" }`,
  );
  const templates = ROLES.map(
    (name) => `  - id: ${name.toLowerCase()}
    name: ${name}
    roleName: Frontdesk${name}
    path: /frontdesk/
    accounts: { all: true }
    role: { maxDuration: 4h, requesters: [engineering], approvers: [security] }`,
  );
  return ["admins: [platform-admins]", "accounts:", ...accounts, "templates:", ...templates, "rules: []", ""].join("\n");
}

export function writeManyAccountsCatalog(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "frontdesk-scale-")), "frontdesk.config.yaml");
  writeFileSync(file, manyAccountsCatalog());
  return file;
}
