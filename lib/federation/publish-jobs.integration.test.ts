// Publishing without traffic, against PostgreSQL and moto's S3: the recurring outbox job puts the
// discovery document, JWKS and SAML metadata in the bucket under the issuer's path, and when the
// next key is due it is created and uploaded by the job alone (no mint, no document read), a full
// lead before it signs.
import { CreateBucketCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { advance, runJobs } from "@/lib/testing/revocation-kit";
import { FEDERATION_PUBLISH, bucketKey, ensurePublishScheduled } from "./publish-jobs";
import { publishedJwks } from "./published-documents";

const BUCKET = "frontdesk-idp-test";
let h: Harness;
let s3: S3Client;

beforeAll(async () => {
  h = await createHarness({ identityProvider: { publishBucket: BUCKET, publishIntervalMinutes: 60 } });
  s3 = new S3Client({ region: "us-east-1", endpoint: h.motoUrl, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
}, 60_000);
afterAll(async () => {
  s3.destroy();
  await h.close();
});

async function object(name: string): Promise<{ body: string; contentType: string | undefined }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: bucketKey(h.identityProvider!.issuer, name) }));
  return { body: await out.Body!.transformToString(), contentType: out.ContentType };
}
const kids = async () => (JSON.parse((await object("jwks.json")).body) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

describe("publish job", () => {
  it("uploads the three documents under the issuer's path at boot, and schedules the next run", async () => {
    expect(bucketKey("http://frontdesk.test/aws-idp", "jwks.json")).toBe("aws-idp/jwks.json");
    expect(bucketKey("https://bucket.s3.amazonaws.com", "jwks.json")).toBe("jwks.json");
    await ensurePublishScheduled(h);
    await ensurePublishScheduled(h); // a second instance booting: still one run
    expect(await runJobs(h)).toMatchObject({ done: 1, failed: 0 });

    const discovery = await object(".well-known/openid-configuration");
    expect(discovery.contentType).toBe("application/json");
    expect(JSON.parse(discovery.body)).toMatchObject({ issuer: "http://frontdesk.test/aws-idp", jwks_uri: "http://frontdesk.test/aws-idp/jwks.json" });
    expect(JSON.parse((await object("jwks.json")).body)).toEqual(await publishedJwks(h));
    expect((await object("saml-metadata.xml")).body).toContain('entityID="http://frontdesk.test/aws-idp/saml"');

    const next = await h.db.job.findMany({ where: { kind: FEDERATION_PUBLISH, status: "PENDING" } });
    expect(next.map((j) => j.runAt.toISOString())).toEqual(["2026-03-02T10:00:00.000Z"]);
  });

  it("creates and uploads the successor key a lead before it signs, with no traffic in between", async () => {
    const [first] = await kids();
    // 30 days later, inside the hour before rotation is due: only the job runs.
    advance(h, 30 * 86_400 - 1800);
    expect(await runJobs(h)).toMatchObject({ failed: 0 });
    const published = await kids();
    expect(published).toHaveLength(2);
    expect(published[0]).toBe(first);
    const successor = await h.db.signingKey.findFirstOrThrow({ where: { kid: published[1] } });
    expect(successor.signsFrom.getTime()).toBeGreaterThan(h.now().getTime());
  });

  it("a failed upload is retried and the schedule goes on", async () => {
    const saved = h.identityProvider!.publishBucket;
    h.identityProvider!.publishBucket = "no-such-bucket-here";
    try {
      advance(h, 3600);
      const result = await runJobs(h);
      expect(result.retried).toBe(1);
      const failed = await h.db.job.findFirstOrThrow({ where: { kind: FEDERATION_PUBLISH, lastError: { not: null } } });
      expect(failed.lastError).toMatch(/could not upload aws-idp\/.* to the bucket no-such-bucket-here \(AWS error: NoSuchBucket\)/);
      expect(await h.db.job.count({ where: { kind: FEDERATION_PUBLISH, status: "PENDING", lastError: null } })).toBe(1);
    } finally {
      h.identityProvider!.publishBucket = saved;
    }
  });
});
