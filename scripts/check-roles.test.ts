// `npm run aws:check-roles` in a process with no AWS credentials at all: the catalog's management
// role is assumed with AssumeRoleWithWebIdentity and a token signed by the keys in the database
// (DATABASE_URL, FRONTDESK_SIGNING_KEY_SECRET), as the server signs it. The STS calls pass through a
// recorder, so the token the tool sent is verified against the JWKS those keys publish.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStsRecorder, type StsRecorder } from "@/e2e/sts-recorder";
import { jwksDocument } from "@/lib/federation/discovery";
import { defaultFederationSettings } from "@/lib/federation/settings";
import { currentlyPublished, ensureSigningKeys, type FederationDeps } from "@/lib/federation/signing-keys";
import { managementTrustStatement, webIdentityTrustStatement } from "@/lib/federation/trust-policy";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { createRoleIn } from "./dev/accounts";
import { verifyWebIdentityToken } from "./dev/aws-idp-checks";
import { startMoto, type Moto } from "./dev/moto";

const run = promisify(execFile);
const PROD = "111111111111";
const ROLE = `arn:aws:iam::${PROD}:role/FrontdeskWebIdentity`;
const ISSUER = "http://frontdesk.test/aws-idp";
const PROVIDER = `arn:aws:iam::${PROD}:oidc-provider/frontdesk.test/aws-idp`;
const SECRET = "check-roles-test-secret-0123456789abcdef";
const CATALOG = `
management: { roleName: FrontdeskManagement, mint: web-identity }
minting: { default: web-identity }
accounts:
  - { id: "${PROD}", name: Production }
roles:
  - { id: wi, name: WebIdentity, account: "${PROD}", arn: "${ROLE}", maxDuration: 1h, requesters: [engineering], approvers: [security] }
`;

let database: TestDatabase;
let db: PrismaClient;
let moto: Moto;
let sts: StsRecorder;
let dir: string;
let deps: FederationDeps;

beforeAll(async () => {
  [database, moto] = await Promise.all([createTestDatabase(), startMoto({ port: 0 })]);
  sts = await startStsRecorder({ port: 0, target: moto.url });
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  deps = { db, now: () => new Date(), identityProvider: defaultFederationSettings("http://frontdesk.test", { keySecret: SECRET }) };
  await ensureSigningKeys(deps); // the server's key, created before the tool runs
  const audience = "sts.amazonaws.com";
  await createRoleIn(moto.url, `arn:aws:iam::${PROD}:role/FrontdeskManagement`, {
    trustPolicy: { Version: "2012-10-17", Statement: [managementTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience })] },
  });
  await createRoleIn(moto.url, ROLE, {
    trustPolicy: { Version: "2012-10-17", Statement: [webIdentityTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience, roleArn: ROLE })] },
  });
  dir = await mkdtemp(path.join(tmpdir(), "check-roles-"));
  await writeFile(path.join(dir, "catalog.yaml"), CATALOG);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await sts?.stop();
  await moto?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the tool with only these variables (and PATH): no AWS credentials, no profile, no instance metadata. */
async function checkRoles(extra: Record<string, string>) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
    AWS_CONFIG_FILE: path.join(dir, "none"),
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_IAM: moto.url,
    FRONTDESK_CATALOG: path.join(dir, "catalog.yaml"),
    NEXTAUTH_URL: "http://frontdesk.test",
    DATABASE_URL: database.url,
    ...extra,
  };
  const out = await run("npx", ["tsx", "scripts/check-roles.ts"], { env: env as NodeJS.ProcessEnv, cwd: process.cwd() }).then(
    (r) => ({ code: 0, text: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, text: e.stdout + e.stderr }),
  );
  return out;
}

const webIdentityCalls = () => sts.calls.filter((c) => c.get("Action") === "AssumeRoleWithWebIdentity");

describe("aws:check-roles with no AWS credentials", () => {
  it("assumes the web-identity management role with a token signed by the database's key, and checks the role", async () => {
    const { code, text } = await checkRoles({ FRONTDESK_SIGNING_KEY_SECRET: SECRET });
    expect(text).toContain(`reachable        account ${PROD} through arn:aws:iam::${PROD}:role/FrontdeskManagement`);
    expect(text).toContain(`ready            wi  ${ROLE}`);
    expect(code).toBe(0);

    const call = webIdentityCalls().at(-1)!;
    expect(call.get("RoleArn")).toBe(`arn:aws:iam::${PROD}:role/FrontdeskManagement`);
    const payload = await verifyWebIdentityToken(call.get("WebIdentityToken")!, {
      jwks: jwksDocument(await currentlyPublished(deps)),
      issuer: ISSUER,
      audience: "sts.amazonaws.com",
    });
    expect(payload.sub).toBe("frontdesk:management");
    // The server's key signed it: the tool made no key of its own.
    expect(await db.signingKey.count()).toBe(1);
  });

  it("without the signing secret it cannot sign, and says which setting is missing", async () => {
    const before = webIdentityCalls().length;
    const { code, text } = await checkRoles({});
    expect(code).toBe(1);
    expect(text).toContain(`NOT REACHABLE    account ${PROD}`);
    expect(text).toContain("no FRONTDESK_SIGNING_KEY_SECRET");
    expect(webIdentityCalls().length).toBe(before);
  });

  it("with another secret the keys cannot be decrypted, and nothing is sent to STS", async () => {
    const before = webIdentityCalls().length;
    const { code, text } = await checkRoles({ FRONTDESK_SIGNING_KEY_SECRET: "another-secret-0123456789abcdefghijklmn" });
    expect(code).toBe(1);
    expect(text).toContain("FRONTDESK_SIGNING_KEY_SECRET is not the secret it was stored with");
    expect(text).not.toContain(SECRET);
    expect(webIdentityCalls().length).toBe(before);
  });
});
