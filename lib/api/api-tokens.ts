// Terminal devices' tokens: issue (after a device confirmation), refresh (rotating), resolve a
// bearer token to the person, list and revoke. Every issue, refresh and revoke is audited. A token
// is only as good as the browser sign-in that confirmed it: the session cap counts from that sign-in,
// sign-out of all sessions ends it, and the person's groups are read fresh on every call.
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { ApiToken, Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/policy/access";
import { assertCan, can } from "@/lib/policy/permissions";
import { ACCESS_PREFIX, hashSecret, newSecret, REFRESH_PREFIX } from "./token-secrets";

/** How long an access token lasts; the refresh token lasts until the session cap. */
const ACCESS_TOKEN_SECONDS = 15 * 60;
const SIGN_IN_AGAIN = "Your terminal sign-in has ended. Sign in again: run `frontdesk login`.";

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export interface TokenGrant {
  userId: string;
  deviceName: string;
  signedInAt: Date;
  authTime: Date | null;
  mfa: boolean;
  sessionVersion: number;
}

const signInAgain = () => new AppError("UNAUTHENTICATED", SIGN_IN_AGAIN);

function lifetimes(signedInAt: Date, now: Date, sessionMaxSeconds: number) {
  const refreshExpiresAt = new Date(signedInAt.getTime() + sessionMaxSeconds * 1000);
  const accessExpiresAt = new Date(Math.min(now.getTime() + ACCESS_TOKEN_SECONDS * 1000, refreshExpiresAt.getTime()));
  return { accessExpiresAt, refreshExpiresAt };
}

function answer(access: string, refresh: string, accessExpiresAt: Date, now: Date): IssuedTokens {
  return {
    access_token: access,
    refresh_token: refresh,
    token_type: "Bearer",
    expires_in: Math.max(0, Math.floor((accessExpiresAt.getTime() - now.getTime()) / 1000)),
  };
}

/** A new device token pair, in the caller's transaction (the device confirmation's). */
export async function issueTokens(tx: Prisma.TransactionClient, grant: TokenGrant, now: Date, sessionMaxSeconds: number): Promise<IssuedTokens> {
  const access = newSecret(ACCESS_PREFIX);
  const refresh = newSecret(REFRESH_PREFIX);
  const { accessExpiresAt, refreshExpiresAt } = lifetimes(grant.signedInAt, now, sessionMaxSeconds);
  if (refreshExpiresAt <= now) throw signInAgain();
  const row = await tx.apiToken.create({
    data: { ...grant, accessHash: hashSecret(access), refreshHash: hashSecret(refresh), accessExpiresAt, refreshExpiresAt },
  });
  await recordAuditEvent(
    tx,
    { actorId: grant.userId, action: "api-token.issued", targetType: "api-token", targetId: row.id, data: { device: grant.deviceName } },
    now,
  );
  return answer(access, refresh, accessExpiresAt, now);
}

/** Whether the token's sign-in still holds: not revoked, within the cap, same session version. */
function stillValid(token: ApiToken, person: { sessionVersion: number } | null, now: Date): boolean {
  return token.revokedAt === null && token.refreshExpiresAt > now && person !== null && person.sessionVersion === token.sessionVersion;
}

/**
 * A refresh: the presented refresh token is replaced (rotation). Presenting a replaced one again
 * means two parties hold it, so the device is revoked.
 */
export async function refreshTokens(deps: Deps, refreshToken: string): Promise<IssuedTokens> {
  const now = deps.now();
  const hash = hashSecret(refreshToken);
  const reused = await deps.db.apiToken.findUnique({ where: { previousRefreshHash: hash } });
  if (reused) {
    await revokeReused(deps, reused, now);
    throw signInAgain();
  }
  return auditedTransaction(deps.db, async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { refreshHash: hash }, include: { user: { select: { sessionVersion: true } } } });
    if (!token || !stillValid(token, token.user, now)) throw signInAgain();
    const access = newSecret(ACCESS_PREFIX);
    const refresh = newSecret(REFRESH_PREFIX);
    const { accessExpiresAt } = lifetimes(token.signedInAt, now, limitsOf(deps).sessionMaxSeconds);
    const rotated = await tx.apiToken.updateMany({
      where: { id: token.id, refreshHash: hash, revokedAt: null },
      data: { accessHash: hashSecret(access), refreshHash: hashSecret(refresh), previousRefreshHash: hash, accessExpiresAt, lastUsedAt: now },
    });
    if (rotated.count !== 1) throw signInAgain();
    await recordAuditEvent(tx, { actorId: token.userId, action: "api-token.refreshed", targetType: "api-token", targetId: token.id }, now);
    return answer(access, refresh, accessExpiresAt, now);
  });
}

