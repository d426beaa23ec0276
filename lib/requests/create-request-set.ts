// Several roles asked for at once: one justification, one decision. Each role becomes a request of
// its own (its own grant, window, credentials and revocation) in one RequestSet, all created in one
// transaction; the strictest rule among the roles routes the whole set (evaluateRequestSet).
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { Prisma, type AccessRequest } from "@/lib/generated/prisma/client";
import { queueJob } from "@/lib/jobs/enqueue-job";
import { enforceRequestCreationRateLimit } from "@/lib/http/rate-limit";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import type { Actor } from "@/lib/policy/access";
import { evaluateRequestSet, roleLabel, type SetEvaluation } from "@/lib/policy/evaluate-request-set";
import { insertRequestRow, refuseOverlap, REQUEST_LOCK_SPACE } from "./create-request";
import { fieldErrorsOf, newRequestSetSchema, type NewRequestSet, type NewRequestSetInput } from "./request-input";
import { REQUEST_EXPIRE } from "./timer-jobs";
import { openWindow, scheduleWindow } from "./windows";

export interface CreateRequestSetOptions {
  actor: Actor;
  input: NewRequestSetInput;
  clientIp?: string | null;
}

type Evaluation = Extract<SetEvaluation, { ok: true }>;

/** The set's members in order (the first speaks for the set), or those of the set already recorded for this form key. */
export function createRequestSet(deps: Deps, options: CreateRequestSetOptions): Promise<AccessRequest[]> {
  const roles = Array.isArray(options.input.roleIds) ? options.input.roleIds.map(String).join(",") : "";
  const attempt = { actorId: options.actor.id, action: "request.create", targetType: "role", targetId: roles.slice(0, 64) };
  return auditRefusals(deps, attempt, () => create(deps, options));
}

async function create(deps: Deps, { actor, input, clientIp }: CreateRequestSetOptions): Promise<AccessRequest[]> {
  const parsed = newRequestSetSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Some fields need attention.", fieldErrorsOf(parsed.error));
  const asked = { ...parsed.data, roleIds: [...new Set(parsed.data.roleIds)] };
  const now = deps.now();
  const earlier = await repeatOf(deps.db, actor, asked);
  if (earlier) return earlier;
  await enforceRequestCreationRateLimit(deps.db, { personId: actor.id, ip: clientIp, now, limitPerHour: limitsOf(deps).requestsPerHour });
  const evaluation = evaluateRequestSet(
    deps.catalog,
    actor,
    {
      roleIds: asked.roleIds,
      durationSeconds: asked.durationMinutes * 60,
      ticket: asked.ticket ?? null,
      startAt: asked.startAt ? new Date(asked.startAt) : null,
      breakGlass: asked.breakGlass,
    },
    now,
  );
  if (!evaluation.ok) throw new AppError(evaluation.code, evaluation.message, { [evaluation.field]: evaluation.message });

  try {
    return await insert(deps, actor, asked, evaluation, now);
  } catch (error) {
    // The same form key submitted twice at the same instant: the first set stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && asked.clientKey) {
      const repeat = await repeatOf(deps.db, actor, asked);
      if (repeat) return repeat;
    }
    throw error;
  }
}

