// How long a verification of the audit chain takes, as the admin page tells it before it starts.
// Measured on two cores with the database on the same machine (the bench's verify row and
// `npm run bench:audit-verify`, 1,000,000 events): about 4 seconds per million on a quiet
// machine (some 250,000 events a second), up to about 8 while other work shares the cores.
export const VERIFY_SECONDS_PER_MILLION_EVENTS = { low: 4, high: 8 };

export function verifyDurationHint(): string {
  const { low, high } = VERIFY_SECONDS_PER_MILLION_EVENTS;
  return `roughly ${low} to ${high} seconds per million events`;
}
