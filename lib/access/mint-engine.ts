// One adapter per mint mode turns the session's facts (the same AssumeRoleParams, whatever the
// mode) into an STS call or, for a SAML console session, into a signed response the browser posts
// to AWS. Federated modes use no AWS credentials: Frontdesk signs as the identity provider.
import { samlSigninEndpoint } from "@/lib/aws/console-link";
import type { Partition } from "@/lib/aws/limits";
import type { AssumeRoleParams, TemporaryCredentials } from "@/lib/aws/sts";
import { mintModeFor, samlProviderArn, type MintMode } from "@/lib/catalog/mint-mode";
import type { CatalogRole } from "@/lib/catalog/schema";
import type { Deps } from "@/lib/context";
import { federationOrThrow } from "@/lib/federation/settings";
import { activeSigner } from "@/lib/federation/signing-keys";
import { signWebIdentityToken, webIdentityClaims } from "@/lib/federation/web-identity-token";

export interface MintedSession {
  assumedRoleId: string;
  expiresAt: Date;
  packedPolicySize: number | null;
  /** Absent only for a SAML console sign-in, whose session AWS starts when the browser posts. */
  credentials?: TemporaryCredentials;
  /** The form post that starts a SAML console session: where, and the base64 SAMLResponse. */
  samlPost?: { url: string; samlResponse: string };
}

/** Sessions minted with Frontdesk's own credentials are role-chained when it runs on a role; federated ones never are. */
export function isCappedByBroker(mode: MintMode): boolean {
  return mode === "assume-role";
}

export async function mintWithEngine(
  deps: Deps,
  input: { role: CatalogRole; partition: Partition; params: AssumeRoleParams; kind: "CONSOLE" | "CREDENTIALS" },
): Promise<MintedSession> {
  const { role, params, partition, kind } = input;
  const mode = mintModeFor(deps.catalog, role);
  if (mode === "assume-role") return fromSession(await deps.aws.assumeRole(params));
  const federation = federationOrThrow(deps.identityProvider);
  const signer = await activeSigner(deps);
  const now = deps.now();
  if (mode === "web-identity") {
    const claims = webIdentityClaims({
      params,
      issuer: federation.issuer,
      audience: federation.audience,
      now,
      lifetimeSeconds: federation.tokenLifetimeSeconds,
    });
    const webIdentityToken = await signWebIdentityToken(claims, signer);
    return fromSession(await deps.aws.assumeRoleWithWebIdentity({ ...params, webIdentityToken }));
  }
  const principalArn = samlProviderArn(deps.catalog, role);
  const recipient = samlSigninEndpoint(partition);
  // The XML signing libraries load with the first SAML mint, not at start-up.
  const { buildSamlResponse, signSamlResponse } = await import("@/lib/federation/saml-response");
  const response = buildSamlResponse({
    params,
    principalArn,
    issuer: federation.samlEntityId,
    recipient,
    now,
    lifetimeSeconds: federation.tokenLifetimeSeconds,
  });
  const samlResponse = signSamlResponse(response, signer);
  if (kind === "CONSOLE") {
    // AWS starts this session when the browser posts; no credentials pass through Frontdesk.
    return {
      assumedRoleId: `saml-console:${params.sessionName}`,
      expiresAt: new Date(now.getTime() + params.durationSeconds * 1000),
      packedPolicySize: null,
      samlPost: { url: federation.samlSigninUrl ?? recipient, samlResponse },
    };
  }
  return fromSession(await deps.aws.assumeRoleWithSaml({ ...params, samlAssertion: samlResponse, principalArn }));
}

function fromSession(session: { credentials: TemporaryCredentials; assumedRoleId: string; packedPolicySize: number | null }): MintedSession {
  return {
    credentials: session.credentials,
    assumedRoleId: session.assumedRoleId,
    expiresAt: session.credentials.expiration,
    packedPolicySize: session.packedPolicySize,
  };
}
