import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

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
  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
      create: { ...identity, createdAt: now, lastLoginAt: now },
      update: { email: identity.email, name: identity.name, groups: identity.groups, attributes: identity.attributes, lastLoginAt: now },
    });
    await recordAuditEvent(
      tx,
      { actorId: user.id, action: "auth.signed-in", targetType: "user", targetId: user.id, data: { issuer: identity.issuer } },
      now,
    );
    return user;
  });
}