/** A replaced refresh token came back: whoever holds the current one may not be the person. */
async function revokeReused(deps: Deps, token: ApiToken, now: Date): Promise<void> {
  await auditedTransaction(deps.db, async (tx) => {
    const revoked = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: now } });
    if (revoked.count === 1) {
      await recordAuditEvent(
        tx,
        { actorId: token.userId, action: "api-token.revoked", targetType: "api-token", targetId: token.id, data: { reason: "refresh token reused" } },
        now,
      );
    }
  });
}

export interface BearerActor extends Actor {
  tokenId: string;
}

/**
 * The person behind an `Authorization: Bearer` header, as the database knows them now (groups
 * from their latest sign-in), with the auth time and MFA of the browser sign-in that confirmed
 * the device. Anything else is "sign in again".
 */
export async function actorFromBearer(deps: Deps, authorization: string | null): Promise<BearerActor> {
  const match = /^Bearer (fd_at_[A-Za-z0-9_-]{20,100})$/.exec(authorization ?? "");
  if (!match?.[1]) throw signInAgain();
  const now = deps.now();
  const token = await deps.db.apiToken.findUnique({ where: { accessHash: hashSecret(match[1]) }, include: { user: true } });
  if (!token || !stillValid(token, token.user, now) || token.accessExpiresAt <= now) throw signInAgain();
  // Marked used at most once a minute: a busy script does not write on every call.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await deps.db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  const { user } = token;
  return { id: user.id, email: user.email, name: user.name, groups: user.groups, authTime: token.authTime, mfa: token.mfa, tokenId: token.id };
}

export interface TokenView {
  id: string;
  deviceName: string;
  person: { id: string; email: string; name: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  current: boolean;
}

/** The person's own devices still signed in; an admin may ask for everyone's. */
export async function listTokens(deps: Deps, actor: Actor, options: { everyone?: boolean; currentTokenId?: string } = {}): Promise<TokenView[]> {
  const everyone = options.everyone === true && can(actor, "tokens.view-all", null, deps.catalog);
  const rows = await deps.db.apiToken.findMany({
    where: { revokedAt: null, refreshExpiresAt: { gt: deps.now() }, ...(everyone ? {} : { userId: actor.id }) },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  return rows.map((row) => ({
    id: row.id,
    deviceName: row.deviceName,
    person: row.user,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.refreshExpiresAt,
    current: row.id === options.currentTokenId,
  }));
}

/** Signs a device out: its owner or an admin. Someone else's token is "not found". */
export function revokeToken(deps: Deps, options: { actor: Actor; tokenId: string }): Promise<{ revoked: boolean }> {
  const id = String(options.tokenId).slice(0, 64);
  const attempt = { actorId: options.actor.id, action: "api-token.revoke", targetType: "api-token", targetId: id };
  return auditRefusals(deps, attempt, () => revoke(deps, options.actor, id));
}

async function revoke(deps: Deps, actor: Actor, id: string): Promise<{ revoked: boolean }> {
  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    assertCan(actor, "token.revoke", token ? { token: { ownerId: token.userId } } : null, deps.catalog, "No such device.");
    if (!token || token.revokedAt) return { revoked: false };
    await tx.apiToken.update({ where: { id }, data: { revokedAt: now, revokedById: actor.id } });
    await recordAuditEvent(tx, { actorId: actor.id, action: "api-token.revoked", targetType: "api-token", targetId: id, data: { owner: token.userId } }, now);
    return { revoked: true };
  });
}
