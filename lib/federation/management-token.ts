// The tokens Frontdesk signs for itself to assume its own roles with no AWS credentials
// (AssumeRoleWithWebIdentity): an account's management role (subject frontdesk:management) and the
// publisher role that uploads the discovery document and JWKS (subject frontdesk:publisher); no
// tags, no source identity. A person's token can never carry that subject: people's subjects are their sanitised
// emails, and sanitising removes ":" (lib/aws/limits SOURCE_IDENTITY); and a person's role trust
// policy requires a source identity and the frontdesk:role tag, which this token has neither of.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { WEB_IDENTITY_TOKEN } from "@/lib/aws/limits";
import { federationOrThrow } from "./settings";
import { activeSigner, type FederationDeps } from "./signing-keys";
import { MANAGEMENT_SUBJECT, PUBLISHER_SUBJECT } from "./trust-policy";

export { MANAGEMENT_SUBJECT, PUBLISHER_SUBJECT };

export function signManagementToken(deps: FederationDeps): Promise<string> {
  return signServiceToken(deps, MANAGEMENT_SUBJECT);
}

export function signPublisherToken(deps: FederationDeps): Promise<string> {
  return signServiceToken(deps, PUBLISHER_SUBJECT);
}

async function signServiceToken(deps: FederationDeps, subject: typeof MANAGEMENT_SUBJECT | typeof PUBLISHER_SUBJECT): Promise<string> {
  const settings = federationOrThrow(deps.identityProvider);
  const signer = await activeSigner(deps);
  const iat = Math.floor(deps.now().getTime() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: WEB_IDENTITY_TOKEN.algorithm, kid: signer.kid, typ: "JWT" })
    .setIssuer(settings.issuer)
    .setSubject(subject)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + settings.tokenLifetimeSeconds)
    .sign(signer.privateKey);
}
