// `npm run aws:check-roles`: checks every catalog role against IAM, prints what to fix, and exits 1
// when a role needs attention. Management roles are assumed as the server assumes them: with
// Frontdesk's own credentials, or (mint: web-identity) with a token signed by the keys in the
// database (DATABASE_URL and FRONTDESK_SIGNING_KEY_SECRET), so a deployment without AWS
// credentials can run it too.
import path from "node:path";
import { createAwsDirectory } from "@/lib/aws/directory";
import { loadCatalogFile } from "@/lib/catalog/load-catalog";
import { checkCatalogRoles } from "@/lib/catalog/check-catalog-roles";
import { getAwsConfig } from "@/lib/env";
import { toolFederation } from "./federation-tool";

async function main() {
  const env = getAwsConfig();
  const catalog = loadCatalogFile(path.resolve(env.FRONTDESK_CATALOG));
  const federation = await toolFederation(env);
  try {
    const awsDirectory = createAwsDirectory({
      region: env.AWS_REGION,
      stsEndpoint: env.AWS_ENDPOINT_URL_STS,
      iamEndpoint: env.AWS_ENDPOINT_URL_IAM,
      managementToken: federation.managementToken,
    });
    // Federated roles are checked against Frontdesk's issuer and audience (the same settings the app mints with).
    const { callerArn, results, accounts } = await checkCatalogRoles({ catalog, awsDirectory, identityProvider: federation.identityProvider });
    console.log(`Checking ${results.length} roles from ${catalog.file} as ${callerArn || "an unknown identity"}\n`);
    for (const account of accounts.filter((a) => a.managementRoleArn)) {
      console.log(`${account.reachable ? "reachable      " : "NOT REACHABLE  "}  account ${account.accountId} through ${account.managementRoleArn}`);
      if (account.detail) console.log(`      ${account.detail}`);
    }
    for (const result of results) {
      console.log(`${result.ok ? "ready          " : "NEEDS ATTENTION"}  ${result.roleId}  ${result.roleArn}`);
      for (const check of result.checks.filter((c) => !c.ok)) console.log(`    ✗ ${check.label}${check.detail ? `\n      ${check.detail}` : ""}`);
    }
    process.exitCode = results.every((r) => r.ok) && accounts.every((a) => !a.managementRoleArn || a.reachable) ? 0 : 1;
  } finally {
    await federation.close();
  }
}

main().catch((error: unknown) => {
  console.error(`aws:check-roles failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exit(1);
});
