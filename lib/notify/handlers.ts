// Every outbox job kind notifications use. Registered for every instance (lib/jobs/handlers.ts),
// whether or not Slack or email is configured: a delivery then waits, visibly, instead of vanishing.
import type { Deps } from "@/lib/context";
import type { JobHandlers } from "@/lib/jobs/types";
import { NOTIFY_EVENT, NOTIFY_REMINDER } from "./delivery-kinds";
import { fanOutEvent, sendReminder } from "./fanout-job";
import { mailJobHandlers } from "./mail-jobs";
import { slackJobHandlers } from "./slack-jobs";

export function notificationJobHandlers(deps: Deps): JobHandlers {
  return {
    [NOTIFY_EVENT]: { run: (payload, job) => fanOutEvent(deps, payload, job) },
    [NOTIFY_REMINDER]: { run: (payload, job) => sendReminder(deps, payload, job) },
    ...slackJobHandlers(deps),
    ...mailJobHandlers(deps),
  };
}
