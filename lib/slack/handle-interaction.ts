// A click on an Approve or Deny button in Slack (rules with `interactive: true`). Accepted only when
// Slack signed it (fresh, untouched), only once (retries and replays are recognised), only from a
// Slack user linked to a portal person who is not the requester, and only through the same
// decideRequest use case as the portal, which re-checks every right. Feedback to the person who
// clicked goes out through the outbox as an ephemeral message; the request's message itself is
// updated by the decision's own notification.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Deps } from "@/lib/context";
import { recordRefusal } from "@/lib/audit/audit-refusals";
import { AppError, type ErrorCode } from "@/lib/errors";
import { storableText, textProblem } from "@/lib/input/safe-text";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { requestUrl } from "@/lib/notify/channels";
import { SLACK_EPHEMERAL } from "@/lib/notify/delivery-kinds";
import { ruleNotify } from "@/lib/notify/rule-notify";
import { APPROVE_ACTION, DENY_ACTION } from "@/lib/notify/slack-message";
import { personForSlackUser } from "@/lib/notify/slack-users";
import { isSelfReview } from "@/lib/policy/access";
import { decideRequest } from "@/lib/requests/decide-request";
import { verifySlackSignature } from "./signature";

export const MAX_INTERACTION_BODY = 256 * 1024;
// Longer than the signature window: a replay inside the window finds its first delivery here.
const SEEN_FOR_MS = 60 * 60_000;

export interface InteractionRequest {
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
  /** X-Slack-Retry-Num: Slack resending after no timely answer. */
  retryNum: string | null;
}

export type InteractionOutcome =
  | { status: 200; result: "acknowledged" | "ignored" | "duplicate" | "refused" | "decided" }
  | { status: 401 | 400 | 404 | 413; result: "rejected"; message: string };

const payloadSchema = z.object({
  type: z.string(),
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string() }).partial().optional(),
  channel: z.object({ id: z.string() }).partial().optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), action_ts: z.string().optional(), value: z.string().optional() })).default([]),
});

export async function handleSlackInteraction(deps: Deps, request: InteractionRequest): Promise<InteractionOutcome> {
  const secret = deps.notifications?.slackSigningSecret;
  if (!secret) return { status: 404, result: "rejected", message: "Slack interactivity is not configured." };
  if (Buffer.byteLength(request.rawBody, "utf8") > MAX_INTERACTION_BODY) return { status: 413, result: "rejected", message: "Request too large." };
  const now = deps.now();
  const check = verifySlackSignature(secret, request, now);
  if (!check.ok) return { status: 401, result: "rejected", message: "Invalid Slack signature." };

  const form = new URLSearchParams(request.rawBody);
  if (form.get("ssl_check") === "1") return { status: 200, result: "acknowledged" };
  const parsed = parsePayload(form.get("payload"));
  if (!parsed) return { status: 400, result: "rejected", message: "Unreadable Slack payload." };
  const action = parsed.type === "block_actions" ? parsed.actions.find((a) => a.action_id === APPROVE_ACTION || a.action_id === DENY_ACTION) : undefined;
  // Link buttons and anything else: Slack only needs the acknowledgement.
  if (!action?.value) return { status: 200, result: "ignored" };

  const seenId = interactionId(parsed.team?.id ?? "", parsed.user.id, action.action_id, action.value, action.action_ts ?? request.timestamp ?? "");
  await deps.db.slackInteractionSeen.deleteMany({ where: { expiresAt: { lt: now } } });
  const first = await deps.db.slackInteractionSeen.createMany({
    data: [{ id: seenId, receivedAt: now, expiresAt: new Date(now.getTime() + SEEN_FOR_MS) }],
    skipDuplicates: true,
  });
  if (first.count === 0) return { status: 200, result: "duplicate" };

  const channel = parsed.container?.channel_id ?? parsed.channel?.id ?? null;
  const tell = (text: string) => (channel ? ephemeral(deps, seenId, channel, parsed.user.id, text) : Promise.resolve());
  try {
    const refusal = await decideFromSlack(deps, parsed.user.id, action.value, action.action_id === APPROVE_ACTION ? "APPROVE" : "DENY");
    if (refusal) {
      // Refused before decideRequest ran (which audits its own refusals): audited here, as the
      // same refusal in the portal would be.
      const id = storableText(action.value, 64);
      await recordRefusal(
        deps,
        { actorId: refusal.actorId, action: "request.decide", targetType: "request", targetId: id, requestId: refusal.known ? id : null },
        new AppError(refusal.code, `From Slack (user ${storableText(parsed.user.id, 32)}): ${refusal.text}`),
      );
      await tell(refusal.text);
      return { status: 200, result: "refused" };
    }
    return { status: 200, result: "decided" };
  } catch (error) {
    if (error instanceof AppError && error.code === "REAUTH_REQUIRED") {
      // A Slack click proves a Slack session, not a recent sign-in to Frontdesk, and
      // decideRequest requires the latter: the person finishes on the request's page.
      const url = deps.notifications ? requestUrl(deps.notifications.portalUrl, action.value, action.action_id === APPROVE_ACTION ? "approve" : "deny") : "";
      await tell(`Deciding needs a recent sign-in to Frontdesk. Open the request to finish there: ${url}`);
      return { status: 200, result: "refused" };
    }
    if (error instanceof AppError) {
      await tell(error.userMessage);
      return { status: 200, result: "refused" };
    }
    // Unexpected: forget the click so that Slack's retry of it can be processed.
    await deps.db.slackInteractionSeen.deleteMany({ where: { id: seenId } });
    throw error;
  }
}

