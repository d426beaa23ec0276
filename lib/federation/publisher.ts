// Uploading the discovery document and JWKS with no AWS credentials: Frontdesk assumes a publisher
// role (FRONTDESK_IDP_PUBLISH_ROLE_ARN) with a token it signs itself, subject frontdesk:publisher.
// That is circular by nature: STS accepts the token only after fetching the JWKS from the issuer,
// so the key that signs the token must already be published there. Before assuming the role we
// read the issuer's JWKS as STS would and, when the signing key is missing, stop with an error that
// names the cause and the way out (a first upload by an admin, or the issuer served by Frontdesk).
import { AppError } from "@/lib/errors";
import { activeKey } from "./key-schedule";
import { signPublisherToken, PUBLISHER_SUBJECT } from "./management-token";
import { federationOrThrow } from "./settings";
import { listSigningKeys, type FederationDeps } from "./signing-keys";

const FETCH_TIMEOUT_MS = 5_000;

/** What the gateway needs to upload as the publisher role, or undefined to use Frontdesk's own credentials. */
export function publisherRole(deps: FederationDeps) {
  const roleArn = deps.identityProvider?.publishRoleArn;
  if (!roleArn) return undefined;
  return { roleArn, subject: PUBLISHER_SUBJECT, token: () => signPublisherToken(deps) };
}

/** Why STS would refuse the publisher's token now, or null when the issuer's JWKS lists the signing key. */
export async function publishedKeyProblem(deps: FederationDeps, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  const settings = federationOrThrow(deps.identityProvider);
  const signing = activeKey(await listSigningKeys(deps.db), deps.now());
  const url = `${settings.issuer}/jwks.json`;
  let keys: { kid?: string }[];
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), cache: "no-store" });
    if (response.status === 404) return `${url} answers HTTP 404: nothing is published there yet`;
    if (response.status === 403) return `${url} answers HTTP 403: AWS cannot read it (the bucket policy must let anyone s3:GetObject under the issuer's path)`;
    if (!response.ok) return `${url} answers HTTP ${response.status}`;
    keys = ((await response.json()) as { keys?: { kid?: string }[] }).keys ?? [];
  } catch (error) {
    return `${url} could not be read (${error instanceof Error ? error.name : "error"})`;
  }
  if (!signing) return `no signing key is active yet`;
  if (!keys.some((k) => k.kid === signing.kid)) return `${url} does not list the key that signs now (kid ${signing.kid})`;
  return null;
}

export async function assertPublisherCanBeAssumed(deps: FederationDeps, bucket: string): Promise<void> {
  const problem = await publishedKeyProblem(deps);
  if (!problem) return;
  const roleArn = deps.identityProvider?.publishRoleArn ?? "";
  throw new AppError(
    "AWS_ERROR",
    `Frontdesk cannot upload to the bucket ${bucket} as the publisher role ${roleArn} yet: AWS verifies the publisher's token against the issuer's JWKS, and ${problem}. ` +
      `The first publication must come from somewhere AWS can already read: upload the documents once with an admin's credentials ` +
      `(npm run idp:documents -- <dir>, then copy <dir> to the bucket under the issuer's path), or serve the issuer from Frontdesk. See README, No standing AWS keys.`,
  );
}
