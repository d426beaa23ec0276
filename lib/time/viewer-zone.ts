// The zone a page is rendered in: the one the person's browser reported or they chose (a cookie
// set by the profile menu), UTC until then.
import { cookies } from "next/headers";
import { isTimeZone } from "./format";
import { FALLBACK_ZONE, ZONE_COOKIE } from "./zone-names";

export const ZONE_FIXED_COOKIE = "frontdesk-tz-fixed";

export interface ViewerZone {
  zone: string;
  /** Chosen in the profile menu: the browser's own zone does not replace it. */
  fixed: boolean;
  /** Whether any zone was known (false on a first visit: the browser sends its own). */
  known: boolean;
}

export async function viewerZone(): Promise<ViewerZone> {
  const jar = await cookies();
  const value = jar.get(ZONE_COOKIE)?.value;
  const known = isTimeZone(value);
  return { zone: known ? value : FALLBACK_ZONE, fixed: known && jar.get(ZONE_FIXED_COOKIE)?.value === "1", known };
}