function insert(deps: Deps, actor: Actor, asked: NewRequestSet, evaluation: Evaluation, now: Date): Promise<AccessRequest[]> {
  return auditedTransaction(deps.db, async (tx) => {
    // The same per-person, per-role locks a single request takes, in one order: no two sets deadlock.
    for (const roleId of [...asked.roleIds].sort()) {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${REQUEST_LOCK_SPACE}::int, hashtext(${`${actor.id}:${roleId}`}))::text`;
    }
    const repeat = await repeatOf(tx, actor, asked);
    if (repeat) return repeat;
    for (const roleId of asked.roleIds) await refuseOverlapNamed(tx, deps, actor, roleId, asked.breakGlass, now);
    const set = await tx.requestSet.create({
      data: { requesterId: actor.id, justification: asked.justification, clientKey: asked.clientKey ?? null, createdAt: now },
    });
    const members: AccessRequest[] = [];
    for (const [index, member] of evaluation.members.entries()) {
      members.push(await insertMember(tx, actor, asked, evaluation, member, { setId: set.id, index }, now));
    }
    await route(tx, members, evaluation, now);
    // Waiting for approvers, the rows are as inserted; windows opened by route() changed them.
    if (evaluation.outcome !== "BREAK_GLASS" && evaluation.outcome !== "AUTO_APPROVED") return members;
    return tx.accessRequest.findMany({ where: { setId: set.id }, orderBy: { setIndex: "asc" } });
  });
}

type Db = Pick<Prisma.TransactionClient, "accessRequest" | "requestSet">;

async function repeatOf(db: Db, actor: Actor, asked: NewRequestSet): Promise<AccessRequest[] | null> {
  if (!asked.clientKey) return null;
  const set = await db.requestSet.findUnique({ where: { requesterId_clientKey: { requesterId: actor.id, clientKey: asked.clientKey } } });
  return set ? db.accessRequest.findMany({ where: { setId: set.id }, orderBy: { setIndex: "asc" } }) : null;
}

/** A role already held or pending refuses the set, naming the role. */
async function refuseOverlapNamed(tx: Prisma.TransactionClient, deps: Deps, actor: Actor, roleId: string, breakGlass: boolean, now: Date) {
  try {
    await refuseOverlap(tx, actor, { roleId, breakGlass }, now);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message = `${roleLabel(deps.catalog, roleId)}: ${error.userMessage}`;
    throw new AppError(error.code, message, { roleIds: message }, error.link);
  }
}

async function insertMember(
  tx: Prisma.TransactionClient,
  actor: Actor,
  asked: NewRequestSet,
  evaluation: Evaluation,
  member: Evaluation["members"][number],
  place: { setId: string; index: number },
  now: Date,
): Promise<AccessRequest> {
  const request = await insertRequestRow(tx, {
    requesterId: actor.id,
    accountId: member.account.id,
    roleId: member.role.id,
    ruleId: member.rule.id,
    kind: evaluation.outcome === "BREAK_GLASS" ? "BREAK_GLASS" : "STANDARD",
    justification: asked.justification,
    ticket: asked.ticket ?? null,
    durationSeconds: asked.durationMinutes * 60,
    requiredApprovals: evaluation.requiredApprovals,
    requestedStartAt: evaluation.startAt,
    setId: place.setId,
    setIndex: place.index,
    createdAt: now,
  });
  const data = {
    roleId: request.roleId,
    accountId: request.accountId,
    ruleId: request.ruleId,
    kind: request.kind,
    durationSeconds: request.durationSeconds,
    ticket: request.ticket,
    startAt: evaluation.startAt?.toISOString() ?? null,
    requiredApprovals: request.requiredApprovals,
    setId: place.setId,
    setSize: evaluation.members.length,
  };
  await recordAuditEvent(tx, { actorId: actor.id, targetType: "request", targetId: request.id, requestId: request.id, action: "request.created", data }, now);
  return request;
}

/** Break glass or auto-approval opens every window now; otherwise the set waits for approvers, once. */
async function route(tx: Prisma.TransactionClient, members: AccessRequest[], evaluation: Evaluation, now: Date): Promise<void> {
  const lead = members[0]!;
  const actorId = lead.requesterId;
  const audit = (request: AccessRequest, action: string, data: Record<string, string>) =>
    recordAuditEvent(tx, { actorId, targetType: "request", targetId: request.id, requestId: request.id, action, data }, now);
  if (evaluation.outcome === "BREAK_GLASS") {
    for (const request of members) {
      await tx.reviewTask.create({ data: { requestId: request.id, createdAt: now } });
      await audit(request, "request.break-glass", { ruleId: request.ruleId, reason: request.justification });
    }
    await notifyRequestEvent(tx, { requestId: lead.id, event: "break-glass", actorId, at: now }, lead.setIndex);
    for (const request of members) await openWindow(tx, request, now, actorId);
  } else if (evaluation.outcome === "AUTO_APPROVED") {
    for (const request of members) await audit(request, "request.auto-approved", { ruleId: request.ruleId });
    await notifyRequestEvent(tx, { requestId: lead.id, event: "approved", actorId: null, at: now }, lead.setIndex);
    for (const request of members) {
      if (evaluation.startAt) await scheduleWindow(tx, request, evaluation.startAt, now, null);
      else await openWindow(tx, request, now, null);
    }
  } else {
    const runAt = new Date(now.getTime() + evaluation.pendingTimeoutSeconds * 1000);
    for (const request of members) {
      await queueJob(tx, { kind: REQUEST_EXPIRE, key: `${REQUEST_EXPIRE}:${request.id}`, payload: { requestId: request.id }, runAt });
    }
    await notifyRequestEvent(tx, { requestId: lead.id, event: "created", actorId, at: now }, lead.setIndex);
  }
}
