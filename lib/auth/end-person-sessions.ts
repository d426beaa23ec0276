// An admin ends every session of a person at once (a lost laptop, a leaver, a stolen cookie): all
// their cookies stop working on every instance. Sign-in works again afterwards; removing the
// person's access for good is the IdP's job.
import { z } from "zod";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { identifierField } from "@/lib/input/safe-text";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import { endAllSessions } from "./session-version";

const personEmail = identifierField("The email address", 320).pipe(
  z.string().min(3, "Give the person's email address.").includes("@", { message: "Give the person's email address." }),
);

/** Ends the sessions of every identity with this email (one person may sign in by OIDC and by SAML); returns how many. */
export function endPersonSessions(deps: Pick<Deps, "db" | "now" | "catalog">, options: { actor: Actor; email: string }): Promise<number> {
  const attempt = { actorId: options.actor.id, action: "auth.end-sessions", targetType: "user", targetId: String(options.email ?? "").slice(0, 200) };
  return auditRefusals(deps, attempt, async () => {
    assertCan(options.actor, "sessions.end", null, deps.catalog);
    const parsed = personEmail.safeParse(options.email);
    if (!parsed.success)
      throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Give the person's email address.", {
        email: parsed.error.issues[0]?.message ?? "",
      });
    const people = await deps.db.user.findMany({ where: { email: { equals: parsed.data, mode: "insensitive" } }, select: { id: true } });
    if (people.length === 0) throw new AppError("NOT_FOUND", "Nobody with that email address has signed in to Frontdesk.", { email: "No such person." });
    for (const person of people) await endAllSessions(deps.db, { userId: person.id, actorId: options.actor.id, reason: "ended-by-admin" }, deps.now());
    return people.length;
  });
}
