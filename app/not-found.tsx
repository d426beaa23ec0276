import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <Card className="mx-auto max-w-lg">
      <EmptyState
        title="Not found"
        description="This page does not exist, or you do not have access to it."
        action={<ButtonLink href="/requests">Go to my access</ButtonLink>}
      />
    </Card>
  );
}
