// Ready-made CloudTrail lookups that find exactly one issued session's actions. The assumed-role
// id (AROA…:session-name) is CloudTrail's userIdentity.principalId for every call made with it.
import type { Partition } from "@/lib/aws/limits";

export interface IssuedSession {
  sessionName: string;
  sourceIdentity: string;
  assumedRoleId: string;
  issuedAt: Date;
  expiresAt: Date;
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const CONSOLE_HOST: Record<Partition, string> = {
  aws: "console.aws.amazon.com",
  "aws-us-gov": "console.amazonaws-us-gov.com",
  "aws-cn": "console.amazonaws.cn",
};

/** CloudTrail Lake (replace the event data store id). */
export function cloudTrailLakeQuery(session: IssuedSession): string {
  return [
    "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, errorCode",
    "FROM <event-data-store-id>",
    `WHERE userIdentity.principalId = ${quote(session.assumedRoleId)}`,
    `  AND userIdentity.sessionContext.sourceIdentity = ${quote(session.sourceIdentity)}`,
    `  AND eventTime >= ${quote(session.issuedAt.toISOString().replace("T", " ").slice(0, 19))}`,
    `  AND eventTime <= ${quote(session.expiresAt.toISOString().replace("T", " ").slice(0, 19))}`,
    "ORDER BY eventTime",
  ].join("\n");
}

/** Athena over the standard CloudTrail table (replace the table name). */
export function athenaQuery(session: IssuedSession): string {
  return [
    "SELECT eventtime, eventsource, eventname, awsregion, sourceipaddress, errorcode",
    "FROM cloudtrail_logs",
    `WHERE useridentity.principalid = ${quote(session.assumedRoleId)}`,
    `  AND useridentity.sessioncontext.sourceidentity = ${quote(session.sourceIdentity)}`,
    `  AND eventtime BETWEEN ${quote(session.issuedAt.toISOString().slice(0, 19) + "Z")} AND ${quote(session.expiresAt.toISOString().slice(0, 19) + "Z")}`,
    "ORDER BY eventtime",
  ].join("\n");
}

/** CloudTrail's event history filtered by user name, which for an assumed role is the session name. */
export function cloudTrailConsoleUrl(session: IssuedSession, partition: Partition, region: string): string {
  const url = new URL(`https://${region}.${CONSOLE_HOST[partition]}/cloudtrail/home`);
  url.searchParams.set("region", region);
  url.hash = `/events?Username=${encodeURIComponent(session.sessionName)}`;
  return url.toString();
}
