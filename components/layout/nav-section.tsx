"use client";

import { useEffect, useSyncExternalStore } from "react";

// Which main-menu entry a page belongs to when its address alone does not say: a request page is
// "My access" for its requester and "Approvals" for the approver looking at it.
let current: string | null = null;
const listeners = new Set<() => void>();

function set(value: string | null) {
  current = value;
  for (const listener of listeners) listener();
}

export function useNavSection(): string | null {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => current,
    () => null,
  );
}

/** Rendered by a page: the menu entry (by its href) that should read as current while it is open. */
export function NavSection({ href }: { href: string }) {
  useEffect(() => {
    set(href);
    return () => set(null);
  }, [href]);
  return null;
}
