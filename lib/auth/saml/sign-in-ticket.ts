// The single-use ticket that carries a verified SAML sign-in from the ACS endpoint into a next-auth
// session. The browser holds a random token for at most a minute; the database keeps only its
// sha256, and redeeming it is one conditional UPDATE, so it works once, on any app instance.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";

const SIGN_IN_TICKET_SECONDS = 60;

const payloadSchema = z.object({
  authTime: z.number().int().nonnegative(),
  signedInAt: z.number().int().nonnegative(),
  mfa: z.boolean(),
  returnTo: z.string(),
  /** The AuthnRequest it answered: the browser redeeming it must hold it (browser-binding.ts). */
  requestId: z.string(),
});
export type SignInTicketPayload = z.infer<typeof payloadSchema>;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new ticket for `userId`; returns the token (never stored). */
export async function createSignInTicket(db: PrismaClient, userId: string, payload: SignInTicketPayload, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.signInTicket.create({
    data: { id: digest(token), userId, payload, createdAt: now, expiresAt: new Date(now.getTime() + SIGN_IN_TICKET_SECONDS * 1000) },
  });
  return token;
}

/** The ticket's user and payload, exactly once, while unexpired; otherwise null. */
export async function redeemSignInTicket(db: PrismaClient, token: unknown, now: Date): Promise<({ userId: string } & SignInTicketPayload) | null> {
  if (typeof token !== "string" || !TOKEN.test(token)) return null;
  const id = digest(token);
  const { count } = await db.signInTicket.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const ticket = await db.signInTicket.findUnique({ where: { id } });
  const payload = payloadSchema.safeParse(ticket?.payload);
  return ticket && payload.success ? { userId: ticket.userId, ...payload.data } : null;
}
