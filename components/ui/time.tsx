"use client";

import { formatDuration } from "@/lib/duration";
import { formatDateTime } from "@/lib/time/format";
import { useZone } from "./zone-context";

/**
 * A moment in the person's own time zone (the same zone on the server render and in the browser,
 * from the layout's cookie), in the one format of lib/time/format.ts; hovering shows UTC too.
 */
export function Time({ date }: { date: Date | string }) {
  const zone = useZone();
  const at = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={at.toISOString()} title={zone === "UTC" ? undefined : formatDateTime(at, "UTC")}>
      {formatDateTime(at, zone)}
    </time>
  );
}

export function Remaining({ until, now }: { until: Date; now: Date }) {
  const seconds = Math.floor((until.getTime() - now.getTime()) / 1000);
  return seconds > 0 ? <span>{formatDuration(seconds)} left</span> : <span>ended</span>;
}
