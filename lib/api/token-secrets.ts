// Token and code secrets: random, prefixed so a leaked one is recognisable, stored only as SHA-256.
import { createHash, randomBytes, randomInt } from "node:crypto";

export const ACCESS_PREFIX = "fd_at_";
export const REFRESH_PREFIX = "fd_rt_";
export const DEVICE_PREFIX = "fd_dc_";

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

// RFC 8628 §6.1: consonants only (no words, no look-alikes), eight of them, shown as XXXX-XXXX.
const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

export function newUserCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed, as stored: upper case, the dash put back, anything else dropped. */
export function normalizeUserCode(typed: string): string {
  const letters = typed
    .toUpperCase()
    .replace(/[^A-Z]/g, "")
    .slice(0, 8);
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

/** PKCE S256 (RFC 7636): base64url(sha256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
