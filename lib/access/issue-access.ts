// Minting access for an open window: a console link or copyable credentials. Nothing is minted
// at approval; each call assumes the role afresh for at most the rest of the window.
import { findRole } from "@/lib/catalog/rules";
import type { Deps } from "@/lib/context";
import { formatDuration } from "@/lib/duration";
import { AppError } from "@/lib/errors";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { ruleById } from "@/lib/catalog/rules";
import { stillEligible, type Actor } from "@/lib/policy/access";
import { isWindowOpen } from "@/lib/requests/state";
import { lockRequest } from "@/lib/requests/transition";
import { assumeRoleProblems, buildAssumeRoleRequest } from "./assume-role-request";
import { ROLE_CHAINING_MAX_SECONDS } from "@/lib/aws/limits";
import { ASSUME_ROLE_DURATION } from "@/lib/aws/limits";
import { sessionDuration } from "./session-params";
import { closeIssuanceIntent, recordIssuanceIntent, writeIssuanceResult } from "./issuance-intent";
import type { Prisma } from "@/lib/generated/prisma/client";
import { mintModeFor } from "@/lib/catalog/mint-mode";
import { isCappedByBroker, mintWithEngine, type MintedSession } from "./mint-engine";

type Kind = "CONSOLE" | "CREDENTIALS";

function mintSession(deps: Deps, actor: Actor, requestId: string, kind: Kind) {
  const attempt = { actorId: actor.id, action: "access.issue", targetType: "request", targetId: requestId, requestId };
  return auditRefusals(deps, attempt, () => mint(deps, actor, requestId, kind));
}

async function mint(deps: Deps, actor: Actor, requestId: string, kind: Kind) {
  const now = deps.now();
  const { request, found, duration, brokerCap } = await checkMayMint(deps, actor, requestId, now);
  const params = buildParams(request, found.role, duration.seconds, actor.mfa === true);
  const { sessionName, sourceIdentity } = params;
  // The intent first, under the row lock revocation also takes: a closed window mints nothing, and
  // whatever happens after STS answers, the session is on record.
  const intentId = await auditedTransaction(deps.db, async (tx) => {
    await assertWindowStillOpen(tx, request.id, deps.now(), "Nothing was issued.");
    return recordIssuanceIntent(tx, { requestId: request.id, userId: actor.id, kind, sessionName, sourceIdentity, durationSeconds: duration.seconds }, now);
  });
  let session: MintedSession;
  try {
    session = await mintWithEngine(deps, { role: found.role, partition: found.account.partition, params, kind });
  } catch (error) {
    await closeIssuanceIntent(deps, intentId, "FAILED");
    throw error;
  }
  // The result, never the secret itself. A database failure here does not take the session from
  // the person: it exists at AWS, and its result is written when the database answers again.
  const issued = { actor, requestId: request.id, kind, intentId, sessionName, sourceIdentity, session, durationSeconds: duration.seconds, now };
  try {
    await writeIssuanceResult(
      (handedOut) => recordResult(deps, issued, handedOut),
      (error) => error instanceof AppError,
      `issuance ${intentId} (${sessionName})`,
    );
  } catch (error) {
    await closeIssuanceIntent(deps, intentId, "WITHHELD");
    throw error;
  }
  return { session, account: found.account, role: found.role, durationSeconds: duration.seconds, roleChained: brokerCap <= ROLE_CHAINING_MAX_SECONDS };
}

