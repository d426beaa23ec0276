import { Badge, type Tone } from "@/components/ui/badge";
import type { RequestStatus } from "@/lib/generated/prisma/enums";

const LOOK: Record<RequestStatus, { tone: Tone; label: string }> = {
  PENDING: { tone: "warning", label: "Pending approval" },
  APPROVED: { tone: "info", label: "Approved" },
  ACTIVE: { tone: "success", label: "Active" },
  ENDED: { tone: "neutral", label: "Ended" },
  DENIED: { tone: "danger", label: "Denied" },
  CANCELLED: { tone: "neutral", label: "Cancelled" },
  EXPIRED: { tone: "neutral", label: "Expired" },
  REVOKED: { tone: "danger", label: "Revoked" },
};

export function StatusBadge({ status }: { status: RequestStatus }) {
  const look = LOOK[status];
  return <Badge tone={look.tone}>{look.label}</Badge>;
}
