// Retention: tables that would otherwise grow forever are pruned on a schedule, by a job in the
// outbox like the audit anchors (one pending run at a time across all instances, keyed by the next
// interval boundary). Pruned: finished jobs (DONE and FAILED, by when they finished; the newest of
// each kind is kept, since chains such as the audit delivery resume from it), the delivery records
// of sends confirmed as long ago and settled issuance intents (the Issuance row and the audit trail
// keep the facts), rate-limit attempts and windows,
// expired sign-in tickets, terminal device codes and long-dead API tokens, SAML AuthnRequest IDs and replay entries, and Slack interaction IDs
// (all past their expiry, plus a grace period). Audit events are never deleted: the table refuses
// it, and nothing here asks.
import type { Deps } from "@/lib/context";
import { getOpsConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandlers } from "@/lib/jobs/types";
import { log } from "@/lib/log/logger";

export const RETENTION_PRUNE = "ops.retention";

export interface RetentionSettings {
  intervalMinutes: number;
  finishedJobsDays: number;
  rateLimitHours: number;
  expiredGraceHours: number;
}

interface PruneCounts {
  jobs: number;
  deliveryRecords: number;
  issuanceIntents: number;
  rateLimitEvents: number;
  rateLimitHits: number;
  deviceCodes: number;
  apiTokens: number;
  signInTickets: number;
  samlAuthnRequests: number;
  samlAssertionsSeen: number;
  slackInteractionsSeen: number;
}

function retentionSettingsFromEnv(): RetentionSettings {
  const env = getOpsConfig();
  return {
    intervalMinutes: env.RETENTION_INTERVAL_MINUTES,
    finishedJobsDays: env.RETENTION_FINISHED_JOBS_DAYS,
    rateLimitHours: env.RETENTION_RATE_LIMIT_HOURS,
    expiredGraceHours: env.RETENTION_EXPIRED_GRACE_HOURS,
  };
}

export function retentionJobHandlers(deps: Pick<Deps, "db" | "now">, settings: () => RetentionSettings = retentionSettingsFromEnv): JobHandlers {
  return {
    [RETENTION_PRUNE]: {
      group: () => RETENTION_PRUNE,
      run: async () => {
        const config = settings();
        const now = deps.now();
        // The next run first: a prune that fails must not end the schedule (this one retries).
        await scheduleRetention(deps.db, now, config.intervalMinutes);
        const counts = await pruneExpiredRows(deps.db, now, config);
        log().info({ retention: counts }, "retention: old rows pruned");
      },
    },
  };
}

/** Called at boot by every instance: any number of boots leave one pending run. */
export function ensureRetentionScheduled(db: PrismaClient, now: Date, intervalMinutes: number = retentionSettingsFromEnv().intervalMinutes) {
  return scheduleRetention(db, now, intervalMinutes);
}

export function nextRetentionTime(now: Date, intervalMinutes: number): Date {
  const interval = intervalMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / interval) * interval + interval);
}

function scheduleRetention(db: PrismaClient, now: Date, intervalMinutes: number) {
  const runAt = nextRetentionTime(now, intervalMinutes);
  return enqueueJob(db, { kind: RETENTION_PRUNE, key: `${RETENTION_PRUNE}:${runAt.toISOString()}`, payload: {}, runAt });
}

const hours = (n: number) => n * 3_600_000;

async function pruneExpiredRows(db: PrismaClient, now: Date, settings: Omit<RetentionSettings, "intervalMinutes">): Promise<PruneCounts> {
  const jobsBefore = new Date(now.getTime() - hours(24 * settings.finishedJobsDays));
  const windowsBefore = new Date(now.getTime() - hours(settings.rateLimitHours));
  const expiredBefore = new Date(now.getTime() - hours(settings.expiredGraceHours));
  const jobs = await db.$executeRaw`
    DELETE FROM "Job" j
    WHERE j.status IN ('DONE', 'FAILED') AND j."doneAt" < ${jobsBefore}
      AND j.id <> (SELECT k.id FROM "Job" k WHERE k.kind = j.kind AND k.status <> 'PENDING'
                   ORDER BY k."createdAt" DESC, k.id DESC LIMIT 1)`;
  const [deviceCodes, apiTokens] = await Promise.all([
    db.deviceCode.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
    // A terminal's tokens, once they can no longer be refreshed (or were revoked) as long ago as finished jobs.
    db.apiToken.deleteMany({ where: { OR: [{ refreshExpiresAt: { lt: jobsBefore } }, { revokedAt: { lt: jobsBefore } }] } }),
  ]);
  const [deliveryRecords, issuanceIntents, rateLimitEvents, rateLimitHits, signInTickets, samlAuthnRequests, samlAssertionsSeen, slackInteractionsSeen] =
    await Promise.all([
      db.deliveryRecord.deleteMany({ where: { status: "SENT", sentAt: { lt: jobsBefore } } }),
      db.issuanceIntent.deleteMany({ where: { status: { not: "PENDING" }, settledAt: { lt: jobsBefore } } }),
      db.rateLimitEvent.deleteMany({ where: { at: { lt: windowsBefore } } }),
      db.rateLimitHit.deleteMany({ where: { windowStart: { lt: windowsBefore } } }),
      db.signInTicket.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
      db.samlAuthnRequest.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
      db.samlAssertionSeen.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
      db.slackInteractionSeen.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
    ]);
  return {
    jobs,
    deliveryRecords: deliveryRecords.count,
    issuanceIntents: issuanceIntents.count,
    rateLimitEvents: rateLimitEvents.count,
    rateLimitHits: rateLimitHits.count,
    deviceCodes: deviceCodes.count,
    apiTokens: apiTokens.count,
    signInTickets: signInTickets.count,
    samlAuthnRequests: samlAuthnRequests.count,
    samlAssertionsSeen: samlAssertionsSeen.count,
    slackInteractionsSeen: slackInteractionsSeen.count,
  };
}
