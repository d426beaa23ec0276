import type { RequestView } from "@/lib/requests/queries";

/** "1 of 2 approvals (Bob Example)": N-of-M progress with who has approved so far. */
export function ApprovalProgress({ request }: { request: Pick<RequestView, "reviews" | "requiredApprovals"> }) {
  const approvers = request.reviews.filter((r) => r.decision === "APPROVE").map((r) => r.reviewer.name);
  if (request.requiredApprovals === 0) return <span>None needed</span>;
  const required = request.requiredApprovals;
  return (
    <span>
      <span className="font-medium text-slate-900">
        {approvers.length} of {required} {required === 1 ? "approval" : "approvals"}
      </span>
      {approvers.length > 0 && <span className="text-slate-500"> ({approvers.join(", ")})</span>}
    </span>
  );
}

/** How many approvals a pending request still waits for. */
export function approvalsLeft(request: Pick<RequestView, "reviews" | "requiredApprovals">): number {
  return Math.max(0, request.requiredApprovals - request.reviews.filter((r) => r.decision === "APPROVE").length);
}
