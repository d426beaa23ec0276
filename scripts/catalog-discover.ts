// `npm run catalog:discover [-- --ou Prod --ou ou-ab12-xyz] [-- --include ID] [-- --exclude ID]`:
// reads the organisation's accounts from AWS Organizations (Frontdesk's AWS credentials, from the
// management account or a delegated administrator) and prints the catalog's `accounts:` block with
// each account's OU path, for templates to select by. Commit it; `catalog:check` shows the change.
import { parseArgs } from "node:util";
import { listOrganizationAccounts } from "@/lib/aws/organizations";
import { accountsYaml, discoveredAccounts } from "@/lib/catalog/discovery";
import { getAwsConfig } from "@/lib/env";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ou: { type: "string", multiple: true }, include: { type: "string", multiple: true }, exclude: { type: "string", multiple: true } },
  });
  const env = getAwsConfig();
  const accounts = await listOrganizationAccounts({ region: env.AWS_REGION });
  process.stdout.write(accountsYaml(discoveredAccounts(accounts, { ous: values.ou, include: values.include, exclude: values.exclude })));
}

main().catch((error: unknown) => {
  console.error(`catalog:discover failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exit(1);
});
