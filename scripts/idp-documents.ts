// `npm run idp:documents -- <dir>`: writes the discovery document, JWKS and SAML metadata of
// Frontdesk's identity provider under <dir> (the issuer's path inside the bucket), from the keys in
// the database. The first publication for a publisher role: STS accepts the publisher's token only
// once the JWKS is readable at the issuer, so an admin copies these files there once, with their
// own credentials (aws s3 cp <dir> s3://<bucket>/<issuer path> --recursive).
import path from "node:path";
import { getAwsConfig } from "@/lib/env";
import { writePublishedDocuments } from "@/lib/federation/published-documents";
import { toolFederation } from "./federation-tool";

async function main() {
  const directory = process.argv[2];
  if (!directory) {
    console.error("usage: npm run idp:documents -- <dir>");
    process.exit(2);
  }
  const federation = await toolFederation(getAwsConfig());
  try {
    if (!federation.deps)
      throw new Error("FRONTDESK_SIGNING_KEY_SECRET (and NEXTAUTH_URL or FRONTDESK_IDP_ISSUER) must be set: the documents list the keys in the database.");
    const written = await writePublishedDocuments(federation.deps, path.resolve(directory));
    console.log(`Issuer ${federation.identityProvider!.issuer}; wrote:\n${written.map((f) => `  ${f}`).join("\n")}`);
  } finally {
    await federation.close();
  }
}

main().catch((error: unknown) => {
  console.error(`idp:documents failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exit(1);
});
