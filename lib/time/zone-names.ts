// The names every surface agrees on for time zones, kept apart from the formatters in format.ts:
// the zone context that every page's browser code carries needs the fallback and nothing else.

/** When a person's zone is not known, times are written in UTC and say so. */
export const FALLBACK_ZONE = "UTC";

/** The cookie that carries the zone a person's browser reports (or the one they chose). */
export const ZONE_COOKIE = "frontdesk-tz";
