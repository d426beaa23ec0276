"use client";

import { createContext, useContext, type ReactNode } from "react";
import { FALLBACK_ZONE } from "@/lib/time/zone-names";

const ZoneContext = createContext<string>(FALLBACK_ZONE);

/** The zone every time on the page is written in, read from the person's cookie by the layout. */
export function ZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <ZoneContext.Provider value={zone}>{children}</ZoneContext.Provider>;
}

export function useZone(): string {
  return useContext(ZoneContext);
}
