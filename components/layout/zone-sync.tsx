"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { setTimeZoneAction } from "@/lib/actions/profile-actions";
import { ZONE_COOKIE } from "@/lib/time/zone-names";

/**
 * Sends the browser's own time zone once (first visit, or after travelling) unless the person chose
 * one in the profile menu, then re-renders the page so every time on it is in that zone.
 */
export function ZoneSync({ zone, fixed, signedIn }: { zone: string; fixed: boolean; signedIn: boolean }) {
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
      setTimeZoneAction({ zone: browser, fixed: false }).then(done, done);
    } else {
      document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(browser)}; path=/; max-age=31536000; samesite=lax`;
      done();
    }
    return () => {
      cancelled = true;
    };
  }, [zone, fixed, signedIn, router]);
  return null;
}
