// `npm run aws:check-roles`: checks every catalog role against IAM with Frontdesk's own AWS
// credentials, prints what to fix, and exits 1 when a role needs attention.
import path from "node:path";
import { createAwsDirectory } from "@/lib/aws/directory";
import { loadCatalogFile } from "@/lib/catalog/load-catalog";
import { checkCatalogRoles } from "@/lib/catalog/check-catalog-roles";
import { getAwsConfig } from "@/lib/env";
import { defaultFederationSettings } from "@/lib/federation/settings";

async function main() {
  const env = getAwsConfig();
  const catalog = loadCatalogFile(path.resolve(env.FRONTDESK_CATALOG));
  const awsDirectory = createAwsDirectory({ region: env.AWS_REGION, stsEndpoint: env.AWS_ENDPOINT_URL_STS, iamEndpoint: env.AWS_ENDPOINT_URL_IAM });
  const issuer = env.FRONTDESK_IDP_ISSUER ?? (env.NEXTAUTH_URL ? `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/aws-idp` : undefined);
  // Federated roles are checked against Frontdesk's issuer and audience (the same settings the app mints with).
  const identityProvider = issuer
    ? { ...defaultFederationSettings(issuer.replace(/\/aws-idp$/, "")), issuer, audience: env.FRONTDESK_IDP_AUDIENCE }
    : undefined;
  const { callerArn, results } = await checkCatalogRoles({ catalog, awsDirectory, identityProvider });
  console.log(`Checking ${results.length} roles from ${catalog.file} as ${callerArn || "an unknown identity"}\n`);
  for (const result of results) {
    console.log(`${result.ok ? "ready          " : "NEEDS ATTENTION"}  ${result.roleId}  ${result.roleArn}`);
    for (const check of result.checks.filter((c) => !c.ok)) console.log(`    ✗ ${check.label}${check.detail ? `\n      ${check.detail}` : ""}`);
  }
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`aws:check-roles failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exit(1);
});
