import type { PrismaClient } from "@/lib/generated/prisma/client";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";

export interface SignInIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  groups: string[];
  attributes: Record<string, string>;
}

/**
 * A person is keyed by (issuer, subject), never by email: an email can be reassigned, a subject
 * cannot. Their groups are replaced on every sign-in, so changed IdP groups apply at once.
 */
export async function recordSignIn(db: PrismaClient, identity: SignInIdentity, now: Date) {
  return auditedTransaction(db, async (tx) => {
    const user = await tx.user.upsert({
      where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
      create: { ...identity, createdAt: now, lastLoginAt: now },
      update: { email: identity.email, name: identity.name, groups: identity.groups, attributes: identity.attributes, lastLoginAt: now },
    });
    await recordAuditEvent(tx, { actorId: user.id, action: "auth.signed-in", targetType: "user", targetId: user.id, data: { issuer: identity.issuer } }, now);
    return user;
  });
}

/** A refused or failed sign-in, audited without any token or claim beyond the subject. */
export async function recordSignInFailure(db: PrismaClient, failure: { issuer: string; subject: string | null; reason: string }, now: Date): Promise<void> {
  await auditedTransaction(db, (tx) =>
    recordAuditEvent(
      tx,
      {
        actorId: null,
        action: "auth.sign-in",
        targetType: "identity",
        targetId: failure.subject ? `${failure.issuer}#${failure.subject}` : failure.issuer,
        result: "refused",
        data: { reason: failure.reason },
      },
      now,
    ),
  );
}
