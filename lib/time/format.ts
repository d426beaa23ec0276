// The one way Frontdesk writes a date and time for people: "2 Mar 2026, 09:00 CET" in the
// reader's own time zone, the zone always named. Pages, email and the request form all use it, so
// one page never shows two formats. Pure (Intl only), safe in the browser and on the server.

import { FALLBACK_ZONE } from "./zone-names";

const cache = new Map<string, { dateTime: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

/** A valid IANA zone name (Europe/Paris, UTC …), or false. */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone itself when valid, else UTC. */
export function zoneOrFallback(zone: string | null | undefined): string {
  return isTimeZone(zone) ? zone : FALLBACK_ZONE;
}

function formatters(zone: string) {
  const key = zoneOrFallback(zone);
  let found = cache.get(key);
  if (!found) {
    const base = { timeZone: key, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } as const;
    found = {
      dateTime: new Intl.DateTimeFormat("en-GB", { ...base, day: "numeric", month: "short", year: "numeric" }),
      time: new Intl.DateTimeFormat("en-GB", base),
    };
    cache.set(key, found);
  }
  return found;
}

/** "2 Mar 2026, 09:00 CET" in `zone` (UTC when the zone is unknown). */
export function formatDateTime(date: Date, zone: string | null | undefined): string {
  return formatters(zoneOrFallback(zone)).dateTime.format(date);
}

/** "09:00 CET": for a time on the same day as a full date nearby. */
export function formatClock(date: Date, zone: string | null | undefined): string {
  return formatters(zoneOrFallback(zone)).time.format(date);
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
