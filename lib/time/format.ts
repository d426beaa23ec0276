// The one way Frontdesk writes a date and time for people: "2 Mar 2026, 09:00 CET" in the
// reader's own time zone, the zone always named. Pages, email and the request form all use it, so
// one page never shows two formats. Pure (Intl only), safe in the browser and on the server.

import { FALLBACK_ZONE } from "./zone-names";

interface Formatters {
  dateTime: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
}

// Building an Intl.DateTimeFormat costs a fraction of a millisecond, formatting with one almost
// nothing: a page of a hundred times pays for one formatter per zone, not one per time. A zone
// whose formatters were built is a valid zone; spellings are bounded by clearing now and then.
const cache = new Map<string, Formatters>();
const MAX_CACHED_ZONES = 1_000;

function formattersOf(zone: unknown): Formatters | null {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return null;
  let found = cache.get(zone);
  if (!found) {
    const base = { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } as const;
    try {
      found = {
        dateTime: new Intl.DateTimeFormat("en-GB", { ...base, day: "numeric", month: "short", year: "numeric" }),
        time: new Intl.DateTimeFormat("en-GB", base),
      };
    } catch {
      return null;
    }
    if (cache.size >= MAX_CACHED_ZONES) cache.clear();
    cache.set(zone, found);
  }
  return found;
}

/** A valid IANA zone name (Europe/Paris, UTC …), or false. */
export function isTimeZone(zone: unknown): zone is string {
  return formattersOf(zone) !== null;
}

/** The zone itself when valid, else UTC. */
export function zoneOrFallback(zone: string | null | undefined): string {
  return isTimeZone(zone) ? zone : FALLBACK_ZONE;
}

function formatters(zone: string | null | undefined): Formatters {
  return formattersOf(zone) ?? formattersOf(FALLBACK_ZONE)!;
}

/** "2 Mar 2026, 09:00 CET" in `zone` (UTC when the zone is unknown). */
export function formatDateTime(date: Date, zone: string | null | undefined): string {
  return formatters(zone).dateTime.format(date);
}

/** "09:00 CET": for a time on the same day as a full date nearby. */
export function formatClock(date: Date, zone: string | null | undefined): string {
  return formatters(zone).time.format(date);
}

/** "Europe/Paris (CET)": names the zone a page is shown in. */
export function describeZone(zone: string | null | undefined, at: Date = new Date()): string {
  const name = zoneOrFallback(zone);
  const short = formatters(name)
    .time.formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  return short && short !== name ? `${name} (${short})` : name;
}

/** Every zone this runtime knows, for the profile menu's picker. */
export function knownZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes(FALLBACK_ZONE) ? zones : [FALLBACK_ZONE, ...zones];
}
