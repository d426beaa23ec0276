// What an admin sees of Frontdesk's AWS identity provider: the keys in use (public facts only:
// kid, dates, status; never a private half or a certificate body), when the next rotation is due,
// and where relying parties read the documents. Read-only: rotation runs in its job, not here.
import type { Deps } from "@/lib/context";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import { activeKey, isPublished, nextRotationStep, rotationDue, signsUntil } from "./key-schedule";
import { listSigningKeys } from "./signing-keys";

export type KeyStatus = "signing" | "published, signs later" | "retiring (still published)" | "expired (removed at the next rotation)";

export interface SigningKeyView {
  kid: string;
  generation: number;
  origin: string;
  createdAt: Date;
  signsFrom: Date;
  /** null while it has no successor. */
  signsUntil: Date | null;
  /** null while it signs with no successor: published as long as it signs. */
  publishedUntil: Date | null;
  status: KeyStatus;
}

export interface IdentityProviderView {
  configured: boolean;
  keys: SigningKeyView[];
  /** When the next key is created (published ahead) and when it takes over; null before the first key. */
  nextRotation: { createdAt: Date; signsFrom: Date } | null;
  publication: { discovery: string; jwks: string; samlMetadata: string; directory: string | null; bucket: string | null };
}

export async function listSigningKeysAsAdmin(deps: Deps, { actor }: { actor: Actor }): Promise<IdentityProviderView> {
  assertCan(actor, "signing-keys.view", null, deps.catalog);
  const settings = deps.identityProvider;
  const issuer = settings?.issuer ?? "";
  const publication = {
    discovery: `${issuer}/.well-known/openid-configuration`,
    jwks: `${issuer}/jwks.json`,
    samlMetadata: settings ? `${settings.samlEntityId}/metadata` : "",
    directory: settings?.publishDir ?? null,
    bucket: settings?.publishBucket ?? null,
  };
  if (!settings?.keySecret) return { configured: false, keys: [], nextRotation: null, publication };
  const now = deps.now();
  const { schedule } = settings;
  const keys = await listSigningKeys(deps.db);
  const active = activeKey(keys, now);
  const views = keys.map((key): SigningKeyView => {
    const until = signsUntil(keys, key);
    const status: KeyStatus =
      key.signsFrom > now
        ? "published, signs later"
        : key === active
          ? "signing"
          : isPublished(keys, key, schedule, now)
            ? "retiring (still published)"
            : "expired (removed at the next rotation)";
    return {
      kid: key.kid,
      generation: key.generation,
      origin: key.origin,
      createdAt: key.createdAt,
      signsFrom: key.signsFrom,
      signsUntil: until,
      publishedUntil: until ? new Date(until.getTime() + schedule.acceptSeconds * 1000) : null,
      status,
    };
  });
  const newest = keys.at(-1);
  let nextRotation: IdentityProviderView["nextRotation"] = null;
  if (newest && newest.signsFrom > now) nextRotation = { createdAt: newest.createdAt, signsFrom: newest.signsFrom };
  else if (newest) {
    const due = rotationDue(newest, schedule);
    const step = nextRotationStep(keys, schedule, now);
    const createdAt = step.kind === "create" ? now : new Date(due.getTime() - schedule.publishLeadSeconds * 1000);
    nextRotation = { createdAt, signsFrom: step.kind === "create" ? step.signsFrom : due };
  }
  return { configured: true, keys: views, nextRotation, publication };
}
