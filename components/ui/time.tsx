import { formatDuration } from "@/lib/duration";

const formatter = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** Times are shown in UTC, the zone CloudTrail uses, so they can be compared directly. */
export function Time({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatter.format(date)}</time>;
}

export function Remaining({ until, now }: { until: Date; now: Date }) {
  const seconds = Math.floor((until.getTime() - now.getTime()) / 1000);
  return seconds > 0 ? <span>{formatDuration(seconds)} left</span> : <span>ended</span>;
}
