// Durations as people write them in the catalog and the request form: "90m", "4h", "1h30m".
const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in a duration string such as "1h30m", or null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * UNIT_SECONDS.d + Number(h ?? 0) * UNIT_SECONDS.h + Number(m ?? 0) * UNIT_SECONDS.m + Number(s ?? 0) * UNIT_SECONDS.s;
}

/** "1 h 30 min", "45 min", "2 h": short and unambiguous for people. */
export function formatDuration(totalSeconds: number, rounding: "round" | "floor" = "round"): string {
  const minutes = Math.max(0, Math[rounding](totalSeconds / 60));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
