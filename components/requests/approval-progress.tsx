import type { RequestView } from "@/lib/requests/request-view";

/** "1 of 2 approvals (Bob Example)": N-of-M progress with the approvals that count, from the request's tally. */
export function ApprovalProgress({ request }: { request: Pick<RequestView, "approvals"> }) {
  const { count, required, approvers } = request.approvals;
  if (required === 0) return <span>None needed</span>;
  const counted = approvers.filter((a) => a.counted).map((a) => a.name);
  return (
    <span>
      <span className="font-medium text-slate-900">
        {count} of {required} {required === 1 ? "approval" : "approvals"}
      </span>
      {counted.length > 0 && <span className="text-slate-600"> ({counted.join(", ")})</span>}
    </span>
  );
}
