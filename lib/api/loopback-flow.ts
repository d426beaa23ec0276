// The RFC 8252 loopback-redirect variant of `frontdesk login`, with PKCE (RFC 7636, S256). The
// terminal starts a device code with a code_challenge and listens on 127.0.0.1 (or [::1]) at a random
// port; the person confirms on the signed-in /device page, which sends the browser to that loopback
// address with a fresh one-time code and the terminal's state. The code replaces the device code's
// secret (so the polling secret stops working), is stored hashed, lives two minutes and is redeemed
// once, only with the verifier whose challenge started the sign-in.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import type { IssuedTokens } from "./api-tokens";
import { confirmDevice, DeviceGrantError, redeemDeviceCode } from "./device-flow";
import { DEVICE_PREFIX, hashSecret, newSecret, normalizeUserCode } from "./token-secrets";

/** How long the code handed to the loopback address may wait for its exchange. */
export const LOOPBACK_CODE_SECONDS = 120;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;

/** `http://127.0.0.1:<port>/…` or `http://[::1]:<port>/…` only (RFC 8252 §7.3); null for anything else. */
export function loopbackRedirect(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const loopbackHost = url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "http:" || !loopbackHost || !url.port || url.username || url.password || url.hash) return null;
  return url;
}

/** The person confirms a loopback sign-in: the browser is then sent to the terminal with a one-time code. */
export async function confirmLoopback(
  deps: Deps,
  options: { actor: Actor; userCode: string; redirectUri: string; state: string },
): Promise<{ deviceName: string; redirect: string }> {
  const target = loopbackRedirect(options.redirectUri);
  if (!target) throw new AppError("INVALID_INPUT", "A terminal sign-in only returns to this computer's loopback address (http://127.0.0.1:<port>/).");
  if (!STATE.test(options.state)) throw new AppError("INVALID_INPUT", "The terminal's state is missing or malformed. Run `frontdesk login --browser` again.");
  const userCode = normalizeUserCode(options.userCode);
  const row = await deps.db.deviceCode.findUnique({ where: { userCode }, select: { codeChallenge: true } });
  if (!row?.codeChallenge) throw new AppError("NOT_FOUND", "That code is unknown or has expired. Run `frontdesk login --browser` again.");
  const { deviceName } = await confirmDevice(deps, { actor: options.actor, userCode, approve: true });
  const code = newSecret(DEVICE_PREFIX);
  const now = deps.now();
  await auditedTransaction(deps.db, async (tx) => {
    const moved = await tx.deviceCode.updateMany({ where: { userCode, redeemedAt: null }, data: { deviceHash: hashSecret(code) } });
    if (moved.count !== 1) throw new AppError("CONFLICT", "That code has already been used.");
    const data = { device: deviceName, redirect: `${target.protocol}//${target.host}` };
    await recordAuditEvent(tx, { actorId: options.actor.id, action: "api-device.loopback-code", targetType: "device-code", targetId: userCode, data }, now);
  });
  target.searchParams.set("code", code);
  target.searchParams.set("state", options.state);
  return { deviceName, redirect: target.toString() };
}

/** The terminal's exchange (grant_type=authorization_code): the one-time code, its verifier, a loopback redirect_uri. */
export async function redeemLoopbackCode(deps: Deps, options: { code: string; codeVerifier: string; redirectUri: string }): Promise<IssuedTokens> {
  if (!loopbackRedirect(options.redirectUri)) throw new DeviceGrantError("invalid_grant");
  const row = await deps.db.deviceCode.findUnique({ where: { deviceHash: hashSecret(options.code) } });
  if (!row?.codeChallenge || !row.confirmedAt) throw new DeviceGrantError("invalid_grant");
  if (deps.now().getTime() - row.confirmedAt.getTime() > LOOPBACK_CODE_SECONDS * 1000) throw new DeviceGrantError("invalid_grant");
  return redeemDeviceCode(deps, { deviceCode: options.code, codeVerifier: options.codeVerifier });
}
