// What the request form checks as the person sends it, before the server does: the field rules the
// server's schema parses with first, then what the rule asks of a ticket and of a scheduled start.
// Only sending needs it, so the form loads it after the page is on screen (a chunk of its own,
// outside the page's first-load JS).
import { ticketMatchesPattern } from "@/lib/catalog/rules";
import { requestFormProblems } from "@/lib/input/request-fields";
import { scheduledStartProblem } from "@/lib/policy/request-window";
import type { StandardAsk } from "./role-options";

export interface RequestFormCheck {
  /** The form's fields as they are sent. */
  data: FormData;
  /** What the chosen roles ask of a ticket (null: no ticket field). */
  ticketField: StandardAsk["ticket"];
  /** The ticket as typed. */
  ticket: string;
  /** The chosen role's name, or the roles' ("3 roles"), for the messages. */
  roleName: string | undefined;
  breakGlass: boolean;
  /** Set when the person asked for a start at a set time: the time chosen, or null when none is. */
  scheduled: { startIso: string | null } | null;
  /** When the person sent the form (ms since the epoch). */
  nowMs: number;
}

/** Field → first problem, in the person's words; empty when the form may be sent. */
export function requestFormCheck({ data, ticketField, ticket, roleName, breakGlass, scheduled, nowMs }: RequestFormCheck): Record<string, string> {
  const found = requestFormProblems(Object.fromEntries(data));
  const reference = ticket.trim();
  if (ticketField && !breakGlass && ticketField.required && !reference) {
    found.ticket ??= `${roleName ?? "This role"} needs a ticket reference${ticketField.example ? ` such as ${ticketField.example}` : ""}.`;
  } else if (ticketField && reference && !ticketMatchesPattern(reference, ticketField.pattern)) {
    found.ticket ??= `“${reference}” does not look like a ticket reference for ${roleName ?? "this role"}${ticketField.example ? `; write it like ${ticketField.example}` : ""}.`;
  }
  if (scheduled) {
    const problem = scheduled.startIso
      ? scheduledStartProblem(new Date(scheduled.startIso), new Date(nowMs))
      : "Choose a start time, or start as soon as approved.";
    if (problem) found.startAt = problem;
  }
  return found;
}
