// The ACS use case: verify the posted response, accept its assertion exactly once (replay table and
// the AuthnRequest it answers, both in PostgreSQL so every app instance agrees), record the
// sign-in, and hand back a single-use ticket for the next-auth session. Every refusal is audited
// with a fixed reason, never with XML or library text.
import { createHash } from "node:crypto";
import { auditedTransaction } from "@/lib/audit/record-audit-event";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordSignIn, recordSignInFailure } from "@/lib/auth/record-sign-in";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import type { SamlSettings } from "./config";
import { SamlSignInError } from "./errors";
import { identityFromAssertion, isMfaAssertion } from "./identity-from-assertion";
import { createSignInTicket } from "./sign-in-ticket";
import { validateSamlResponse, type VerifiedSamlAssertion } from "./validate-saml-response";

export interface CompleteSamlSignInOptions {
  db: PrismaClient;
  settings: SamlSettings;
  /** The SAMLResponse form field, as posted. */
  samlResponse: unknown;
  now: Date;
  /** The attribute names the catalog turns into session tags. */
  tagClaims: readonly string[];
}

export interface CompletedSamlSignIn {
  ticket: string;
  returnTo: string;
  userId: string;
}

/**
 * Records the assertion as seen (insert-or-fail on its issuer + ID) and consumes the AuthnRequest it
 * answers, in one transaction: both happen, or neither. Returns where the person was going.
 */
async function acceptOnce(db: PrismaClient, assertion: VerifiedSamlAssertion, now: Date): Promise<string> {
  const seenId = createHash("sha256").update(`${assertion.issuer}\n${assertion.assertionId}`).digest("hex");
  return auditedTransaction(db, async (tx) => {
    const seen = await tx.samlAssertionSeen.createMany({
      data: [{ id: seenId, createdAt: now, expiresAt: assertion.rememberUntil }],
      skipDuplicates: true,
    });
    if (seen.count !== 1) throw new SamlSignInError("SamlReplay", "assertion-replayed", assertion.nameId);

    const request = await tx.samlAuthnRequest.findUnique({ where: { id: assertion.inResponseTo } });
    if (!request) throw new SamlSignInError("SamlUnsolicited", "unknown-request", assertion.nameId);
    if (request.expiresAt.getTime() <= now.getTime()) throw new SamlSignInError("SamlExpired", "request-expired", assertion.nameId);
    // Conditional on the row still being there: of two racing answers, exactly one wins.
    const consumed = await tx.samlAuthnRequest.deleteMany({ where: { id: request.id } });
    if (consumed.count !== 1) throw new SamlSignInError("SamlReplay", "request-used", assertion.nameId);
    return safeReturnPath(request.returnTo);
  });
}

export async function completeSamlSignIn(options: CompleteSamlSignInOptions): Promise<CompletedSamlSignIn> {
  const { db, settings, now } = options;
  try {
    const assertion = await validateSamlResponse(settings, options.samlResponse, now);
    const identity = identityFromAssertion(assertion, settings, options.tagClaims);
    const returnTo = await acceptOnce(db, assertion, now);
    const user = await recordSignIn(db, identity, now);
    const ticket = await createSignInTicket(
      db,
      user.id,
      {
        authTime: Math.floor(assertion.authnInstant.getTime() / 1000),
        signedInAt: Math.floor(now.getTime() / 1000),
        mfa: isMfaAssertion(assertion, settings),
        returnTo,
        // InResponseTo was checked against a request this Frontdesk issued, and consumed.
        requestId: assertion.inResponseTo,
      },
      now,
    );
    return { ticket, returnTo, userId: user.id };
  } catch (error) {
    if (error instanceof SamlSignInError) {
      await recordSignInFailure(db, { issuer: settings.idp.entityId, subject: error.subject, reason: `${error.code}:${error.reason}` }, now);
    }
    throw error;
  }
}
