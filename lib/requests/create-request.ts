// Asking for access: routed to approvers, approved by its rule at once, self-activated in an
// emergency (break glass), or more time on an active grant (an extension).
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limitsOf, type Deps } from "@/lib/context";
import { enforceRequestCreationRateLimit } from "@/lib/http/rate-limit";
import { AppError } from "@/lib/errors";
import { Prisma, type AccessRequest } from "@/lib/generated/prisma/client";
import { maxDurationFor } from "@/lib/catalog/rules";
import { formatDuration } from "@/lib/duration";
import { queueJob } from "@/lib/jobs/enqueue-job";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import { evaluateRequest } from "@/lib/policy/evaluate-request";
import type { Actor } from "@/lib/policy/access";
import { fieldErrorsOf, newRequestSchema, type NewRequest, type NewRequestInput } from "./request-input";
import { schedulePendingTimers } from "./pending-timers";
import { REQUEST_EXPIRE } from "./timer-jobs";
import { lockRequest, transition } from "./transition";
import { extendGrant, openWindow, scheduleWindow } from "./windows";

export interface CreateRequestOptions {
  actor: Actor;
  input: NewRequestInput;
  /** The client's address, for the per-IP rate limit (absent outside HTTP). */
  clientIp?: string | null;
}

// Advisory-lock namespace serialising one person's requests for one role.
export const REQUEST_LOCK_SPACE = 727_003;

/** Records the request, or returns the one already recorded for the same form key (a repeat submission). */
export function createRequest(deps: Deps, options: CreateRequestOptions): Promise<AccessRequest> {
  const attempt = { actorId: options.actor.id, action: "request.create", targetType: "role", targetId: String(options.input.roleId ?? "").slice(0, 64) };
  return auditRefusals(deps, attempt, () => create(deps, options));
}

async function create(deps: Deps, { actor, input, clientIp }: CreateRequestOptions): Promise<AccessRequest> {
  const parsed = newRequestSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Some fields need attention.", fieldErrorsOf(parsed.error));
  const asked = parsed.data;
  const now = deps.now();
  // A repeat of a submission already recorded is answered before it counts against any limit.
  const earlier = await repeatOf(deps.db, actor, asked);
  if (earlier) return earlier;
  await enforceRequestCreationRateLimit(deps.db, { personId: actor.id, ip: clientIp, now, limitPerHour: limitsOf(deps).requestsPerHour });
  try {
    return await auditedTransaction(deps.db, async (tx) => {
      // One person's requests for one role are decided one at a time: the overlap check below
      // cannot be raced by a second tab or a double click.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${REQUEST_LOCK_SPACE}::int, hashtext(${`${actor.id}:${asked.roleId}`}))::text`;
      const repeat = await repeatOf(tx, actor, asked);
      if (repeat) return repeat;
      const extending = asked.extendsId ? await grantToExtend(tx, actor, asked, now) : null;
      const evaluation = evaluate(deps, actor, asked, extending, now);
      if (!extending) await refuseOverlap(tx, actor, asked, now);
      const request = await insertRequest(tx, actor, asked, evaluation, extending, now);
      await route(tx, request, evaluation, extending, now);
      // Waiting for approvers, the row is as inserted; a window opened by route() changed it.
      return evaluation.outcome === "BREAK_GLASS" || evaluation.outcome === "AUTO_APPROVED"
        ? tx.accessRequest.findUniqueOrThrow({ where: { id: request.id } })
        : request;
    });
  } catch (error) {
    // The same form key submitted for another role at the same instant: the first one stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && asked.clientKey) {
      const repeat = await repeatOf(deps.db, actor, asked);
      if (repeat) return repeat;
    }
    throw error;
  }
}

type Db = Pick<Prisma.TransactionClient, "accessRequest">;
type Evaluation = Extract<ReturnType<typeof evaluateRequest>, { ok: true }>;
type Grant = Awaited<ReturnType<typeof grantToExtend>>;

function repeatOf(db: Db, actor: Actor, asked: NewRequest): Promise<AccessRequest | null> {
  if (!asked.clientKey) return Promise.resolve(null);
  return db.accessRequest.findUnique({ where: { requesterId_clientKey: { requesterId: actor.id, clientKey: asked.clientKey } } });
}

