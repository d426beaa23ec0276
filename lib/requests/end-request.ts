import { auditRefusals } from "@/lib/audit/audit-refusals";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { closeGrant, closeSetGrants, type CloseGrantResult } from "./close-grant";
import { endSchema } from "./close-input";

/** "I'm done": the requester gives their access back before the window ends. */
export function endRequest(deps: Deps, options: { actor: Actor; requestId: string }): Promise<CloseGrantResult> {
  const id = String(options.requestId);
  return auditRefusals(deps, { actorId: options.actor.id, action: "request.end", targetType: "request", targetId: id, requestId: id }, () =>
    end(deps, options),
  );
}

async function end(deps: Deps, options: { actor: Actor; requestId: string }): Promise<CloseGrantResult> {
  const parsed = endSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "No such request.");
  const { actor } = options;
  const { requestId } = parsed.data;
  // requesterId in the where: someone else's request is simply not found.
  const own = await deps.db.accessRequest.findFirst({ where: { id: requestId, requesterId: actor.id }, select: { id: true, extendsId: true, setId: true } });
  if (!own) throw new AppError("NOT_FOUND", "No such request.");
  if (own.setId) return closeSetGrants(deps, { actor, setId: own.setId, to: "ENDED", reason: null });
  // Ending an extension ends the access it lengthened.
  return closeGrant(deps, { actor, requestId: own.extendsId ?? own.id, to: "ENDED", reason: null });
}
