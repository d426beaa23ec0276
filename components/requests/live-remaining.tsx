"use client";

import { useCurrentMinute } from "@/components/ui/use-current-minute";
import { formatDuration } from "@/lib/duration";

/** "1 h 20 min left", kept current in the browser (the server's count until then). */
export function LiveRemaining({ until, serverNow }: { until: string; serverNow: string }) {
  const minute = useCurrentMinute();
  const now = minute ? minute.getTime() : Date.parse(serverNow);
  const seconds = Math.floor((Date.parse(until) - now) / 1000);
  return <span>{seconds > 0 ? `${formatDuration(seconds, "floor")} left` : "ended"}</span>;
}
