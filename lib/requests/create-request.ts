import { findRole } from "@/lib/catalog/load-catalog";
import type { Deps } from "@/lib/context";
import { formatDuration } from "@/lib/duration";
import { AppError } from "@/lib/errors";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { REQUEST_EXPIRE } from "./timer-jobs";
import { mayRequestRole, type Actor } from "@/lib/policy/access";
import { fieldErrorsOf, newRequestSchema, type NewRequestInput } from "./request-input";

export interface CreateRequestOptions {
  actor: Actor;
  input: NewRequestInput;
}

export function createRequest(deps: Deps, options: CreateRequestOptions) {
  return auditRefusals(deps, { actorId: options.actor.id, action: "request.create", targetType: "role", targetId: String(options.input.roleId ?? "") }, () =>
    create(deps, options),
  );
}

async function create(deps: Deps, { actor, input }: CreateRequestOptions) {
  const parsed = newRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", "Some fields need attention.", fieldErrorsOf(parsed.error));
  }
  const { roleId, justification, durationMinutes } = parsed.data;

  const found = findRole(deps.catalog, roleId);
  // A role the person may not request looks the same as one that does not exist.
  if (!found || !mayRequestRole(actor, found.role)) {
    throw new AppError("FORBIDDEN", "You may not request this role.", { roleId: "You may not request this role." });
  }
  const durationSeconds = durationMinutes * 60;
  if (durationSeconds > found.role.maxDuration) {
    const message = `${found.role.name} can be requested for at most ${formatDuration(found.role.maxDuration)}.`;
    throw new AppError("INVALID_INPUT", message, { durationMinutes: message });
  }

  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const request = await tx.accessRequest.create({
      data: {
        requesterId: actor.id,
        accountId: found.account.id,
        roleId,
        justification,
        durationSeconds,
        createdAt: now,
      },
    });
    await enqueueJob(tx, {
      kind: REQUEST_EXPIRE,
      key: `${REQUEST_EXPIRE}:${request.id}`,
      payload: { requestId: request.id },
      runAt: new Date(now.getTime() + found.role.pendingTimeout * 1000),
    });
    await recordAuditEvent(
      tx,
      {
        actorId: actor.id,
        action: "request.created",
        targetType: "request",
        targetId: request.id,
        requestId: request.id,
        data: { roleId, accountId: found.account.id, durationSeconds },
      },
      now,
    );
    return request;
  });
}
