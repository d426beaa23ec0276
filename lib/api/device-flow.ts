// RFC 8628 device authorization against Frontdesk itself: the terminal asks for a code pair, the
// person confirms the short user code on a signed-in Frontdesk page, and the terminal's polling
// with the long device code is answered once with a token pair. The RFC 8252 loopback variant uses
// the same rows with a PKCE challenge: the page sends the browser back to the terminal's loopback
// address with the device code, which is only redeemable with the PKCE verifier.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { issueTokens, type IssuedTokens } from "./api-tokens";
import { DEVICE_PREFIX, hashSecret, newSecret, newUserCode, normalizeUserCode, pkceChallenge } from "./token-secrets";

const DEVICE_CODE_SECONDS = 10 * 60;
/** Seconds between polls (RFC 8628 §3.2); a faster poll is told to slow down. */
const POLL_INTERVAL_SECONDS = 2;

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** The terminal's first call: a device code to poll with and a user code for the person. */
export async function startDeviceAuthorization(
  deps: Deps,
  options: { deviceName: string; portalUrl: string; codeChallenge?: string },
): Promise<DeviceAuthorization> {
  const now = deps.now();
  const deviceCode = newSecret(DEVICE_PREFIX);
  const userCode = newUserCode();
  await deps.db.deviceCode.create({
    data: {
      deviceHash: hashSecret(deviceCode),
      userCode,
      deviceName: options.deviceName,
      codeChallenge: options.codeChallenge ?? null,
      expiresAt: new Date(now.getTime() + DEVICE_CODE_SECONDS * 1000),
    },
  });
  const page = new URL("/device", options.portalUrl);
  const complete = new URL(page);
  complete.searchParams.set("code", userCode);
  return {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: page.toString(),
    verification_uri_complete: complete.toString(),
    expires_in: DEVICE_CODE_SECONDS,
    interval: POLL_INTERVAL_SECONDS,
  };
}

/** What the confirmation page shows before the person confirms: the device's name, if the code is live. */
export async function findPendingDevice(deps: Deps, userCode: string): Promise<{ userCode: string; deviceName: string } | null> {
  const code = normalizeUserCode(userCode);
  const row = await deps.db.deviceCode.findUnique({ where: { userCode: code } });
  if (!row || row.expiresAt <= deps.now() || row.confirmedAt || row.denied) return null;
  return { userCode: row.userCode, deviceName: row.deviceName };
}

/**
 * The person, signed in in the browser, confirms (or refuses) the code shown in their terminal.
 * The token will carry this browser sign-in's auth time and MFA.
 */
export function confirmDevice(deps: Deps, options: { actor: Actor; userCode: string; approve: boolean }): Promise<{ deviceName: string }> {
  const attempt = { actorId: options.actor.id, action: "api-device.confirm", targetType: "device-code", targetId: normalizeUserCode(options.userCode) };
  return auditRefusals(deps, attempt, async () => {
    const now = deps.now();
    const code = normalizeUserCode(options.userCode);
    return auditedTransaction(deps.db, async (tx) => {
      const row = await tx.deviceCode.findUnique({ where: { userCode: code } });
      if (!row || row.expiresAt <= now || row.denied)
        throw new AppError("NOT_FOUND", "That code is unknown or has expired. Run `frontdesk login` again for a new one.");
      if (row.confirmedAt) throw new AppError("CONFLICT", "That code has already been used.");
      const { actor } = options;
      await tx.deviceCode.update({
        where: { id: row.id },
        data: options.approve
          ? { confirmedById: actor.id, confirmedAt: now, authTime: actor.authTime ?? null, mfa: actor.mfa === true, signedInAt: actor.authTime ?? now }
          : { denied: true },
      });
      const action = options.approve ? "api-device.confirmed" : "api-device.denied";
      await recordAuditEvent(tx, { actorId: actor.id, action, targetType: "device-code", targetId: row.id, data: { device: row.deviceName } }, now);
      return { deviceName: row.deviceName };
    });
  });
}

/** RFC 8628 §3.5 answers while there is no token yet. */
export class DeviceGrantError extends Error {
  constructor(readonly error: "authorization_pending" | "slow_down" | "access_denied" | "expired_token" | "invalid_grant") {
    super(error);
  }
}

/** The terminal's poll: a token pair once the person confirmed, exactly once. */
export async function redeemDeviceCode(deps: Deps, options: { deviceCode: string; codeVerifier?: string }): Promise<IssuedTokens> {
  const now = deps.now();
  const row = await deps.db.deviceCode.findUnique({ where: { deviceHash: hashSecret(options.deviceCode) } });
  if (!row || row.redeemedAt) throw new DeviceGrantError("invalid_grant");
  if (row.codeChallenge && (!options.codeVerifier || pkceChallenge(options.codeVerifier) !== row.codeChallenge)) throw new DeviceGrantError("invalid_grant");
  if (row.denied) throw new DeviceGrantError("access_denied");
  if (row.expiresAt <= now) throw new DeviceGrantError("expired_token");
  if (!row.confirmedAt || !row.confirmedById) {
    const tooSoon = row.lastPolledAt && now.getTime() - row.lastPolledAt.getTime() < (POLL_INTERVAL_SECONDS * 1000) / 2;
    await deps.db.deviceCode.update({ where: { id: row.id }, data: { lastPolledAt: now } });
    throw new DeviceGrantError(tooSoon ? "slow_down" : "authorization_pending");
  }
  const personId = row.confirmedById;
  return auditedTransaction(deps.db, async (tx) => {
    const taken = await tx.deviceCode.updateMany({ where: { id: row.id, redeemedAt: null }, data: { redeemedAt: now } });
    if (taken.count !== 1) throw new DeviceGrantError("invalid_grant");
    const person = await tx.user.findUnique({ where: { id: personId }, select: { sessionVersion: true } });
    if (!person) throw new DeviceGrantError("invalid_grant");
    const grant = {
      userId: personId,
      deviceName: row.deviceName,
      signedInAt: row.signedInAt ?? now,
      authTime: row.authTime,
      mfa: row.mfa,
      sessionVersion: person.sessionVersion,
    };
    return issueTokens(tx, grant, now, limitsOf(deps).sessionMaxSeconds);
  });
}
