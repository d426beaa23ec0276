// Delivery of audit events to an external sink (filled in by the audit-export work).
import type { Deps } from "@/lib/context";
import type { JobHandlers } from "@/lib/jobs/types";

export function sinkJobHandlers(_deps: Deps): JobHandlers {
  return {};
}
