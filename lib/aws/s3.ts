// The one place that talks to S3: Frontdesk uploads the public documents of its identity provider
// (discovery document, JWKS, SAML metadata) to a bucket AWS can read. SDK types stay here.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { STSClient } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import { managementCredentials } from "./management-credentials";

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
  /** Credentials of a role assumed with Frontdesk's own token (the publisher); the SDK's default chain when absent. */
  credentials?: ReturnType<typeof managementCredentials>;
}

/** The role Frontdesk assumes to upload (FRONTDESK_IDP_PUBLISH_ROLE_ARN), with the token it signs for it. */
export interface PublisherRole {
  roleArn: string;
  token: () => Promise<string>;
}

export const PUBLISHER_SESSION_NAME = "frontdesk-publisher";

/** Credentials of the publisher role, assumed with Frontdesk's token through an unsigned STS client: no AWS credentials needed. */
export function publisherCredentials(unsignedSts: STSClient, publisher: PublisherRole, subject: string) {
  return managementCredentials(
    unsignedSts,
    { roleArn: publisher.roleArn, mint: "web-identity", purpose: { sessionName: PUBLISHER_SESSION_NAME, subject } },
    Date.now,
    { unsignedSts, token: publisher.token },
  );
}

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
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
      `Frontdesk could not upload ${object.key} to the bucket ${object.bucket} (AWS error: ${name}). An admin should check that the bucket exists and that Frontdesk (or its publisher role) may call s3:PutObject on it.`,
    );
  }
}
