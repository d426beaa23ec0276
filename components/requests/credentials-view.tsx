"use client";

import { useState } from "react";
import type { CopyableCredentials } from "./access-client";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { CREDENTIAL_FORMAT_LABELS, formatCredentials, type CredentialFormat } from "@/lib/access/credential-formats";

const FORMATS = Object.keys(CREDENTIAL_FORMAT_LABELS) as CredentialFormat[];

export function CredentialsView({ credentials }: { credentials: CopyableCredentials }) {
  const [format, setFormat] = useState<CredentialFormat>("bash");
  const [copyState, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const text = formatCredentials(format, credentials);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopy("copied");
    } catch {
      // No clipboard access (an http page, or permission refused): the text is selectable.
      setCopy("failed");
    }
    setTimeout(() => setCopy("idle"), 2500);
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Temporary credentials, valid until <Time date={credentials.expiration} />. Frontdesk does not keep them: copy them now.
      </p>
      <div role="group" aria-label="Format" className="flex flex-wrap gap-1">
        {FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={format === f}
            onClick={() => setFormat(f)}
            className={cn(
              "rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
              format === f ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
            )}
          >
            {CREDENTIAL_FORMAT_LABELS[f]}
          </button>
        ))}
      </div>
      <div className="relative">
        <pre
          aria-label={`Credentials as ${CREDENTIAL_FORMAT_LABELS[format]}`}
          data-testid="credentials"
          className="overflow-x-auto rounded-md bg-slate-900 p-4 pr-20 font-mono text-xs leading-relaxed text-slate-100"
        >
          {text}
        </pre>
        <Button size="sm" variant="secondary" className="absolute right-2 top-2" onClick={copy}>
          {copyState === "copied" ? "Copied" : copyState === "failed" ? "Select and copy" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
