// Time-driven transitions (filled in below).
import type { Deps } from "@/lib/context";
import type { JobHandlers } from "@/lib/jobs/types";

export function timerJobHandlers(_deps: Deps): JobHandlers {
  return {};
}
