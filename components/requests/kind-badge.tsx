import { Badge } from "@/components/ui/badge";
import type { RequestKind } from "@/lib/generated/prisma/enums";

/** Break glass and extensions stand out; an ordinary request needs no badge. */
export function KindBadge({ kind }: { kind: RequestKind }) {
  if (kind === "BREAK_GLASS") return <Badge tone="danger">Break glass</Badge>;
  if (kind === "EXTENSION") return <Badge tone="info">Extension</Badge>;
  return null;
}