/** The catalog's verdict on what was asked, or the refusal that names the field to fix. */
function evaluate(deps: Deps, actor: Actor, asked: NewRequest, extending: Grant | null, now: Date): Evaluation {
  const evaluation = evaluateRequest(
    deps.catalog,
    actor,
    {
      roleId: asked.roleId,
      durationSeconds: asked.durationMinutes * 60,
      ticket: asked.ticket ?? null,
      startAt: asked.startAt ? new Date(asked.startAt) : null,
      breakGlass: asked.breakGlass,
      extending: extending && { ruleId: extending.ruleId },
    },
    now,
  );
  if (!evaluation.ok) throw new AppError(evaluation.code, evaluation.message, { [evaluation.field]: evaluation.message });
  if (extending?.startsAt && extending.endsAt) {
    // Extensions together never make a grant longer than one request under its rule could be.
    const maxTotal = maxDurationFor(evaluation.rule, evaluation.role);
    const held = (extending.endsAt.getTime() - extending.startsAt.getTime()) / 1000;
    if (held + asked.durationMinutes * 60 > maxTotal) {
      const message = `${evaluation.role.name} can be held for at most ${formatDuration(maxTotal)} in all; this access already has ${formatDuration(held, "floor")}.`;
      throw new AppError("INVALID_INPUT", message, { durationMinutes: message });
    }
  }
  return evaluation;
}

async function insertRequest(tx: Prisma.TransactionClient, actor: Actor, asked: NewRequest, evaluation: Evaluation, extending: Grant | null, now: Date) {
  const { rule, account, outcome } = evaluation;
  const request = await insertRequestRow(tx, {
    requesterId: actor.id,
    accountId: account.id,
    roleId: asked.roleId,
    ruleId: rule.id,
    kind: outcome === "BREAK_GLASS" ? "BREAK_GLASS" : extending ? "EXTENSION" : "STANDARD",
    extendsId: extending?.id ?? null,
    justification: asked.justification,
    ticket: asked.ticket ?? null,
    durationSeconds: asked.durationMinutes * 60,
    requiredApprovals: evaluation.requiredApprovals,
    requestedStartAt: evaluation.startAt,
    clientKey: asked.clientKey ?? null,
    createdAt: now,
  });
  const data = {
    roleId: request.roleId,
    accountId: request.accountId,
    ruleId: rule.id,
    kind: request.kind,
    durationSeconds: request.durationSeconds,
    ticket: request.ticket,
    startAt: evaluation.startAt?.toISOString() ?? null,
    extendsId: request.extendsId,
    requiredApprovals: request.requiredApprovals,
  };
  await recordAuditEvent(tx, { actorId: actor.id, targetType: "request", targetId: request.id, requestId: request.id, action: "request.created", data }, now);
  return request;
}

/** The one place a request row is born: always in the state map's first state (no status is ever given). */
export function insertRequestRow(tx: Prisma.TransactionClient, data: Omit<Prisma.AccessRequestUncheckedCreateInput, "status" | "version">) {
  return tx.accessRequest.create({ data });
}

