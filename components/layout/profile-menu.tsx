"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState, useTransition } from "react";
import type { setTimeZoneAction } from "@/lib/actions/profile-actions";
import { describeZone, knownZones } from "@/lib/time/format";
import { useHydrated } from "@/components/ui/use-hydrated";

const AUTO = "";

/**
 * The person's name and the time zone pages are shown in (the browser's, or one they choose).
 * `setTimeZone` is the server action, passed in by the header (a server component).
 */
export function ProfileMenu({
  name,
  email,
  zone,
  fixed,
  setTimeZone,
}: {
  name: string;
  email: string;
  zone: string;
  fixed: boolean;
  setTimeZone: typeof setTimeZoneAction;
}) {
  const router = useRouter();
  const selectId = useId();
  const [saving, startSaving] = useTransition();
  const [error, setError] = useState<string>();
  // The list is the browser's own (the server's may differ), so it is filled in after hydration.
  const hydrated = useHydrated();
  const zones = useMemo(() => (hydrated ? knownZones() : []), [hydrated]);

  function choose(value: string) {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    startSaving(async () => {
      const result = await setTimeZone({ zone: value === AUTO ? browser : value, fixed: value !== AUTO });
      if ("error" in result) setError(result.error.message);
      else {
        setError(undefined);
        router.refresh();
      }
    });
  }

  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
        <span className="max-w-[10rem] truncate">{name}</span>
        <span aria-hidden>▾</span>
        <span className="sr-only">Profile and time zone</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-72 max-w-[calc(100vw-2rem)] space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-lg">
        <div>
          <p className="font-medium text-slate-900">{name}</p>
          <p className="break-all text-slate-600">{email}</p>
        </div>
        <div className="space-y-1">
          <label htmlFor={selectId} className="block font-medium text-slate-900">
            Time zone
          </label>
          <select
            id={selectId}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5"
            value={fixed ? zone : AUTO}
            disabled={saving}
            onChange={(event) => choose(event.target.value)}
          >
            <option value={AUTO}>Automatic: this browser&apos;s zone</option>
            {(hydrated ? zones : fixed ? [zone] : []).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <p className="text-slate-600">Times are shown in {describeZone(zone)}.</p>
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