/** The person's own grant, still theirs by the current catalog and groups, with a window long enough for a session. */
async function checkMayMint(deps: Deps, actor: Actor, requestId: string, now: Date) {
  const request = await deps.db.accessRequest.findFirst({
    where: { id: requestId, requesterId: actor.id },
    include: {
      reviews: { where: { decision: "APPROVE" }, select: { reviewer: { select: { email: true } } } },
      // The requester is the actor: their email and attributes (session tags) come in the same statement.
      requester: { select: { email: true, attributes: true } },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", "No such request.");
  const found = findRole(deps.catalog, request.roleId);
  const rule = ruleById(deps.catalog, request.ruleId);
  // Rights are re-checked now, against the current catalog and the person's current groups.
  if (!found || !rule || !stillEligible(actor, rule, found.role, request.kind)) {
    throw new AppError("FORBIDDEN", "You no longer have the right to this role. Ask your admin.");
  }
  if (rule.mfa.request && !actor.mfa) {
    throw new AppError("MFA_REQUIRED", `${found.role.name} needs a sign-in with multi-factor authentication to open the console or get credentials.`);
  }
  if (!isWindowOpen(request, now) || !request.endsAt) throw new AppError("WINDOW_CLOSED", "This request has no open access window.");
  // Only Frontdesk's own credentials can be role-chained; a federated session is never capped by them.
  const brokerCap = isCappedByBroker(mintModeFor(deps.catalog, found.role)) ? await deps.sessionCap() : ASSUME_ROLE_DURATION.maxSeconds;
  const duration = sessionDuration({ now, windowEndsAt: request.endsAt, roleMaxSeconds: Math.min(found.role.maxSessionDuration, brokerCap) });
  if (!duration.ok) {
    throw new AppError(
      "WINDOW_CLOSED",
      `Your access window ends in ${formatDuration(duration.remainingSeconds, "floor")}, less than the ${formatDuration(ASSUME_ROLE_DURATION.minSeconds)} AWS requires for a session. Request a new window if you need more time.`,
    );
  }
  return { request, found, duration, brokerCap };
}

/** The AssumeRole call for this person and grant, refused before AWS sees it when AWS would refuse it. */
function buildParams(
  request: { id: string; reviews: { reviewer: { email: string } }[]; requester: { email: string; attributes: unknown } },
  role: Parameters<typeof buildAssumeRoleRequest>[0]["role"],
  durationSeconds: number,
  mfa: boolean,
) {
  const person = request.requester;
  const params = buildAssumeRoleRequest({
    request: { id: request.id, approverEmails: request.reviews.map((r) => r.reviewer.email) },
    person: { email: person.email, attributes: (person.attributes ?? {}) as Record<string, unknown>, mfa },
    role,
    durationSeconds,
  });
  const problems = assumeRoleProblems(params);
  if (problems.length > 0) {
    throw new AppError("AWS_ERROR", `This role's catalog entry would make AWS refuse the session: ${problems.join("; ")}. Tell your Frontdesk admin.`);
  }
  return params;
}

interface Issued {
  actor: Actor;
  requestId: string;
  kind: Kind;
  intentId: string;
  sessionName: string;
  sourceIdentity: string;
  session: MintedSession;
  durationSeconds: number;
  now: Date;
}

/** The Issuance row, the settled intent and the audit event, in one transaction. */
function recordResult(deps: Deps, issued: Issued, handedOut: boolean) {
  const { actor, requestId, kind, intentId, sessionName, sourceIdentity, session, durationSeconds, now } = issued;
  return auditedTransaction(deps.db, async (tx) => {
    // Re-checked under the row lock: a grant revoked while AWS was minting is not handed out
    // (that session predates the revocation's deny cutoff).
    if (!handedOut) await assertWindowStillOpen(tx, requestId, deps.now(), "Nothing was issued.");
    const issuance = await tx.issuance.create({
      data: {
        requestId,
        userId: actor.id,
        kind,
        sessionName,
        sourceIdentity,
        assumedRoleId: session.assumedRoleId,
        expiresAt: session.expiresAt,
        packedPolicySize: session.packedPolicySize,
        createdAt: now,
      },
    });
    await tx.issuanceIntent.update({ where: { id: intentId }, data: { status: "ISSUED", issuanceId: issuance.id, settledAt: deps.now() } });
    const data = { sessionName, sourceIdentity, assumedRoleId: session.assumedRoleId, durationSeconds, mfa: actor.mfa === true };
    const action = kind === "CONSOLE" ? "access.console-link-issued" : "access.credentials-issued";
    await recordAuditEvent(tx, { actorId: actor.id, action, targetType: "issuance", targetId: issuance.id, requestId, data }, now);
  });
}

async function assertWindowStillOpen(tx: Prisma.TransactionClient, requestId: string, now: Date, outcome: string): Promise<void> {
  const current = await lockRequest(tx, requestId);
  if (!current || !isWindowOpen(current, now)) {
    throw new AppError("WINDOW_CLOSED", `This access was ended or revoked a moment ago. ${outcome}`);
  }
}

export async function issueCredentials(deps: Deps, { actor, requestId }: { actor: Actor; requestId: string }) {
  const { session, role } = await mintSession(deps, actor, requestId, "CREDENTIALS");
  if (!session.credentials) throw new AppError("AWS_ERROR", "AWS returned no credentials. Try again.");
  return { ...session.credentials, roleArn: role.arn, profileName: role.id };
}

/** How the browser reaches the console: a sign-in URL to open, or (SAML) a form post of `samlResponse` to `url`. */
export interface ConsoleSignIn {
  url: string;
  samlResponse?: string;
}

export async function issueConsoleSignIn(deps: Deps, { actor, requestId }: { actor: Actor; requestId: string }): Promise<ConsoleSignIn> {
  const { session, account, role, durationSeconds, roleChained } = await mintSession(deps, actor, requestId, "CONSOLE");
  if (session.samlPost) return session.samlPost;
  const credentials = session.credentials;
  if (!credentials) throw new AppError("AWS_ERROR", "AWS returned no credentials. Try again.");
  const attempt = { actorId: actor.id, action: "access.console-link", targetType: "request", targetId: requestId, requestId };
  const url = await auditRefusals(deps, attempt, () =>
    deps.aws.consoleLink({
      credentials,
      partition: account.partition,
      // Role-chained credentials cannot ask for a console session of their own length; the console
      // then lasts as long as the credentials, which already end within the window.
      sessionDurationSeconds: roleChained ? undefined : durationSeconds,
      destination: role.console,
    }),
  );
  return { url };
}

/** A console sign-in URL (for clients that can only open a link: SAML roles need the browser's form post). */
export async function issueConsoleLink(deps: Deps, options: { actor: Actor; requestId: string }): Promise<string> {
  const found = await deps.db.accessRequest.findFirst({ where: { id: options.requestId, requesterId: options.actor.id }, select: { roleId: true } });
  const role = found && findRole(deps.catalog, found.roleId)?.role;
  if (role && mintModeFor(deps.catalog, role) === "saml") {
    throw new AppError("INVALID_INPUT", "This role's console opens through a SAML sign-in form: use Open AWS console in the Frontdesk web page.");
  }
  return (await issueConsoleSignIn(deps, options)).url;
}
