// Signing keys in the database, shared by every instance: created and retired on the schedule in
// key-schedule.ts, private halves encrypted at rest and decrypted only inside this process to sign.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { decryptPrivateKey, encryptPrivateKey } from "./key-encryption";
import { activeKey, expiredKeys, nextRotationStep, publishedKeys, type ScheduledKey } from "./key-schedule";
import { selfSignedCertificate } from "./self-signed-certificate";
import { federationOrThrow, type FederationSettings } from "./settings";

const generateRsa = promisify(generateKeyPair);

export interface FederationDeps {
  db: PrismaClient;
  now: () => Date;
  identityProvider?: FederationSettings;
}

export interface StoredKey extends ScheduledKey {
  publicJwk: JWK;
  certificatePem: string;
  origin: string;
  createdAt: Date;
}

export interface Signer {
  kid: string;
  privateKey: KeyObject;
  certificatePem: string;
}

async function loadKeys(db: PrismaClient): Promise<(StoredKey & { privateKeyEncrypted: string })[]> {
  const rows = await db.signingKey.findMany({ orderBy: { generation: "asc" } });
  return rows.map((row) => ({ ...row, publicJwk: row.publicJwk as JWK }));
}

/** The public halves only: what the JWKS, the metadata and the admin page read. */
export async function listSigningKeys(db: PrismaClient): Promise<StoredKey[]> {
  const rows = await db.signingKey.findMany({ orderBy: { generation: "asc" }, omit: { privateKeyEncrypted: true } });
  return rows.map((row) => ({ ...row, publicJwk: row.publicJwk as JWK }));
}

/** A key's public JWK (RS256, for signatures) and its kid, the JWK thumbprint. */
async function publicParts(publicKey: KeyObject): Promise<{ kid: string; jwk: JWK }> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, jwk: { ...jwk, kid, alg: "RS256", use: "sig" } };
}

/** Adds a key as the given generation; false when another instance created that generation first. */
async function insertKey(deps: FederationDeps, input: { privateKey: KeyObject; certificatePem?: string; generation: number; signsFrom: Date; origin: string }) {
  const settings = federationOrThrow(deps.identityProvider);
  const publicKey = createPublicKey(input.privateKey);
  const { kid, jwk } = await publicParts(publicKey);
  const pem = input.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const certificatePem = input.certificatePem ?? selfSignedCertificate(input.privateKey, publicKey, "Frontdesk AWS identity provider", deps.now(), 3650);
  try {
    await deps.db.signingKey.create({
      data: {
        kid,
        generation: input.generation,
        publicJwk: jwk as object,
        certificatePem,
        privateKeyEncrypted: encryptPrivateKey(settings.keySecret, kid, pem),
        origin: input.origin,
        createdAt: deps.now(),
        signsFrom: input.signsFrom,
      },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false; // the other instance won: its key is the one
    throw error;
  }
}

/**
 * Brings the keys up to date with the schedule (first key, successor, removal of keys nothing
 * valid was signed with) and returns them. Safe to run on every instance at once: generations are
 * unique, so exactly one successor is created whoever gets there first.
 */
export async function ensureSigningKeys(deps: FederationDeps): Promise<StoredKey[]> {
  const settings = federationOrThrow(deps.identityProvider);
  const now = deps.now();
  let keys = await listSigningKeys(deps.db);
  const step = nextRotationStep(keys, settings.schedule, now);
  if (step.kind === "create") {
    const { privateKey } = await generateRsa("rsa", { modulusLength: 2048 });
    await insertKey(deps, { privateKey, generation: step.generation, signsFrom: step.signsFrom, origin: "generated" });
    keys = await listSigningKeys(deps.db);
  }
  const expired = expiredKeys(keys, settings.schedule, now);
  if (expired.length > 0) {
    await deps.db.signingKey.deleteMany({ where: { kid: { in: expired.map((k) => k.kid) } } });
    keys = keys.filter((k) => !expired.includes(k));
  }
  if ((step.kind === "create" || expired.length > 0) && settings.publishDir) {
    // Kept in step with rotation: the static copy changes in the same call that changed the keys.
    const { writePublishedDocuments } = await import("./published-documents");
    await writePublishedDocuments(deps, settings.publishDir);
  }
  return keys;
}

/** An operator's own key (PKCS#8 or PKCS#1 PEM), as the next generation, signing from `signsFrom`. */
export async function importSigningKey(deps: FederationDeps, input: { privateKeyPem: string; certificatePem?: string; signsFrom: Date }): Promise<string> {
  const privateKey = createPrivateKey(input.privateKeyPem);
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error("Only RSA keys can sign for AWS (RS256).");
  const newest = (await listSigningKeys(deps.db)).at(-1);
  const generation = (newest?.generation ?? 0) + 1;
  if (!(await insertKey(deps, { privateKey, certificatePem: input.certificatePem, generation, signsFrom: input.signsFrom, origin: "supplied" }))) {
    throw new Error("Another instance added a key at the same moment; run the import again.");
  }
  return (await publicParts(createPublicKey(privateKey))).kid;
}

/** The key that signs now, decrypted for this one use. */
export async function activeSigner(deps: FederationDeps): Promise<Signer> {
  const settings = federationOrThrow(deps.identityProvider);
  await ensureSigningKeys(deps);
  const keys = await loadKeys(deps.db);
  const key = activeKey(keys, deps.now());
  if (!key) throw new Error("No signing key is active yet.");
  const pem = decryptPrivateKey(settings.keySecret, key.kid, key.privateKeyEncrypted);
  return { kid: key.kid, privateKey: createPrivateKey(pem), certificatePem: key.certificatePem };
}

/** The keys relying parties must know now (JWKS, SAML metadata), oldest first. */
export async function currentlyPublished(deps: FederationDeps): Promise<StoredKey[]> {
  const settings = federationOrThrow(deps.identityProvider);
  const keys = await ensureSigningKeys(deps);
  return publishedKeys(keys, settings.schedule, deps.now());
}