/** How old a person's last portal sign-in (and so their groups) may be for a decision from Slack. */
const SLACK_GROUPS_MAX_AGE_MS = 8 * 3600_000;

interface SlackRefusal {
  text: string;
  code: ErrorCode;
  /** The portal person who clicked, when Frontdesk knows them. */
  actorId: string | null;
  /** Whether the request exists (only then is the refusal filed under it). */
  known: boolean;
}

/** Null when decided; otherwise what to tell the person who clicked, and what to audit. */
async function decideFromSlack(deps: Deps, slackUserId: string, requestId: string, decision: "APPROVE" | "DENY"): Promise<SlackRefusal | null> {
  const refuse = (code: ErrorCode, text: string, actorId: string | null = null, known = true): SlackRefusal => ({ text, code, actorId, known });
  const slack = deps.notifications?.slack;
  if (!slack) return refuse("FORBIDDEN", "Frontdesk cannot reach Slack right now. Decide on the request's page instead.", null, false);
  // A button value no request id can have (NUL, controls, overlong) names no request.
  if (requestId.length > 64 || textProblem(requestId)) return refuse("NOT_FOUND", "Frontdesk has no such request.", null, false);
  const request = await deps.db.accessRequest.findUnique({
    where: { id: requestId },
    select: { id: true, ruleId: true, requesterId: true, requester: { select: { email: true } } },
  });
  if (!request) return refuse("NOT_FOUND", "Frontdesk has no such request.", null, false);
  if (!ruleNotify(deps.catalog, request.ruleId).interactive) {
    return refuse("FORBIDDEN", "Deciding from Slack is turned off for this kind of request. Use the Open request button.");
  }
  const person = await personForSlackUser(deps.db, slack, slackUserId, deps.now());
  if (!person) return refuse("FORBIDDEN", "Frontdesk could not match your Slack account to a person who signed in to Frontdesk. Decide on the request's page.");
  // Rights come from the groups of the person's last portal sign-in: too old, and they may have
  // changed at the IdP since (someone removed from the approvers would keep approving from Slack).
  if (deps.now().getTime() - person.lastLoginAt.getTime() > SLACK_GROUPS_MAX_AGE_MS) {
    return refuse(
      "REAUTH_REQUIRED",
      "Your Frontdesk sign-in is too old for Frontdesk to trust your groups. Sign in to Frontdesk, then decide there or from Slack.",
      person.id,
    );
  }
  // No authTime or mfa: a Slack click proves neither a recent Frontdesk sign-in nor a second factor.
  // The signed Slack request is the authentication; the use case accepts it only for rules that
  // turn interactive buttons on (which the catalog forbids where approving needs MFA).
  const actor = { id: person.id, email: person.email, name: person.name, groups: person.groups };
  if (isSelfReview(actor, { requesterId: request.requesterId, requesterEmail: request.requester.email })) {
    return refuse("FORBIDDEN", "You cannot approve or deny your own request. Another approver must decide.", person.id);
  }
  // Denials from Slack carry no comment: a rule that requires one sends the approver to the portal.
  await decideRequest(deps, { actor, requestId: request.id, decision, comment: decision === "APPROVE" ? "Approved from Slack." : undefined, via: "slack" });
  return null;
}

function parsePayload(raw: string | null): z.infer<typeof payloadSchema> | null {
  if (!raw) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One click, however often it arrives (Slack's retries, a replayed request). */
function interactionId(team: string, user: string, actionId: string, value: string, actionTs: string): string {
  return createHash("sha256")
    .update(JSON.stringify([team, user, actionId, value, actionTs]))
    .digest("hex");
}

async function ephemeral(deps: Deps, seenId: string, channel: string, user: string, text: string): Promise<void> {
  await enqueueJob(deps.db, {
    kind: SLACK_EPHEMERAL,
    key: `${SLACK_EPHEMERAL}:${seenId}`,
    payload: { channel, user, text },
    runAt: deps.now(),
    maxAttempts: 5,
  });
}
