import Link from "next/link";
import { RoleLabel } from "@/components/requests/role-label";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import type { ReviewTaskView } from "@/lib/requests/queries";

/** Break-glass activations to look at afterwards, open ones first. */
export function ReviewTaskList({ tasks }: { tasks: ReviewTaskView[] }) {
  const ordered = [...tasks].sort((a, b) => Number(a.status === "DONE") - Number(b.status === "DONE"));
  return (
    <ul className="divide-y divide-slate-100" aria-label="Break-glass reviews">
      {ordered.map((task) => (
        <li key={task.id} className="flex flex-wrap items-start justify-between gap-4 px-3 py-4 sm:px-5">
          <div className="min-w-0 flex-1 space-y-1">
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <span>
                <span className="font-medium text-slate-900">{task.request.requester.name}</span> <span className="text-slate-600">broke glass on</span>{" "}
                <RoleLabel request={task.request} />
              </span>
              {task.status === "OPEN" ? <Badge tone="warning">Review open</Badge> : <Badge tone="success">Reviewed</Badge>}
            </p>
            <p className="text-sm text-slate-600">
              Activated <Time date={task.createdAt} />
              {task.completedAt && (
                <>
                  {" "}
                  · reviewed <Time date={task.completedAt} />
                </>
              )}
            </p>
            <p className="line-clamp-2 whitespace-pre-wrap break-words text-sm text-slate-800">“{task.request.justification}”</p>
            {task.notes && <p className="line-clamp-2 break-words text-xs text-slate-600">Notes: {task.notes}</p>}
          </div>
          <Link href={`/requests/${task.request.id}`} className={buttonClasses(task.status === "OPEN" ? "primary" : "secondary", "sm")}>
            {task.status === "OPEN" ? "Review" : "View"}
            <span className="sr-only"> break glass by {task.request.requester.name}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
