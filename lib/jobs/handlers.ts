// Every kind of outbox job this build knows how to run.
import { issuanceJobHandlers } from "@/lib/access/issuance-intent";
import { revocationJobHandlers } from "@/lib/access/revocation-jobs";
import { anchorJobHandlers } from "@/lib/audit/anchor-jobs";
import { sinkJobHandlers } from "@/lib/audit/sink-jobs";
import type { Deps } from "@/lib/context";
import { notificationJobHandlers } from "@/lib/notify/handlers";
import { pendingTimerHandlers } from "@/lib/requests/pending-timers";
import { timerJobHandlers } from "@/lib/requests/timer-jobs";
import { retentionJobHandlers } from "@/lib/ops/retention-jobs";
import { publishJobHandlers } from "@/lib/federation/publish-jobs";
import type { JobHandlers } from "./types";

export function jobHandlers(deps: Deps): JobHandlers {
  return {
    ...revocationJobHandlers(deps),
    ...timerJobHandlers(deps),
    ...pendingTimerHandlers(deps),
    ...anchorJobHandlers(deps),
    ...sinkJobHandlers(deps),
    ...notificationJobHandlers(deps),
    ...issuanceJobHandlers(deps),
    ...retentionJobHandlers(deps),
    ...publishJobHandlers(deps),
  };
}
