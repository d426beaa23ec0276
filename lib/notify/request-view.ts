// A request as every notification shows it: plain data read once, after commit, so messages
// always show the request's current state (an update that arrives late still shows the truth).
import { revealHiddenCharacters } from "@/lib/input/safe-text";
import { findRole } from "@/lib/catalog/load-catalog";
import type { Catalog } from "@/lib/catalog/schema";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RequestKind, RequestStatus } from "@/lib/generated/prisma/enums";

export interface PersonView {
  id: string;
  name: string;
  email: string;
}

export interface RequestView {
  id: string;
  ruleId: string;
  kind: RequestKind;
  /** The grant an EXTENSION lengthens. */
  extendsId: string | null;
  status: RequestStatus;
  requester: PersonView;
  account: { id: string; name: string };
  role: { id: string; name: string };
  durationSeconds: number;
  requestedStartAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
  decidedAt: Date | null;
  ticket: string | null;
  justification: string;
  requiredApprovals: number;
  reviews: { reviewer: PersonView; decision: "APPROVE" | "DENY"; comment: string | null; at: Date }[];
  closedAt: Date | null;
  closedBy: PersonView | null;
  closeReason: string | null;
}

const person = (u: { id: string; name: string; email: string }): PersonView => ({ id: u.id, name: u.name, email: u.email });

export async function loadRequestView(db: PrismaClient, catalog: Catalog, requestId: string): Promise<RequestView | null> {
  const request = await db.accessRequest.findUnique({
    where: { id: requestId },
    include: { requester: true, reviews: { include: { reviewer: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!request) return null;
  const closedBy = request.closedById ? await db.user.findUnique({ where: { id: request.closedById } }) : null;
  const found = findRole(catalog, request.roleId);
  return {
    id: request.id,
    ruleId: request.ruleId,
    kind: request.kind,
    extendsId: request.extendsId,
    status: request.status,
    requester: person(request.requester),
    account: { id: request.accountId, name: found?.account.name ?? request.accountId },
    role: { id: request.roleId, name: found?.role.name ?? request.roleId },
    durationSeconds: request.durationSeconds,
    requestedStartAt: request.requestedStartAt,
    startsAt: request.startsAt,
    endsAt: request.endsAt,
    createdAt: request.createdAt,
    decidedAt: request.decidedAt,
    // Email and Slack show hidden and text-direction characters visibly, as the pages do.
    ticket: request.ticket === null ? null : revealHiddenCharacters(request.ticket),
    justification: revealHiddenCharacters(request.justification),
    requiredApprovals: request.requiredApprovals,
    reviews: request.reviews.map((r) => ({ reviewer: person(r.reviewer), decision: r.decision, comment: r.comment === null ? null : revealHiddenCharacters(r.comment), at: r.createdAt })),
    closedAt: request.closedAt,
    closedBy: closedBy ? person(closedBy) : null,
    closeReason: request.closeReason,
  };
}

/**
 * When access ends: the recorded end once approved; before that, the end it would have if approved
 * at `now` (or at its scheduled start).
 */
export function effectiveEnd(view: Pick<RequestView, "endsAt" | "requestedStartAt" | "durationSeconds">, now: Date): { at: Date; projected: boolean } {
  if (view.endsAt) return { at: view.endsAt, projected: false };
  const start = view.requestedStartAt && view.requestedStartAt > now ? view.requestedStartAt : now;
  return { at: new Date(start.getTime() + view.durationSeconds * 1000), projected: true };
}
