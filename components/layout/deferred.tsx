"use client";

// Parts of every page that are not needed to paint it: the profile menu (closed until opened) and
// the time-zone check (an effect after the first paint). The server renders them as before; in the
// browser each comes in a chunk of its own after the page's code and hydrates when it arrives, so
// they stay out of every page's first-load JS (npm run bench:client).
import { lazy, Suspense, type ComponentProps } from "react";

const LazyProfileMenu = lazy(() => import("./profile-menu").then((m) => ({ default: m.ProfileMenu })));
const LazyZoneSync = lazy(() => import("./zone-sync").then((m) => ({ default: m.ZoneSync })));

export function ProfileMenu(props: ComponentProps<typeof LazyProfileMenu>) {
  return (
    <Suspense fallback={null}>
      <LazyProfileMenu {...props} />
    </Suspense>
  );
}

export function ZoneSync(props: ComponentProps<typeof LazyZoneSync>) {
  return (
    <Suspense fallback={null}>
      <LazyZoneSync {...props} />
    </Suspense>
  );
}
