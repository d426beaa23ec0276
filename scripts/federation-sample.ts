// `npm run federation:sample`: what Frontdesk sends AWS when it is the identity provider, for one
// made-up request, decoded. Against a throwaway PostgreSQL database (created on 127.0.0.1:5432 and
// dropped at the end) it creates the signing keys, mints a web-identity token and a SAML response
// exactly as the mint engine does, checks both as AWS would, and prints them with signatures and
// certificates elided. Nothing secret is printed: no private key, no signing secret.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { buildAssumeRoleRequest } from "@/lib/access/assume-role-request";
import { samlSigninEndpoint } from "@/lib/aws/console-link";
import { samlProviderArn } from "@/lib/catalog/mint-mode";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { jwksDocument } from "@/lib/federation/discovery";
import { samlIdpMetadata } from "@/lib/federation/saml-metadata";
import { buildSamlResponse, signSamlResponse } from "@/lib/federation/saml-response";
import { defaultFederationSettings } from "@/lib/federation/settings";
import { activeSigner, currentlyPublished, type FederationDeps } from "@/lib/federation/signing-keys";
import { signWebIdentityToken, webIdentityClaims } from "@/lib/federation/web-identity-token";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/lib/testing/test-database";
import { verifyAwsSamlResponse, verifyWebIdentityToken } from "./dev/aws-idp-checks";

const CATALOG = `
accounts: [{ id: "123456789012", name: Sandbox }]
roles:
  - id: sandbox-developer
    name: Developer
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskDeveloper
    maxDuration: 8h
    maxSessionDuration: 4h
    mint: web-identity
    requesters: [engineering]
    approvers: [security]
    sessionTags: { static: { cost-center: cc-1234 } }
    transitiveTagKeys: [cost-center]
`;

/** The signed XML with the signature value, digests and certificate elided, one element per line. */
function readableSaml(base64: string): string {
  return Buffer.from(base64, "base64")
    .toString("utf8")
    .replace(/(<(?:ds:)?SignatureValue>)[^<]+/, "$1…elided…")
    .replace(/(<(?:ds:)?X509Certificate>)[^<]+/, "$1…elided…")
    .replace(/(<(?:ds:)?DigestValue>)[^<]+/g, "$1…elided…")
    .replace(/></g, ">\n<");
}

async function main() {
  const database = await createTestDatabase();
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  try {
    const catalog = parseCatalog(CATALOG, "sample-catalog.yaml");
    const role = catalog.roles[0]!;
    const now = new Date();
    // A throwaway secret: the keys die with the database.
    const settings = defaultFederationSettings("https://frontdesk.example.com", { keySecret: randomBytes(32).toString("base64url") });
    const deps: FederationDeps = { db, now: () => now, identityProvider: settings };
    const signer = await activeSigner(deps);
    const requestId = "cmsample0000request0000001";
    const params = buildAssumeRoleRequest({
      request: { id: requestId, approverEmails: ["bob@example.com"] },
      person: { email: "alice@example.com", attributes: {}, mfa: true },
      role,
      durationSeconds: 3600,
    });

    const claims = webIdentityClaims({ params, issuer: settings.issuer, audience: settings.audience, now, lifetimeSeconds: settings.tokenLifetimeSeconds });
    const token = await signWebIdentityToken(claims, signer);
    const jwks = jwksDocument(await currentlyPublished(deps));
    await verifyWebIdentityToken(token, { jwks, issuer: settings.issuer, audience: settings.audience, now });
    console.log(`# Web-identity token (AssumeRoleWithWebIdentity WebIdentityToken), ${token.length} characters; verifies against the published JWKS`);
    console.log(JSON.stringify({ header: decodeProtectedHeader(token), payload: decodeJwt(token), signature: "…elided…" }, null, 2));
    console.log(
      `\n# Published JWKS (public halves only)\n${JSON.stringify({ keys: jwks.keys.map((k) => ({ ...k, n: `${String(k.n).slice(0, 16)}…` })) }, null, 2)}`,
    );

    const recipient = samlSigninEndpoint("aws");
    const principalArn = samlProviderArn(catalog, role);
    const response = signSamlResponse(
      buildSamlResponse({ params, principalArn, issuer: settings.samlEntityId, recipient, now, lifetimeSeconds: settings.tokenLifetimeSeconds }),
      signer,
    );
    const metadata = samlIdpMetadata({ entityId: settings.samlEntityId, ssoUrl: `${settings.samlEntityId}/sso`, keys: await currentlyPublished(deps) });
    await verifyAwsSamlResponse(response, metadata, recipient);
    console.log(
      `\n# SAML response (AssumeRoleWithSAML SAMLAssertion / SAMLResponse form field), ${response.length} base64 characters; validates against the published metadata`,
    );
    console.log(readableSaml(response));
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(`federation:sample failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
