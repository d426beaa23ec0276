// `npx tsx scripts/measure-catalog-size.ts`: parses a 300-account × 5-template catalog (1,500 roles) and prints the time.
import { performance } from "node:perf_hooks";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
const accounts = Array.from({ length: 300 }, (_, i) => `  - { id: "${String(100000000000 + i)}", name: Account${i}, ou: "ou-${i % 34}/Team${i % 34}" }`).join(
  "\n",
);
const templates = ["readonly", "developer", "operator", "admin", "billing"]
  .map(
    (t) =>
      `  - { id: ${t}, name: ${t}, roleName: Frontdesk-${t}, accounts: { all: true }, role: { maxDuration: 4h, requesters: [engineering], approvers: [leads], managed: true } }`,
  )
  .join("\n");
const text = `management: { roleName: FrontdeskManagement, externalId: abcdefgh }\naccounts:\n${accounts}\nroles: []\ntemplates:\n${templates}\n`;
const t = performance.now();
const c = parseCatalog(text, "big.yaml");
console.log(
  JSON.stringify({ accounts: c.accounts.length, roles: c.roles.length, rules: c.rules.length, parseMs: Math.round(performance.now() - t), chars: text.length }),
);
