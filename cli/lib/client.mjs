// Talking to Frontdesk: bearer tokens from the stored sign-in, refreshed (and rotated) when they
// expire, with Frontdesk's own words when something is refused.
import { readJson, sessionFile, withLock, writeSecretJson } from "./store.mjs";

export class CliError extends Error {
  constructor(message, code = "ERROR") {
    super(message);
    this.code = code;
  }
}

export const SIGN_IN = "You are not signed in to Frontdesk. Sign in: run `frontdesk login`.";

export function loadSession(dir) {
  const session = readJson(sessionFile(dir));
  if (!session?.server || !session.refreshToken) throw new CliError(SIGN_IN, "UNAUTHENTICATED");
  return session;
}

export async function call(server, method, path, { body, token, form } = {}) {
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload;
  if (form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(body).toString();
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(new URL(path, server), { method, headers, body: payload });
  } catch (error) {
    throw new CliError(`Cannot reach Frontdesk at ${server} (${error.cause?.code ?? error.message}).`, "NETWORK");
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new CliError(`Frontdesk answered ${response.status} with something that is not JSON.`, "PROTOCOL");
  }
  return { status: response.status, data };
}

function toError({ status, data }) {
  if (data?.error && typeof data.error === "object") return new CliError(data.error.message, data.error.code);
  if (typeof data?.error_description === "string") return new CliError(data.error_description, "UNAUTHENTICATED");
  return new CliError(`Frontdesk answered ${status}.`, "HTTP");
}

export function saveTokens(dir, server, tokens, now = Date.now()) {
  writeSecretJson(sessionFile(dir), {
    server,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessExpiresAt: new Date(now + tokens.expires_in * 1000).toISOString(),
  });
}

/** A fresh access token, refreshing under the lock when the stored one is (nearly) expired. */
async function accessToken(dir, force = false) {
  const seen = loadSession(dir);
  const fresh = (s) => Date.parse(s.accessExpiresAt) - Date.now() > 30_000;
  if (!force && fresh(seen)) return seen;
  return withLock(dir, async () => {
    const current = loadSession(dir);
    // Another process may have refreshed while this one waited for the lock.
    if (current.refreshToken !== seen.refreshToken && fresh(current)) return current;
    const answer = await call(current.server, "POST", "/api/v1/auth/token", {
      form: true,
      body: { grant_type: "refresh_token", refresh_token: current.refreshToken },
    });
    if (answer.status !== 200) {
      const error = toError(answer);
      throw new CliError(error.message || SIGN_IN, "UNAUTHENTICATED");
    }
    saveTokens(dir, current.server, answer.data);
    return loadSession(dir);
  });
}

/** An authenticated API call; one refresh and retry when the access token is refused. */
export async function api(dir, method, path, body) {
  let session = await accessToken(dir);
  let answer = await call(session.server, method, path, { body, token: session.accessToken });
  if (answer.status === 401 && answer.data?.error?.code === "UNAUTHENTICATED") {
    session = await accessToken(dir, true);
    answer = await call(session.server, method, path, { body, token: session.accessToken });
  }
  if (answer.status >= 400) throw toError(answer);
  return answer.data;
}
