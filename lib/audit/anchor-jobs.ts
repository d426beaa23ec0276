// Periodic anchors of the audit chain head (filled in by the audit-anchor work).
import type { Deps } from "@/lib/context";
import type { JobHandlers } from "@/lib/jobs/types";

export function anchorJobHandlers(_deps: Deps): JobHandlers {
  return {};
}
