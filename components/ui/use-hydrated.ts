"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** False while server-rendered HTML is showing, true once React runs in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
