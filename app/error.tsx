"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card className="mx-auto max-w-lg">
      <EmptyState
        title="Something went wrong"
        description={`Frontdesk could not show this page. This is often temporary (a service Frontdesk depends on may be briefly unavailable): try again in a minute. Console sessions and credentials you already have keep working in AWS.${error.digest ? ` Reference: ${error.digest}.` : ""} If it persists, tell your Frontdesk admin.`}
        action={<Button onClick={reset}>Try again</Button>}
      />
    </Card>
  );
}
