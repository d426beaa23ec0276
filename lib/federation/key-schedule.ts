// When signing keys sign, stay published and go: pure, so every instance that reads the same rows
// reaches the same answer. A key is published from creation, signs from its `signsFrom` until the
// next generation's `signsFrom`, and stays published until nothing it signed can still be accepted
// (the longest token or assertion lifetime plus clock margin after it stopped signing).

export interface ScheduledKey {
  kid: string;
  generation: number;
  signsFrom: Date;
}

export interface KeySchedule {
  /** How often a new key takes over. */
  rotationSeconds: number;
  /** How long a new key is published before it signs (relying parties fetch it in that time). */
  publishLeadSeconds: number;
  /** The longest a signed token or assertion is accepted, clock margin included. */
  acceptSeconds: number;
}

const byGeneration = <T extends ScheduledKey>(keys: readonly T[]) => [...keys].sort((a, b) => a.generation - b.generation);

/** The key that signs now: the highest generation whose signsFrom has passed. */
export function activeKey<T extends ScheduledKey>(keys: readonly T[], now: Date): T | null {
  return (
    byGeneration(keys)
      .filter((k) => k.signsFrom.getTime() <= now.getTime())
      .at(-1) ?? null
  );
}

/** When the key stopped (or will stop) signing: its successor's signsFrom; null while it has none. */
export function signsUntil(keys: readonly ScheduledKey[], key: ScheduledKey): Date | null {
  const next = byGeneration(keys).find((k) => k.generation > key.generation);
  return next ? next.signsFrom : null;
}

/** Whether tokens signed by this key may still be accepted, so it stays published. */
export function isPublished(keys: readonly ScheduledKey[], key: ScheduledKey, schedule: KeySchedule, now: Date): boolean {
  const until = signsUntil(keys, key);
  return until === null || until.getTime() + schedule.acceptSeconds * 1000 > now.getTime();
}

/** Keys to publish now (JWKS, SAML metadata), oldest first. */
export function publishedKeys<T extends ScheduledKey>(keys: readonly T[], schedule: KeySchedule, now: Date): T[] {
  return byGeneration(keys).filter((k) => isPublished(keys, k, schedule, now));
}

export type RotationStep = { kind: "create"; generation: number; signsFrom: Date } | { kind: "none" };

/**
 * What rotation asks for now: the first key signs at once (nothing was published before it); a
 * successor is created publishLead before the active key's rotation is due, and signs only then.
 */
export function nextRotationStep(keys: readonly ScheduledKey[], schedule: KeySchedule, now: Date): RotationStep {
  const newest = byGeneration(keys).at(-1);
  if (!newest) return { kind: "create", generation: 1, signsFrom: now };
  if (newest.signsFrom.getTime() > now.getTime()) return { kind: "none" }; // a successor is already waiting
  const due = rotationDue(newest, schedule);
  const createAt = due.getTime() - schedule.publishLeadSeconds * 1000;
  if (now.getTime() < createAt) return { kind: "none" };
  const signsFrom = new Date(Math.max(due.getTime(), now.getTime() + schedule.publishLeadSeconds * 1000));
  return { kind: "create", generation: newest.generation + 1, signsFrom };
}

/** When the key's successor should take over. */
export function rotationDue(key: ScheduledKey, schedule: KeySchedule): Date {
  return new Date(key.signsFrom.getTime() + schedule.rotationSeconds * 1000);
}

/** Keys nothing valid was signed with any more: removed from the database and from publication. */
export function expiredKeys<T extends ScheduledKey>(keys: readonly T[], schedule: KeySchedule, now: Date): T[] {
  return byGeneration(keys).filter((k) => !isPublished(keys, k, schedule, now));
}
