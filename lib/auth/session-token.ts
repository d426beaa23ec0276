// The session cookie's encryption, exactly as next-auth writes and reads it (a JWE, "dir" with
// A256GCM, under a key derived from NEXTAUTH_SECRET by HKDF), with the derived key kept per
// process: next-auth derives it again for every decode, and a page request decodes the cookie
// twice (proxy.ts renews it, getActor reads it). Every check stays where it was: the JWE's
// integrity and expiry here, the session rules in session-validity.ts.
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** next-auth's own tolerance for the token's exp and iat. */
const CLOCK_TOLERANCE_SECONDS = 15;

const keys = new Map<string, Promise<Uint8Array>>();

async function derive(secret: string, salt: string): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveBits"]);
  const info = new TextEncoder().encode(`NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`);
  const bits = await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new TextEncoder().encode(salt), info }, material, 256);
  return new Uint8Array(bits);
}

/** The key next-auth would derive for this secret and salt, derived once per process. */
export function sessionEncryptionKey(secret: string, salt = ""): Promise<Uint8Array> {
  const id = `${salt}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = derive(secret, salt);
    // One secret in production (two at most while it rotates); the bound only guards a misuse.
    if (keys.size >= 8) keys.clear();
    keys.set(id, key);
    key.catch(() => keys.delete(id));
  }
  return key;
}

function secretOf(secret: JWTEncodeParams["secret"]): string {
  if (typeof secret !== "string") throw new Error("NEXTAUTH_SECRET must be a string.");
  return secret;
}

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_SECONDS, salt = "" }: JWTEncodeParams): Promise<string> {
  const key = await sessionEncryptionKey(secretOf(secret), salt);
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const key = await sessionEncryptionKey(secretOf(secret), salt);
  const { payload } = await jwtDecrypt(token, key, { clockTolerance: CLOCK_TOLERANCE_SECONDS });
  return payload as JWT;
}