/** Where a new request goes: a window opened by break glass or its rule, or the approvers' queue. */
async function route(tx: Prisma.TransactionClient, request: AccessRequest, evaluation: Evaluation, extending: Grant | null, now: Date): Promise<void> {
  const { rule, outcome } = evaluation;
  const actorId = request.requesterId;
  const audit = { actorId, targetType: "request", targetId: request.id, requestId: request.id };
  if (outcome === "BREAK_GLASS") {
    await tx.reviewTask.create({ data: { requestId: request.id, createdAt: now } });
    await recordAuditEvent(tx, { ...audit, action: "request.break-glass", data: { ruleId: rule.id, reason: request.justification } }, now);
    await notifyRequestEvent(tx, { requestId: request.id, event: "break-glass", actorId, at: now }, request.setIndex);
    await openWindow(tx, request, now, actorId);
  } else if (outcome === "AUTO_APPROVED") {
    await recordAuditEvent(tx, { ...audit, action: "request.auto-approved", data: { ruleId: rule.id } }, now);
    await notifyRequestEvent(tx, { requestId: request.id, event: "approved", actorId: null, at: now }, request.setIndex);
    if (extending) {
      const grant = await lockRequest(tx, extending.id);
      if (!grant) throw new AppError("NOT_FOUND", "No such request.");
      await extendGrant(tx, { ...request, extendsId: extending.id }, grant, now, null, maxDurationFor(rule, evaluation.role));
    } else if (evaluation.startAt) {
      await scheduleWindow(tx, request, evaluation.startAt, now, null);
    } else {
      await openWindow(tx, request, now, null);
    }
  } else {
    const runAt = new Date(now.getTime() + rule.pendingTimeout * 1000);
    await queueJob(tx, { kind: REQUEST_EXPIRE, key: `${REQUEST_EXPIRE}:${request.id}`, payload: { requestId: request.id }, runAt });
    await schedulePendingTimers(tx, request.id, rule, now);
    await notifyRequestEvent(tx, { requestId: request.id, event: "created", actorId, at: now }, request.setIndex);
  }
}

/** The person's own active grant for this role, which an extension lengthens. */
async function grantToExtend(tx: Prisma.TransactionClient, actor: Actor, asked: NewRequest, now: Date) {
  const grant = await tx.accessRequest.findFirst({ where: { id: asked.extendsId, requesterId: actor.id } });
  if (!grant || grant.roleId !== asked.roleId) throw new AppError("NOT_FOUND", "No such request to extend.", { extendsId: "No such request to extend." });
  if (grant.kind === "EXTENSION") throw new AppError("INVALID_INPUT", "Extend the access itself, not an extension of it.");
  if (grant.status !== "ACTIVE" || !grant.endsAt || grant.endsAt <= now) {
    throw new AppError("CONFLICT", "Only access that is active now can be extended. Ask for new access instead.");
  }
  const pending = await tx.accessRequest.findFirst({ where: { extendsId: grant.id, status: "PENDING" }, select: { id: true } });
  if (pending) {
    throw new AppError("CONFLICT", "You already asked for more time on this access.", {}, { href: `/requests/${pending.id}`, label: "See that request" });
  }
  return grant;
}

/** A second request for a role the person holds or has pending is refused, with a link to the first. */
export async function refuseOverlap(tx: Prisma.TransactionClient, actor: Actor, asked: Pick<NewRequest, "roleId" | "breakGlass">, now: Date): Promise<void> {
  const existing = await tx.accessRequest.findFirst({
    where: {
      requesterId: actor.id,
      roleId: asked.roleId,
      kind: { not: "EXTENSION" },
      OR: [{ status: "PENDING" }, { status: { in: ["APPROVED", "ACTIVE"] }, endsAt: { gt: now } }],
    },
    orderBy: { createdAt: "desc" },
  });
  if (!existing) return;
  const link = { href: `/requests/${existing.id}`, label: "Open your request" };
  if (existing.status === "PENDING") {
    if (asked.breakGlass) {
      // An emergency does not wait on a pending request: break glass replaces it.
      const replaced = await transition(tx, existing.id, {
        to: "CANCELLED",
        now,
        when: (row) => row.status === "PENDING",
        data: { decidedAt: now, closeReason: "Replaced by break-glass access." },
        audit: { actorId: actor.id, action: "request.cancelled", data: { reason: "replaced by break glass" } },
        notify: { event: "cancelled", actorId: actor.id },
      });
      if (!replaced.changed) {
        // An approver got there first: that request is a grant now, and break glass would be a second.
        throw new AppError("CONFLICT", "Your pending request for this role was just approved. Open it to use the access.", {}, link);
      }
      return;
    }
    throw new AppError("CONFLICT", "You already have a pending request for this role.", { roleId: "You already have a pending request for this role." }, link);
  }
  const message =
    existing.status === "ACTIVE"
      ? "You already have access to this role. Ask for more time on that request instead."
      : "You already have access to this role scheduled. Open it to see when it starts.";
  throw new AppError("CONFLICT", message, { roleId: message }, link);
}
