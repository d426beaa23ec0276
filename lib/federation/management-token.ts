// The token Frontdesk signs for itself to assume an account's management role with no AWS
// credentials (AssumeRoleWithWebIdentity): subject frontdesk:management, no tags, no source
// identity. A person's token can never carry that subject: people's subjects are their sanitised
// emails, and sanitising removes ":" (lib/aws/limits SOURCE_IDENTITY); and a person's role trust
// policy requires a source identity and the frontdesk:role tag, which this token has neither of.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { WEB_IDENTITY_TOKEN } from "@/lib/aws/limits";
import { federationOrThrow } from "./settings";
import { activeSigner, type FederationDeps } from "./signing-keys";
import { MANAGEMENT_SUBJECT } from "./trust-policy";

export { MANAGEMENT_SUBJECT };

export async function signManagementToken(deps: FederationDeps): Promise<string> {
  const settings = federationOrThrow(deps.identityProvider);
  const signer = await activeSigner(deps);
  const iat = Math.floor(deps.now().getTime() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: WEB_IDENTITY_TOKEN.algorithm, kid: signer.kid, typ: "JWT" })
    .setIssuer(settings.issuer)
    .setSubject(MANAGEMENT_SUBJECT)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + settings.tokenLifetimeSeconds)
    .sign(signer.privateKey);
}
