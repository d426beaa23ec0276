// Every kind of outbox job this build knows how to run.
import { revocationJobHandlers } from "@/lib/access/revocation-jobs";
import type { Deps } from "@/lib/context";
import type { JobHandlers } from "./types";

export function jobHandlers(deps: Deps): JobHandlers {
  return { ...revocationJobHandlers(deps) };
}
