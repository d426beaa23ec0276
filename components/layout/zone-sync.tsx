"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { setTimeZoneAction } from "@/lib/actions/profile-actions";
import { ZONE_COOKIE } from "@/lib/time/zone-names";

/**
 * Sends the browser's own time zone once (first visit, or after travelling) unless the person chose
 * one in the profile menu, then re-renders the page so every time on it is in that zone.
 * `setTimeZone` is the server action, passed in by the layout (a server component).
 */
export function ZoneSync({ zone, fixed, signedIn, setTimeZone }: { zone: string; fixed: boolean; signedIn: boolean; setTimeZone: typeof setTimeZoneAction }) {
  const router = useRouter();
  useEffect(() => {
    if (fixed) return;
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browser || browser === zone) return;
    let cancelled = false;
    const done = () => {
      if (!cancelled) router.refresh();
    };
    if (signedIn) {
      // The action sets the cookie and remembers the zone for email.
      setTimeZone({ zone: browser, fixed: false }).then(done, done);
    } else {
      document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(browser)}; path=/; max-age=31536000; samesite=lax`;
      done();
    }
    return () => {
      cancelled = true;
    };
  }, [zone, fixed, signedIn, setTimeZone, router]);
  return null;
}
