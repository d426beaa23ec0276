// Words and time arithmetic for the request form, as pure functions of the choice and the clock
// (and the browser's time zone, passed in so they can be tested anywhere).
import { formatDuration } from "@/lib/duration";
import { MIN_REQUEST_MINUTES } from "@/lib/policy/request-window";
import type { StandardAsk } from "./role-options";

/** Minutes a person may pick from, never above the maximum, which is always offered. */
const PRESET_MINUTES = [MIN_REQUEST_MINUTES, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10_080];

export function durationChoices(maxMinutes: number): number[] {
  if (maxMinutes < PRESET_MINUTES[0]!) return [maxMinutes];
  const choices = PRESET_MINUTES.filter((m) => m <= maxMinutes);
  return choices.includes(maxMinutes) ? choices : [...choices, maxMinutes];
}

/** The choice to start with: an hour when allowed, else the longest allowed. */
export function defaultMinutes(maxMinutes: number, previous?: number): number {
  if (previous !== undefined && previous <= maxMinutes) return previous;
  return Math.min(60, maxMinutes);
}

/** "security and platform-admins", "leads, security and dana@example.com" */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Who decides a request of this length, in one line. */
export function approvalSummary(ask: StandardAsk, minutes: number): { automatic: boolean; text: string } {
  const automatic = ask.autoApproveMaxMinutes !== null && minutes <= ask.autoApproveMaxMinutes;
  if (automatic) {
    return { automatic, text: `Approved automatically: up to ${formatDuration(ask.autoApproveMaxMinutes! * 60)} is approved at once for you.` };
  }
  const needs = `Needs ${ask.approvals} ${ask.approvals === 1 ? "approval" : "approvals"} from ${listWords(ask.approvers)}.`;
  const auto = ask.autoApproveMaxMinutes !== null ? ` Up to ${formatDuration(ask.autoApproveMaxMinutes * 60)} would be approved automatically.` : "";
  return { automatic, text: `${needs}${auto}` };
}

function parts(date: Date, timeZone: string | undefined) {
  const found = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).formatToParts(date).map((p) => [p.type, p.value]),
  );
  return `${found.year}-${found.month}-${found.day}`;
}

/** "today at 15:40", "tomorrow at 01:10", "3 Jun at 09:00", in the given zone (the browser's by default). */
export function whenWords(date: Date, now: Date, timeZone?: string): string {
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(date);
  const day = parts(date, timeZone);
  if (day === parts(now, timeZone)) return `today at ${time}`;
  if (day === parts(new Date(now.getTime() + 86_400_000), timeZone)) return `tomorrow at ${time}`;
  const date_ = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(date);
  return `${date_} at ${time}`;
}

/** The time only, "15:40", for windows within a day. */
function clock(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(date);
}

/**
 * When the access would run. `from` is a scheduled start or the end of the grant being extended;
 * null means it starts once approved (or at once, when nobody needs to approve it).
 */
export function windowWords(options: {
  from: Date | null;
  minutes: number;
  now: Date;
  /** Starts the moment the form is sent: break glass or automatic approval. */
  immediate: boolean;
  timeZone?: string;
}): string {
  const { from, minutes, now, immediate, timeZone } = options;
  const start = from ?? now;
  const end = new Date(start.getTime() + minutes * 60_000);
  const ends = whenWords(end, now, timeZone);
  if (!from) return immediate ? `Ends ${ends}.` : `If approved now, ends ${ends}.`;
  const sameDay = parts(start, timeZone) === parts(end, timeZone);
  return `From ${whenWords(start, now, timeZone)} to ${sameDay ? clock(end, timeZone) : ends}.`;
}

/** A datetime-local value ("2026-03-01T09:30") for a moment, in the zone whose offset is given. */
export function toLocalInput(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  return new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

/**
 * A datetime-local value read in the browser's zone, as ISO 8601 with that zone's offset
 * ("2026-03-01T09:30:00+01:00"); null when empty or not a time.
 */
export function localInputToIso(value: string, offsetFor: (local: Date) => number = (d) => -d.getTimezoneOffset()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const local = new Date(y, mo - 1, d, h, mi);
  if (Number.isNaN(local.getTime())) return null;
  const offset = offsetFor(local);
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${value}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
