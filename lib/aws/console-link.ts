// Console sign-in through the federation endpoint: exchange temporary credentials for a
// sign-in token, then build the login URL. The URL is a bearer secret for 15 minutes:
// it is handed to the browser and never stored or logged.
import { PARTITION_HOSTS, type Partition } from "./limits";
import { AppError } from "@/lib/errors";
import type { TemporaryCredentials } from "./sts";

export interface ConsoleDestination {
  /** A console path such as "/ec2/home"; "/" is the console home. */
  path: string;
  region?: string;
}

/** Where the console opens: the partition's console host, regional when a region is set. */
export function consoleDestinationUrl(partition: Partition, destination: ConsoleDestination = { path: "/" }): string {
  const hosts = PARTITION_HOSTS[partition];
  const { region } = destination;
  const host = region && region !== hosts.homeRegion ? `${region}.${hosts.console}` : hosts.console;
  const url = new URL(destination.path, `https://${host}`);
  if (region && !url.searchParams.has("region")) url.searchParams.set("region", region);
  return url.toString();
}

export function federationEndpoint(partition: Partition): string {
  return PARTITION_HOSTS[partition].signin;
}

/** The partition's SAML sign-in endpoint: where a browser posts a SAMLResponse, and every assertion's Recipient. */
export function samlSigninEndpoint(partition: Partition): string {
  return PARTITION_HOSTS[partition].saml;
}

export interface ConsoleLinkOptions {
  credentials: TemporaryCredentials;
  partition: Partition;
  /** Omitted for role-chained credentials, whose console sessions AWS caps at their own lifetime. */
  sessionDurationSeconds?: number;
  destination?: ConsoleDestination;
  /** Where the console sends people when their session ends: Frontdesk itself. */
  issuer: string;
  /** Overrides AWS's federation endpoint (a local stand-in in tests and the demo). */
  federationUrl?: string;
  fetchImpl?: typeof fetch;
}

export async function createConsoleLink(options: ConsoleLinkOptions): Promise<string> {
  const hosts = PARTITION_HOSTS[options.partition];
  const endpoint = options.federationUrl ?? hosts.signin;
  const session = JSON.stringify({
    sessionId: options.credentials.accessKeyId,
    sessionKey: options.credentials.secretAccessKey,
    sessionToken: options.credentials.sessionToken,
  });
  const tokenUrl = new URL(endpoint);
  tokenUrl.search = new URLSearchParams({
    Action: "getSigninToken",
    ...(options.sessionDurationSeconds === undefined ? {} : { SessionDuration: String(options.sessionDurationSeconds) }),
    Session: session,
  }).toString();

  let signinToken: unknown;
  try {
    const response = await (options.fetchImpl ?? fetch)(tokenUrl, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`federation endpoint answered ${response.status}`);
    signinToken = ((await response.json()) as { SigninToken?: unknown }).SigninToken;
  } catch {
    // The request URL carries the credentials: never include it (or its error) in what we show.
    throw new AppError("AWS_ERROR", "The AWS sign-in service did not return a console sign-in token. Try again in a minute.");
  }
  if (typeof signinToken !== "string" || signinToken === "") {
    throw new AppError("AWS_ERROR", "The AWS sign-in service did not return a console sign-in token. Try again in a minute.");
  }

  const loginUrl = new URL(endpoint);
  loginUrl.search = new URLSearchParams({
    Action: "login",
    Issuer: options.issuer,
    Destination: consoleDestinationUrl(options.partition, options.destination),
    SigninToken: signinToken,
  }).toString();
  return loginUrl.toString();
}
