"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { reauthUrlForCode } from "@/lib/auth/reauth";
import type { UserError } from "@/lib/errors";

/**
 * A server action's refusal: its message, where to act on it (the request it collides with), and
 * for a sign-in that is too old or lacks a second factor, the way to sign in again and come back.
 */
export function ActionError({ error, title, returnTo }: { error: UserError; title?: string; returnTo?: string }) {
  const pathname = usePathname();
  const reauth = reauthUrlForCode(error.code, returnTo ?? pathname);
  return (
    <Alert tone="danger" title={title}>
      <p>{error.message}</p>
      {(error.link || reauth) && (
        <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          {reauth && (
            <a href={reauth} className="font-medium underline underline-offset-2 hover:text-rose-700">
              Sign in again
            </a>
          )}
          {error.link && (
            <Link href={error.link.href} className="font-medium underline underline-offset-2 hover:text-rose-700">
              {error.link.label}
            </Link>
          )}
        </p>
      )}
    </Alert>
  );
}
