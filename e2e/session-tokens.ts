// Reads and writes next-auth session tokens the way next-auth does (A256GCM under a key derived
// from NEXTAUTH_SECRET), so specs can replay a cookie as it was, or as it would be after time has
// passed, without waiting for that time.
import hkdf from "@panva/hkdf";
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";

const encryptionKey = (secret: string) => hkdf("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32);

export async function decodeSessionToken(token: string, secret: string): Promise<JWTPayload & Record<string, unknown>> {
  return (await jwtDecrypt(token, await encryptionKey(secret), { clockTolerance: 15 })).payload as JWTPayload & Record<string, unknown>;
}

/** A token with exactly these claims (iat and exp included: nothing is stamped with the current time). */
export async function encodeSessionToken(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new EncryptJWT(claims).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(await encryptionKey(secret));
}
