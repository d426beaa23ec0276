// Private signing keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
// FRONTDESK_SIGNING_KEY_SECRET, with the key id as associated data so a ciphertext cannot be moved
// to another row. The secret never reaches the database, the logs or an export.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

const VERSION = "v1";

function derive(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), "frontdesk signing keys v1", 32));
}

export function encryptPrivateKey(secret: string, kid: string, pkcs8Pem: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derive(secret), iv);
  cipher.setAAD(Buffer.from(kid, "utf8"));
  const body = Buffer.concat([cipher.update(pkcs8Pem, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptPrivateKey(secret: string, kid: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !body) throw new Error("A signing key is stored in a format this Frontdesk does not read.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", derive(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(kid, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Never the secret, never the ciphertext: only what the operator must fix.
    // An AppError, so the words reach the operator (role check, revocation job) instead of a generic failure.
    throw new AppError("AWS_ERROR", "A signing key could not be decrypted: FRONTDESK_SIGNING_KEY_SECRET is not the secret it was stored with.");
  }
}
