import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { RelatedRequests } from "@/lib/requests/queries";

type Task = NonNullable<RelatedRequests["reviewTask"]>;

/** Where the break-glass review stands, for everyone who may see the request. */
export function ReviewTaskStatus({ task }: { task: Task }) {
  if (task.status === "OPEN") {
    return (
      <Card>
        <CardHeader title="Break-glass review" actions={<Badge tone="warning">Review open</Badge>} />
        <CardBody>
          <p className="text-sm text-slate-600">This access started without approval. An approver of the role reviews it afterwards.</p>
        </CardBody>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader title="Break-glass review" actions={<Badge tone="success">Reviewed</Badge>} />
      <CardBody className="space-y-2 text-sm">
        <p className="text-slate-700">
          Reviewed by <span className="font-medium text-slate-900">{task.completedBy?.name ?? "someone no longer known"}</span>
          {task.completedAt && (
            <>
              , <Time date={task.completedAt} />
            </>
          )}
        </p>
        {task.notes && (
          <p className="whitespace-pre-wrap break-words rounded-md bg-slate-50 px-3 py-2 text-slate-800 ring-1 ring-inset ring-slate-200">{task.notes}</p>
        )}
      </CardBody>
    </Card>
  );
}
