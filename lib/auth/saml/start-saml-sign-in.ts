// SP-initiated sign-in: remembers the AuthnRequest ID (and where to go afterwards) in the database,
// so that any app instance can accept the answer, once, and returns the IdP URL to redirect to
// (HTTP-Redirect binding).
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import type { SamlSettings } from "./config";
import { samlClient } from "./validate-saml-response";

/** How long a person has to sign in at the IdP. */
const AUTHN_REQUEST_SECONDS = 10 * 60;

export async function startSamlSignIn(options: {
  db: PrismaClient;
  settings: SamlSettings;
  returnTo: string | string[] | undefined | null;
  now: Date;
  /** Re-authentication: the IdP must authenticate the person again (ForceAuthn), not reuse its session. */
  forceAuthn?: boolean;
}): Promise<{ url: string; requestId: string }> {
  const { db, settings, now } = options;
  // An ID must not start with a digit (xs:ID); 160 random bits.
  const requestId = `_${randomBytes(20).toString("hex")}`;
  const url = await samlClient(settings, { generateUniqueId: () => requestId, forceAuthn: options.forceAuthn === true }).getAuthorizeUrlAsync(
    "",
    undefined,
    {},
  );
  // Housekeeping: whatever has expired can go (each table has an index on expiresAt).
  await db.$transaction([
    db.samlAuthnRequest.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.samlAssertionSeen.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.signInTicket.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } } }),
  ]);
  await db.samlAuthnRequest.create({
    data: { id: requestId, returnTo: safeReturnPath(options.returnTo), createdAt: now, expiresAt: new Date(now.getTime() + AUTHN_REQUEST_SECONDS * 1000) },
  });
  return { url, requestId };
}
