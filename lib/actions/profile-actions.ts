"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { ZONE_COOKIE } from "@/lib/time/zone-names";
import { saveTimeZone } from "@/lib/time/save-time-zone";
import { ZONE_FIXED_COOKIE } from "@/lib/time/viewer-zone";
import { defineAction } from "./define-action";

const YEAR = 365 * 24 * 3600;

/**
 * The zone pages and email are written in. `fixed` is a choice from the profile menu (kept even when
 * the browser reports another zone); otherwise it is the browser's own zone, sent on a first visit.
 */
export const setTimeZoneAction = defineAction({
  schema: z.object({ zone: z.string().max(64), fixed: z.boolean() }),
  run: async ({ deps, actor, input }) => {
    await saveTimeZone(deps, { actor, zone: input.zone });
    const jar = await cookies();
    const options = { path: "/", sameSite: "lax", maxAge: YEAR, httpOnly: false } as const;
    jar.set(ZONE_COOKIE, input.zone, options);
    if (input.fixed) jar.set(ZONE_FIXED_COOKIE, "1", options);
    else jar.delete(ZONE_FIXED_COOKIE);
    return { ok: true as const };
  },
});
