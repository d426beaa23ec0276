// Publishing the discovery document and JWKS with no AWS credentials in the process, against
// PostgreSQL and moto: Frontdesk assumes the publisher role with its own token (subject
// frontdesk:publisher) and uploads under the issuer's path. The first publication cannot come from
// the publisher (STS would fetch a JWKS that is not there yet): Frontdesk stops with the cause,
// an admin uploads once, and from then on the publisher keeps the bucket in step, rotation included.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { advance } from "@/lib/testing/revocation-kit";
import { createRoleIn } from "@/scripts/dev/accounts";
import { bucketKey, publishIdentityProvider } from "./publish-jobs";
import { publicDocuments, writePublishedDocuments } from "./published-documents";
import { importSigningKey, listSigningKeys } from "./signing-keys";
import { publisherRole } from "./publisher";
import { conditionsAllow, managementTrustStatement, publisherTrustStatement, webIdentityRequestContext } from "./trust-policy";
import { generateKeyPairSync } from "node:crypto";

const BUCKET = "frontdesk-idp-publisher";
const PUBLISHER = "arn:aws:iam::123456789012:role/FrontdeskPublisher";
let h: Harness;
let admin: S3Client; // the admin's own credentials: test setup and the one-time first upload only
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete process.env[name];
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
  h = await createHarness();
  // A path-style issuer on the emulator's S3, as https://s3.<region>.amazonaws.com/<bucket>/frontdesk would be.
  Object.assign(h.identityProvider!, { issuer: `${h.motoUrl}/${BUCKET}/frontdesk`, publishBucket: BUCKET, publishRoleArn: PUBLISHER });
  admin = new S3Client({
    region: "us-east-1",
    endpoint: h.motoUrl,
    forcePathStyle: true,
    credentials: { accessKeyId: "AKIAADMINSETUP000000", secretAccessKey: "admin-setup-not-a-secret" },
  });
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // As for IRSA: anyone (AWS's STS among them) may read what is under the issuer's path.
  const publicRead = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/frontdesk/*` };
  await admin.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [publicRead] }) }));
  const provider = "arn:aws:iam::123456789012:oidc-provider/127.0.0.1/frontdesk";
  await createRoleIn(h.motoUrl, PUBLISHER, {
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [publisherTrustStatement({ providerArn: provider, issuer: h.identityProvider!.issuer, audience: "sts.amazonaws.com" })],
    },
  });
  dir = await mkdtemp(path.join(tmpdir(), "idp-documents-"));
}, 60_000);
afterAll(async () => {
  process.env = saved;
  admin.destroy();
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

const key = (name: string) => bucketKey(h.identityProvider!.issuer, name, BUCKET);
async function bucketJwksKids(): Promise<string[]> {
  const out = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key("jwks.json") }));
  return (JSON.parse(await out.Body!.transformToString()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as AppError,
  );

describe("publisher role (no AWS credentials)", () => {
  it("refuses the first publication with the cause: AWS cannot read the JWKS that would verify the publisher's token", async () => {
    expect(key("jwks.json")).toBe("frontdesk/jwks.json");
    const error = await failure(publishIdentityProvider(h));
    expect(error).toBeInstanceOf(AppError);
    expect(error!.message).toContain(`as the publisher role ${PUBLISHER} yet`);
    expect(error!.message).toContain(`${h.identityProvider!.issuer}/jwks.json answers HTTP 404: nothing is published there yet`);
    expect(error!.message).toContain("npm run idp:documents");
    expect((await admin.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(0);
  });

  it("after an admin's first upload, the publisher role uploads every document (and without it nothing can)", async () => {
    // The admin's one-time upload of what npm run idp:documents writes.
    for (const file of await writePublishedDocuments(h, dir)) {
      const name = path.relative(dir, file);
      await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: key(name), Body: await readFile(file, "utf8") }));
    }
    const targets = await publishIdentityProvider(h);
    expect(targets).toEqual([".well-known/openid-configuration", "jwks.json", "saml-metadata.xml"].map((n) => `s3://${BUCKET}/frontdesk/${n}`));
    const discovery = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key(".well-known/openid-configuration") }));
    expect(discovery.ContentType).toBe("application/json"); // the admin's copy had none: this one is the publisher's
    expect(JSON.parse(await discovery.Body!.transformToString())).toMatchObject({ issuer: h.identityProvider!.issuer });

    // The publisher's token passes the publisher role's trust policy and no management role's.
    const claims = decodeJwt(await publisherRole(h)!.token());
    expect(claims.sub).toBe("frontdesk:publisher");
    const context = webIdentityRequestContext(h.identityProvider!.issuer, claims);
    const trust = { providerArn: "p", issuer: h.identityProvider!.issuer, audience: "sts.amazonaws.com" };
    expect(conditionsAllow(publisherTrustStatement(trust).Condition, context)).toBe(true);
    expect(conditionsAllow(managementTrustStatement(trust).Condition, context)).toBe(false);

    // The control: the same upload with Frontdesk's own (absent) credentials fails.
    const role = h.identityProvider!.publishRoleArn;
    h.identityProvider!.publishRoleArn = undefined;
    try {
      expect((await failure(publishIdentityProvider(h)))!.message).toMatch(/could not upload frontdesk\/.* \(AWS error: CredentialsProviderError\)/);
    } finally {
      h.identityProvider!.publishRoleArn = role;
    }
  });

  it("publishes the successor key before it signs, with the token of the key that still signs", async () => {
    advance(h, 30 * 86_400 - 1800);
    await publishIdentityProvider(h);
    const keys = await listSigningKeys(h.db);
    expect(keys).toHaveLength(2);
    expect(await bucketJwksKids()).toEqual(keys.map((k) => k.kid));
  });

  it("a key that signs now but was never published stops the publisher with its kid named", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = await importSigningKey(h, { privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), signsFrom: h.now() });
    const error = await failure(publishIdentityProvider(h));
    expect(error!.message).toContain(`does not list the key that signs now (kid ${kid})`);
    expect(await bucketJwksKids()).not.toContain(kid);
    expect((await publicDocuments(h)).find((d) => d.name === "jwks.json")!.content).toContain(kid);
  });
});
