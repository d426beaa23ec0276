// The outbox handlers that make a revocation real at AWS and undo it when it has done its work.
import { z } from "zod";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { JobHandler, JobHandlers } from "@/lib/jobs/types";
import { syncRevocationPolicy } from "./sync-revocation-policy";

export const REVOCATION_APPLY = "revocation.apply";
export const REVOCATION_REMOVE = "revocation.remove";
/** With the retry cap of 15 minutes, about a day of IAM trouble before a job gives up. */
export const REVOCATION_MAX_ATTEMPTS = 100;

const revocationJobPayload = z.object({ revocationId: z.string().min(1), roleArn: z.string().min(1) });
type RevocationJobPayload = z.infer<typeof revocationJobPayload>;

export const revocationJobKey = (kind: typeof REVOCATION_APPLY | typeof REVOCATION_REMOVE, revocationId: string) => `${kind}:${revocationId}`;

async function applyRevocation(deps: Deps, { revocationId }: RevocationJobPayload): Promise<void> {
  const revocation = await deps.db.revocation.findUnique({ where: { id: revocationId } });
  // Already applied (perhaps by another revocation's job on the same role) or already over.
  if (!revocation || revocation.status !== "PENDING") return;
  await syncRevocationPolicy(deps, revocation.roleArn);
}

async function removeRevocation(deps: Deps, { revocationId }: RevocationJobPayload): Promise<void> {
  const revocation = await deps.db.revocation.findUnique({ where: { id: revocationId } });
  if (!revocation || revocation.status === "REMOVED") return;
  // Another instance's clock may run ahead; removing early would reopen live sessions.
  if (revocation.removeAfter > deps.now()) {
    throw new AppError("CONFLICT", `Not yet: sessions issued before the cutoff may be alive until ${revocation.removeAfter.toISOString()}.`);
  }
  await syncRevocationPolicy(deps, revocation.roleArn);
}

function handler(deps: Deps, work: (deps: Deps, payload: RevocationJobPayload) => Promise<void>): JobHandler {
  const parse = (payload: Prisma.JsonValue) => revocationJobPayload.parse(payload);
  return {
    // Every write to one role's policy is serialized: the last write must see the latest set.
    group: (payload) => {
      const parsed = revocationJobPayload.safeParse(payload);
      return parsed.success ? `revocation-policy:${parsed.data.roleArn}` : null;
    },
    run: (payload) => work(deps, parse(payload)),
  };
}

export function revocationJobHandlers(deps: Deps): JobHandlers {
  return { [REVOCATION_APPLY]: handler(deps, applyRevocation), [REVOCATION_REMOVE]: handler(deps, removeRevocation) };
}
