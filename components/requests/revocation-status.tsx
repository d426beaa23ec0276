import { Alert } from "@/components/ui/alert";
import { Time } from "@/components/ui/time";
import type { ClosingView } from "@/lib/requests/queries";
import { RefreshWhilePending } from "./refresh-while-pending";

const Identity = ({ value }: { value: string }) => <code className="font-mono text-xs">{value}</code>;

/** What ending this grant early did at AWS: pending, confirmed, cleaned up, or nothing (unmanaged). */
export function RevocationStatus({ closing, roleName }: { closing: ClosingView; roleName: string }) {
  const revocation = closing.revocation;
  if (!revocation) {
    if (!closing.closedAt || closing.managed) return null;
    return (
      <Alert tone="warning" title="Sessions already issued keep working until they expire">
        Frontdesk issues no new sessions, but it does not manage {roleName} at AWS, so it cannot cut off the ones it already issued.{" "}
        {closing.lastSessionExpiresAt ? (
          <>
            The last one expires at <Time date={closing.lastSessionExpiresAt} />.
          </>
        ) : (
          "No session was issued for this request."
        )}
      </Alert>
    );
  }

  const job = revocation.applyJob;
  if (revocation.status === "PENDING" && job?.status === "FAILED") {
    return (
      <Alert tone="danger" title="Revocation at AWS failed">
        Frontdesk gave up after {job.attempts} attempts: {job.lastError} Sessions of <Identity value={revocation.sourceIdentity} /> issued before{" "}
        <Time date={revocation.cutoff} /> may still work: an admin must revoke the role&apos;s sessions in the IAM console.
      </Alert>
    );
  }
  if (revocation.status === "PENDING") {
    return (
      <>
        <RefreshWhilePending />
        <Alert tone="warning" title="Revocation pending at AWS">
          Frontdesk is adding a deny to {roleName} for sessions of <Identity value={revocation.sourceIdentity} /> issued before{" "}
          <Time date={revocation.cutoff} />. Until AWS confirms it, sessions already issued may still work.
          {job?.lastError && (
            <p className="mt-2">
              Attempt {job.attempts} failed: {job.lastError} Frontdesk tries again at <Time date={job.nextTryAt} />.
            </p>
          )}
        </Alert>
      </>
    );
  }
  if (revocation.status === "APPLIED") {
    return (
      <Alert tone="success" title="Revoked at AWS">
        {revocation.appliedAt && (
          <>
            Since <Time date={revocation.appliedAt} />,{" "}
          </>
        )}
        AWS denies every session of <Identity value={revocation.sourceIdentity} /> on {roleName} issued before <Time date={revocation.cutoff} /> (IAM can take a
        few minutes to apply it everywhere). Frontdesk removes the deny after <Time date={revocation.removeAfter} />, when none of those sessions can still be
        alive.
      </Alert>
    );
  }
  return (
    <Alert tone="info" title="Deny removed (no earlier session can still be alive)">
      Every session of <Identity value={revocation.sourceIdentity} /> issued before <Time date={revocation.cutoff} /> has expired, so{" "}
      {revocation.appliedAt ? `Frontdesk removed the deny from ${roleName}` : "nothing is left to deny (the deny never reached AWS)"}
      {revocation.removedAt && (
        <>
          {" "}
          at <Time date={revocation.removedAt} />
        </>
      )}
      .
    </Alert>
  );
}
