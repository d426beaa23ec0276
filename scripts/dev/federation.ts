// A local stand-in for the AWS console federation endpoint (signin.aws.amazon.com/federation),
// speaking its wire format: Action=getSigninToken exchanges temporary credentials for a sign-in
// token, Action=login redeems the token. Instead of a console it renders a page describing the
// session, so tests and the demo can see exactly what a person would have been signed in as.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { FEDERATION_SESSION_DURATION, SIGNIN_TOKEN_LIFETIME_SECONDS } from "../../lib/aws/limits";

import { consolePage, federationErrorPage, invalidTokenPage } from "./federation-pages";
import { readForm, sendHtml, sendJson } from "./html";
import { LOOPBACK, closeServer, listen } from "./net";

export interface FederationStandInOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where the credentials are checked (the moto URL). */
  stsEndpoint: string;
  region?: string;
  /** Milliseconds since the epoch; injectable so tests can age tokens past 15 minutes. */
  now?: () => number;
}

/** One call to the endpoint, as recorded for tests. Never holds the secret key, session token or sign-in token. */
export interface FederationRequest {
  at: Date;
  action: string;
  status: number;
  sessionDuration?: number;
  accessKeyId?: string;
  arn?: string;
  destination?: string;
  issuer?: string;
  /** What the stand-in objected to, when status is not 200. */
  refusal?: string;
}

export interface FederationStandIn {
  /** http://127.0.0.1:PORT/federation */
  url: string;
  requests: readonly FederationRequest[];
  stop(): Promise<void>;
}

// Facts from the AWS sign-in documentation (see the shared AWS reference, section 3).
const MIN_SESSION_DURATION = FEDERATION_SESSION_DURATION.minSeconds;
const MAX_SESSION_DURATION = FEDERATION_SESSION_DURATION.maxSeconds;
const DEFAULT_SESSION_SECONDS = FEDERATION_SESSION_DURATION.defaultSeconds;
const TOKEN_LIFETIME_MS = SIGNIN_TOKEN_LIFETIME_SECONDS * 1000;
const DEFAULT_DESTINATION = "https://console.aws.amazon.com/";
const SESSION_KEYS = ["sessionId", "sessionKey", "sessionToken"] as const;

const INVALID_CREDENTIALS = "Invalid credentials parameter";
const SYNTAX_ERROR = "The request sent by the client was syntactically incorrect.";

interface Credentials {
  sessionId: string;
  sessionKey: string;
  sessionToken: string;
}

interface SigninGrant {
  arn: string;
  account: string;
  sessionSeconds: number;
  durationRequested: boolean;
  issuedAt: number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly summary: string,
    readonly description: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const badCredentials = (detail: string) => new Refusal(400, INVALID_CREDENTIALS, SYNTAX_ERROR, detail);

/** Undefined when absent; throws a Refusal when present but outside AWS's 900–43200. */
function parseSessionDuration(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= MIN_SESSION_DURATION && value <= MAX_SESSION_DURATION)) {
    throw badCredentials(`SessionDuration must be an integer from ${MIN_SESSION_DURATION} to ${MAX_SESSION_DURATION}`);
  }
  return value;
}

/** AWS wants a JSON object with exactly sessionId, sessionKey and sessionToken. */
function parseSession(raw: string | null): Credentials {
  if (!raw) throw badCredentials("the Session parameter is missing");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badCredentials("Session is not JSON");
  }
  const ok =
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === SESSION_KEYS.length &&
    SESSION_KEYS.every((k) => typeof (value as Record<string, unknown>)[k] === "string" && (value as Record<string, string>)[k] !== "");
  if (!ok) throw badCredentials(`Session must be a JSON object with exactly ${SESSION_KEYS.join(", ")} (non-empty strings)`);
  return value as Credentials;
}

async function callerIdentity(credentials: Credentials, stsEndpoint: string, region: string) {
  const sts = new STSClient({
    region,
    endpoint: stsEndpoint,
    maxAttempts: 1,
    credentials: {
      accessKeyId: credentials.sessionId,
      secretAccessKey: credentials.sessionKey,
      sessionToken: credentials.sessionToken,
    },
  });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(5_000) });
    return { arn: identity.Arn ?? "", account: identity.Account ?? "" };
  } catch (error) {
    const { name, $fault } = error as { name?: string; $fault?: string };
    if ($fault === "client") throw badCredentials(`STS rejected the credentials (${name})`);
    throw new Refusal(500, "Internal Server Error", "The server could not check the credentials.", `STS at ${stsEndpoint} failed (${name})`);
  } finally {
    sts.destroy();
  }
}

