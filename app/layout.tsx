import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BareHeader } from "@/components/layout/bare-header";
import { ZoneSync } from "@/components/layout/deferred";
import { OutageNotice } from "@/components/layout/outage-notice";
import { SafeAppHeader } from "@/components/layout/safe-app-header";
import { ZoneProvider } from "@/components/ui/zone-context";
import { setTimeZoneAction } from "@/lib/actions/profile-actions";
import { getActor } from "@/lib/auth/get-actor";
import { databaseAvailable } from "@/lib/db/availability";
import { viewerZone } from "@/lib/time/viewer-zone";
import "./globals.css";

// Every page is per person: nothing is prerendered at build time (which also needs no secrets).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Frontdesk", template: "%s · Frontdesk" },
  description: "Just-in-time access to AWS",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Without the database no page can load: say so plainly instead (no script needed).
  const available = await databaseAvailable();
  const { zone, fixed } = await viewerZone();
  const signedIn = available ? Boolean(await getActor().catch(() => null)) : false;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <ZoneProvider zone={zone}>
          <ZoneSync zone={zone} fixed={fixed} signedIn={signedIn} setTimeZone={setTimeZoneAction} />
          {available ? <SafeAppHeader /> : <BareHeader />}
          <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
            {available ? children : <OutageNotice />}
          </main>
        </ZoneProvider>
      </body>
    </html>
  );
}
