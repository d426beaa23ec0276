import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { describeWait } from "@/lib/http/rate-limit";

export const metadata: Metadata = { title: "Too many attempts" };

// Where browsers land after a rate limit when the 429 itself went to a script (sign-in, forms).
export default async function TooManyRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).retryAfter;
  const seconds = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 60;
  return (
    <Card className="mx-auto max-w-lg">
      <EmptyState
        title="Too many attempts"
        description={`Frontdesk received too many requests from you or your network in a short time. Try again in ${describeWait(seconds)}.`}
        action={<ButtonLink href="/">Back to Frontdesk</ButtonLink>}
      />
    </Card>
  );
}