export async function startFederationStandIn(options: FederationStandInOptions): Promise<FederationStandIn> {
  const { stsEndpoint, region = "us-east-1", now = Date.now } = options;
  const grants = new Map<string, SigninGrant>();
  const requests: FederationRequest[] = [];

  function forgetExpired(): void {
    for (const [token, grant] of grants) {
      if (now() - grant.issuedAt >= TOKEN_LIFETIME_MS) grants.delete(token);
    }
  }

  async function getSigninToken(params: URLSearchParams, entry: FederationRequest, res: ServerResponse) {
    const sessionDuration = parseSessionDuration(params.get("SessionDuration"));
    entry.sessionDuration = sessionDuration;
    const credentials = parseSession(params.get("Session"));
    entry.accessKeyId = credentials.sessionId;

    const { arn, account } = await callerIdentity(credentials, stsEndpoint, region);
    entry.arn = arn;
    const federatedUser = /^arn:[\w-]+:sts::\d{12}:federated-user\//.test(arn);
    if (!federatedUser && !/^arn:[\w-]+:sts::\d{12}:assumed-role\//.test(arn)) {
      throw new Refusal(
        400,
        "Only federation tokens or assume role tokens may be used for federated login.",
        SYNTAX_ERROR,
        `the credentials belong to ${arn}, not to an assumed role or federated user`,
      );
    }
    if (federatedUser && sessionDuration !== undefined) {
      throw badCredentials("SessionDuration cannot be used with GetFederationToken credentials");
    }

    const token = randomBytes(48).toString("base64url");
    grants.set(token, {
      arn,
      account,
      sessionSeconds: sessionDuration ?? DEFAULT_SESSION_SECONDS,
      durationRequested: sessionDuration !== undefined,
      issuedAt: now(),
    });
    sendJson(res, 200, { SigninToken: token });
  }

  function login(params: URLSearchParams, entry: FederationRequest, res: ServerResponse) {
    const destination = params.get("Destination") || DEFAULT_DESTINATION;
    const issuer = params.get("Issuer") ?? "";
    Object.assign(entry, { destination, issuer });
    if (!/^https?:\/\//.test(destination) || !URL.canParse(destination)) {
      throw new Refusal(400, "Invalid destination", SYNTAX_ERROR, "Destination must be an absolute http(s) URL");
    }

    const token = params.get("SigninToken") ?? "";
    const grant = grants.get(token);
    grants.delete(token); // single use
    if (!grant) {
      entry.refusal = "unknown, used or expired SigninToken";
      sendHtml(res, 400, invalidTokenPage());
      return;
    }
    entry.arn = grant.arn;
    const expiresAt = new Date(now() + grant.sessionSeconds * 1000);
    const page = consolePage({ ...grant, destination, issuer, expiresAt }, now());
    sendHtml(res, 200, page);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${LOOPBACK}`);
    if (url.pathname !== "/federation") {
      sendHtml(res, 404, federationErrorPage(404, "Not Found", "The requested resource is not available.", "only /federation is served"));
      return;
    }
    if (req.method !== "GET" && req.method !== "POST") {
      res.writeHead(405, { allow: "GET, POST" }).end();
      return;
    }
    // AWS accepts both steps as a query string or as a POSTed form.
    const params = new URLSearchParams([...(req.method === "POST" ? await readForm(req) : []), ...url.searchParams]);
    const entry: FederationRequest = { at: new Date(now()), action: params.get("Action") ?? "", status: 0 };
    requests.push(entry);
    forgetExpired();
    try {
      if (entry.action === "getSigninToken") await getSigninToken(params, entry, res);
      else if (entry.action === "login") login(params, entry, res);
      else throw new Refusal(400, "Invalid action", SYNTAX_ERROR, "Action must be getSigninToken or login");
    } catch (error) {
      if (!(error instanceof Refusal)) console.error(`federation stand-in: ${(error as Error).message}`);
      const refusal = error instanceof Refusal ? error : new Refusal(500, "Internal Server Error", "", "unexpected error");
      entry.refusal = refusal.detail;
      sendHtml(res, refusal.status, federationErrorPage(refusal.status, refusal.summary, refusal.description, refusal.detail));
    } finally {
      entry.status = res.statusCode;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Only an unreadable request body gets here: nothing was logged or answered yet.
      if (!res.headersSent) sendHtml(res, 400, federationErrorPage(400, "Bad Request", "", "the request body could not be read"));
    });
  });
  const port = await listen(server, options.port, "console federation stand-in");
  return { url: `http://${LOOPBACK}:${port}/federation`, requests, stop: () => closeServer(server) };
}
