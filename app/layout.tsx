import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BareHeader } from "@/components/layout/bare-header";
import { OutageNotice } from "@/components/layout/outage-notice";
import { SafeAppHeader } from "@/components/layout/safe-app-header";
import { databaseAvailable } from "@/lib/db/availability";
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
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {available ? <SafeAppHeader /> : <BareHeader />}
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
          {available ? children : <OutageNotice />}
        </main>
      </body>
    </html>
  );
}
