// Failures of Slack and SMTP, as the outbox records them. AppError keeps our message in
// Job.lastError, which admins read on /admin/notifications; nothing else (URLs, tokens) gets there.
// Slack's HTTP 429 is not retried on the runner's own schedule: the job hands its work to a
// successor due exactly when Slack's Retry-After says, so Frontdesk never calls Slack early.
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { RunningJob } from "@/lib/jobs/types";
import { MailError } from "@/lib/mail/mailer";
import { SlackCallError } from "@/lib/slack/call-error";

/** Past this many rate-limited hand-overs the work fails like any other (visible to admins). */
const MAX_DEFERRALS = 25;

function deliveryFailed(message: string): AppError {
  // 502: an upstream service (Slack, the mail server) failed; the code name predates that use.
  return new AppError("AWS_ERROR", message);
}

export function notConfigured(channel: "Slack" | "Email"): AppError {
  return deliveryFailed(
    channel === "Slack"
      ? "Slack is not configured (SLACK_BOT_TOKEN is not set); this delivery waits until it is."
      : "Email is not configured (SMTP_URL and MAIL_FROM are not set); this delivery waits until it is.",
  );
}

interface DeferrableOptions {
  db: PrismaClient;
  now: () => Date;
  job: RunningJob;
  payload: Prisma.InputJsonObject & { deferrals?: number };
}

/**
 * Runs one delivery. A rate-limited Slack call becomes a successor job due after Retry-After (this
 * job then ends); every other failure is thrown for the runner's backoff, with a readable message.
 */
export async function deliver(options: DeferrableOptions, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof SlackCallError && error.retryAfterSeconds !== null) {
      const deferrals = (options.payload.deferrals ?? 0) + 1;
      if (deferrals > MAX_DEFERRALS) throw deliveryFailed(error.message);
      await deferJob(options, deferrals, error.retryAfterSeconds, error.message);
      return;
    }
    if (error instanceof SlackCallError || error instanceof MailError) throw deliveryFailed(error.message);
    throw error;
  }
}

async function deferJob({ db, now, job, payload }: DeferrableOptions, deferrals: number, retryAfterSeconds: number, reason: string): Promise<void> {
  const runAt = new Date(now().getTime() + Math.max(1, retryAfterSeconds) * 1000);
  // The successor keeps this job's place in line (this one is done once it returns).
  const place = await db.job.findUnique({ where: { id: job.id }, select: { orderGroup: true, orderLane: true, orderKey: true } });
  await db.job.createMany({
    data: [
      {
        kind: job.kind,
        // Keyed by this job: however often this job runs, it has one successor.
        key: `${job.kind}:after:${job.id}`,
        payload: { ...payload, deferrals },
        runAt,
        maxAttempts: job.maxAttempts,
        lastError: `${reason} Next try at ${runAt.toISOString()}.`,
        orderGroup: place?.orderGroup,
        orderLane: place?.orderLane,
        orderKey: place?.orderKey,
      },
    ],
    skipDuplicates: true,
  });
}
