// Credentials for a role: from the cache while they last and the grant is still open, else minted
// anew inside the approved window. Cached per role (0600) until five minutes before they expire.
import { api, CliError } from "./client.mjs";
import { cacheFile, readJson, removeFile, writeSecretJson } from "./store.mjs";

const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const REQUEST_ID = /^[a-z0-9]{20,64}$/;

function askHint(role) {
  return `Ask for it: frontdesk request ${role} --for 1h --reason "…" --wait (or add --request here).`;
}

/** The open grant for a role (or a request id): the person's ACTIVE request for it. */
export async function activeGrant(dir, roleOrRequest) {
  if (REQUEST_ID.test(roleOrRequest)) {
    const request = await api(dir, "GET", `/api/v1/requests/${roleOrRequest}`);
    if (request.status !== "ACTIVE")
      throw new CliError(`Request ${request.id} for ${request.roleId} is ${request.status.toLowerCase()}, not active. ${askHint(request.roleId)}`, "NO_GRANT");
    return request;
  }
  const { items } = await api(dir, "GET", "/api/v1/requests?limit=100");
  const grant = items.find((r) => r.roleId === roleOrRequest && r.status === "ACTIVE");
  if (!grant) {
    const last = items.find((r) => r.roleId === roleOrRequest);
    const why = last ? `Your last request for ${roleOrRequest} is ${last.status.toLowerCase()}.` : `You have no access to ${roleOrRequest} right now.`;
    throw new CliError(`${why} ${askHint(roleOrRequest)}`, "NO_GRANT");
  }
  return grant;
}

/** Credentials for the role, and whether they came from the cache. */
export async function credentialsFor(dir, roleOrRequest) {
  const file = cacheFile(dir, roleOrRequest);
  const cached = readJson(file);
  if (cached && Date.parse(cached.expiration) - Date.now() > REFRESH_MARGIN_MS) {
    // The cache stands only while Frontdesk still says the grant is open (revoked means revoked).
    const request = await api(dir, "GET", `/api/v1/requests/${cached.requestId}`).catch((error) => {
      if (error.code === "NOT_FOUND") return null;
      throw error;
    });
    if (request?.status === "ACTIVE") return { credentials: cached, fromCache: true };
    removeFile(file);
    if (request)
      throw new CliError(
        `Your access to ${request.roleName} (${request.roleId}) was ${request.status.toLowerCase()}${request.closeReason ? `: ${request.closeReason}` : ""}. ${askHint(request.roleId)}`,
        "NO_GRANT",
      );
  }
  const grant = await activeGrant(dir, roleOrRequest);
  const minted = await api(dir, "POST", `/api/v1/requests/${grant.id}/credentials`);
  const credentials = { ...minted, requestId: grant.id };
  writeSecretJson(file, credentials);
  return { credentials, fromCache: false };
}

export function formatCredentials(c, format) {
  switch (format) {
    case "credential-process":
      return JSON.stringify({
        Version: 1,
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: c.expiration,
      });
    case "json":
      return JSON.stringify(
        { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration, RoleArn: c.roleArn },
        null,
        2,
      );
    case "powershell":
      return [
        `$Env:AWS_ACCESS_KEY_ID="${c.accessKeyId}"`,
        `$Env:AWS_SECRET_ACCESS_KEY="${c.secretAccessKey}"`,
        `$Env:AWS_SESSION_TOKEN="${c.sessionToken}"`,
      ].join("\n");
    case "credentials":
      return [
        `[${c.profileName}]`,
        `aws_access_key_id = ${c.accessKeyId}`,
        `aws_secret_access_key = ${c.secretAccessKey}`,
        `aws_session_token = ${c.sessionToken}`,
      ].join("\n");
    case "env":
      return [
        `export AWS_ACCESS_KEY_ID=${c.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`,
        `export AWS_SESSION_TOKEN=${c.sessionToken}`,
      ].join("\n");
    default:
      throw new CliError(`Unknown format ${format}: use env, json, powershell or credentials.`, "USAGE");
  }
}

export function credentialEnv(c) {
  return {
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_SESSION_TOKEN: c.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: c.expiration,
  };
}
