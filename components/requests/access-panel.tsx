"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { postSamlResponse, requestConsoleLink, requestCredentials, type CopyableCredentials } from "./access-client";
import { Time } from "@/components/ui/time";
import { Alert } from "@/components/ui/alert";
import type { UserError } from "@/lib/errors";
import { ActionError } from "./action-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ASSUME_ROLE_DURATION } from "@/lib/aws/limits";
import { formatDuration } from "@/lib/duration";
import { CredentialsView } from "./credentials-view";

const failure = (result: { message: string; code?: UserError["code"] }): UserError => ({
  code: result.code ?? "INTERNAL",
  message: result.message,
  fieldErrors: {},
  link: null,
});

export function AccessPanel({
  requestId,
  endsAt,
  roleName,
  secondsLeft,
  title = "Your access is active",
}: {
  requestId: string;
  endsAt: string;
  roleName: string;
  secondsLeft: number;
  /** The card's heading; a request for several roles names each role's card. */
  title?: string;
}) {
  const [error, setError] = useState<UserError | null>(null);
  const [credentials, setCredentials] = useState<CopyableCredentials | null>(null);
  const [busy, setBusy] = useState<"console" | "credentials" | null>(null);
  const [, startTransition] = useTransition();
  const router = useRouter();
  // These buttons only work with JavaScript: enabled once the page is interactive.
  const ready = useHydrated();

  function openConsole() {
    setError(null);
    setBusy("console");
    // Opened now, inside the click, so popup blockers allow it; pointed at AWS once the link exists.
    const tab = window.open("", "_blank");
    startTransition(async () => {
      const result = await requestConsoleLink(requestId);
      setBusy(null);
      const { samlResponse } = result.ok ? result.value : {};
      if (result.ok && samlResponse !== undefined) {
        postSamlResponse(tab ?? window, { url: result.value.url, samlResponse });
        if (tab) tab.opener = null;
      } else if (result.ok && tab) {
        tab.opener = null;
        tab.location.href = result.value.url;
      } else if (result.ok) {
        window.location.href = result.value.url;
      } else {
        tab?.close();
        setError(failure(result));
      }
      router.refresh();
    });
  }

  function getCredentials() {
    setError(null);
    setBusy("credentials");
    startTransition(async () => {
      const result = await requestCredentials(requestId);
      setBusy(null);
      if (result.ok) setCredentials(result.value);
      else setError(failure(result));
      router.refresh();
    });
  }

  return (
    <Card className="ring-2 ring-emerald-300" label={title}>
      <CardHeader
        title={title}
        description={
          <>
            Use {roleName} until <Time date={endsAt} />. Each AWS session lasts until the window ends or the role&apos;s session limit, whichever is sooner.
          </>
        }
      />
      <CardBody className="space-y-4">
        {error && <ActionError error={error} title="AWS access was not issued" />}
        {secondsLeft < ASSUME_ROLE_DURATION.minSeconds && (
          <Alert tone="warning" title="Too little time left for a new AWS session">
            Your window ends in {formatDuration(secondsLeft, "floor")}; AWS sessions last at least 15 minutes, so Frontdesk issues no new ones. Sessions issued
            earlier keep working until the window ends. Request a new window if you need more time.
          </Alert>
        )}
        <div className="flex flex-wrap gap-3">
          <Button onClick={openConsole} disabled={!ready || busy !== null || secondsLeft < ASSUME_ROLE_DURATION.minSeconds}>
            {busy === "console" ? "Opening…" : "Open AWS console"}
          </Button>
          <Button variant="secondary" onClick={getCredentials} disabled={!ready || busy !== null || secondsLeft < ASSUME_ROLE_DURATION.minSeconds}>
            {busy === "credentials" ? "Issuing…" : credentials ? "Get new credentials" : "Get credentials"}
          </Button>
        </div>
        {credentials && <CredentialsView credentials={credentials} />}
      </CardBody>
    </Card>
  );
}
