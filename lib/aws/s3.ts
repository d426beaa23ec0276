// The one place that talks to S3: Frontdesk uploads the public documents of its identity provider
// (discovery document, JWKS, SAML metadata) to a bucket AWS can read. SDK types stay here.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AppError } from "@/lib/errors";

export interface PublicObject {
  bucket: string;
  key: string;
  body: string;
  contentType: string;
}

export interface S3Config {
  region: string;
  /** A custom endpoint (moto in tests); AWS's otherwise. Path-style then, as emulators expect. */
  endpoint?: string;
}

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.endpoint !== undefined,
    maxAttempts: 3,
    retryMode: "standard",
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
}

export async function putPublicObject(client: S3Client, object: PublicObject): Promise<void> {
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        // AWS re-reads the JWKS on its own schedule; a short cache keeps a rotation visible.
        CacheControl: "public, max-age=300",
      }),
    );
  } catch (error) {
    const name = (error as { name?: string }).name ?? "error";
    throw new AppError(
      "AWS_ERROR",
      `Frontdesk could not upload ${object.key} to the bucket ${object.bucket} (AWS error: ${name}). An admin should check that the bucket exists and that Frontdesk may call s3:PutObject on it.`,
    );
  }
}
