// Keeps the identity provider's keys and published documents in step without traffic: a recurring
// outbox job (one pending run across all instances, keyed by its interval boundary, like retention)
// rotates the signing keys when due and re-publishes the discovery document, JWKS and SAML metadata
// to the publish directory and the S3 bucket. Without it a quiet Frontdesk would rotate only at the
// next mint or document read, and a published copy could miss a successor key.
import type { Deps } from "@/lib/context";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandlers } from "@/lib/jobs/types";
import { publicDocuments, writePublishedDocuments } from "./published-documents";
import { assertPublisherCanBeAssumed, publisherRole } from "./publisher";
import { ensureSigningKeys } from "./signing-keys";

export const FEDERATION_PUBLISH = "federation.publish";
const DEFAULT_INTERVAL_MINUTES = 60;

const intervalOf = (deps: Pick<Deps, "identityProvider">) => deps.identityProvider?.publishIntervalMinutes ?? DEFAULT_INTERVAL_MINUTES;

/**
 * Where each document goes in the bucket: under the issuer's path, where AWS fetches it. A
 * path-style issuer (https://s3.<region>.amazonaws.com/<bucket>/<prefix>) names the bucket as its
 * first segment, which is not part of the key.
 */
export function bucketKey(issuer: string, name: string, bucket?: string): string {
  const url = new URL(issuer);
  let prefix = url.pathname.replace(/^\/+|\/+$/g, "");
  if (bucket && !url.hostname.startsWith(`${bucket}.`) && (prefix === bucket || prefix.startsWith(`${bucket}/`))) {
    prefix = prefix.slice(bucket.length).replace(/^\/+/, "");
  }
  return prefix ? `${prefix}/${name}` : name;
}

/** One run: rotation when due, then every publication target gets the current documents. */
export async function publishIdentityProvider(deps: Pick<Deps, "db" | "now" | "identityProvider" | "aws">): Promise<string[]> {
  const settings = deps.identityProvider;
  if (!settings?.keySecret) return [];
  await ensureSigningKeys(deps);
  const targets: string[] = [];
  if (settings.publishDir) targets.push(...(await writePublishedDocuments(deps, settings.publishDir)));
  if (settings.publishBucket) {
    const publisher = publisherRole(deps);
    if (publisher) await assertPublisherCanBeAssumed(deps, settings.publishBucket);
    for (const document of await publicDocuments(deps)) {
      const key = bucketKey(settings.issuer, document.name, settings.publishBucket);
      const object = { bucket: settings.publishBucket, key, body: document.content, contentType: document.contentType };
      await deps.aws.putPublicObject(object, publisher);
      targets.push(`s3://${settings.publishBucket}/${key}`);
    }
  }
  return targets;
}

export function publishJobHandlers(deps: Deps): JobHandlers {
  return {
    [FEDERATION_PUBLISH]: {
      group: () => FEDERATION_PUBLISH,
      run: async () => {
        // The next run first: a failed upload must not end the schedule (this one retries).
        await schedulePublish(deps.db, deps.now(), intervalOf(deps), false);
        const targets = await publishIdentityProvider(deps);
        if (targets.length > 0) console.log(`[frontdesk] identity provider documents published: ${targets.join(", ")}`);
      },
    },
  };
}

/** Called at boot by every instance (when Frontdesk signs for AWS): one run now, then one per interval. */
export function ensurePublishScheduled(deps: Pick<Deps, "db" | "now" | "identityProvider">) {
  if (!deps.identityProvider?.keySecret) return Promise.resolve({ created: false });
  return schedulePublish(deps.db, deps.now(), intervalOf(deps), true);
}

function schedulePublish(db: PrismaClient, now: Date, intervalMinutes: number, atOnce: boolean) {
  const interval = intervalMinutes * 60_000;
  const boundary = Math.floor(now.getTime() / interval) * interval + (atOnce ? 0 : interval);
  // Keyed by the boundary: any number of instances booting or running leave one job per interval.
  return enqueueJob(db, {
    kind: FEDERATION_PUBLISH,
    key: `${FEDERATION_PUBLISH}:${new Date(boundary).toISOString()}${atOnce ? ":boot" : ""}`,
    payload: {},
    runAt: atOnce ? now : new Date(boundary),
  });
}
