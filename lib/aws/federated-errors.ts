// STS's refusals of a token or assertion Frontdesk signed as the identity provider AWS trusts
// (web-identity and saml roles), in plain words: each names the IAM provider setting or the trust
// policy condition to check. Pure; errors.ts classifies everything else and calls this first for
// federated mints.

export type FederatedErrorCode = "FederatedTokenInvalid" | "FederatedClaimsRejected" | "FederatedTokenExpired" | "FederatedTrustMissing";

export interface FederatedFailure {
  /** AWS's error name. */
  name: string;
  mode: "web-identity" | "saml";
  /** "the role X", already safe to show. */
  role: string;
  /** " (AWS error: …)", already safe to show. */
  label: string;
  /** The lead-in that says an admin must act. */
  admin: string;
  /** AWS said the token or credentials expired. */
  expired: boolean;
  /** AWS said access denied. */
  denied: boolean;
}

const FEDERATED_INVALID = new Set(["InvalidIdentityToken", "InvalidIdentityTokenException"]);
const FEDERATED_REJECTED = new Set(["IDPRejectedClaim", "IDPRejectedClaimException"]);

/**
 * STS's refusals of a token or assertion Frontdesk signed as the identity provider: each names
 * the provider setting or trust policy condition to check (README, "No standing AWS keys").
 */
export function federatedRefusal(failure: FederatedFailure): { code: FederatedErrorCode; retryable: false; message: string } | null {
  const { name, mode, role, label, admin: ADMIN } = failure;
  const web = mode === "web-identity";
  if (FEDERATED_INVALID.has(name)) {
    return {
      code: "FederatedTokenInvalid",
      retryable: false,
      message: web
        ? `AWS could not verify the token Frontdesk signed for ${role}${label}. ${ADMIN} check the account's IAM OIDC provider: its URL must be ` +
          `Frontdesk's issuer exactly (FRONTDESK_IDP_ISSUER, default <NEXTAUTH_URL>/aws-idp), its audience must be FRONTDESK_IDP_AUDIENCE, and AWS must ` +
          `be able to fetch <issuer>/.well-known/openid-configuration and <issuer>/jwks.json (a published copy must hold the current keys).`
        : `AWS could not verify the SAML assertion Frontdesk signed for ${role}${label}. ${ADMIN} check the account's IAM SAML provider ` +
          `(minting.samlProvider in the catalog): it must hold Frontdesk's current metadata from <NEXTAUTH_URL>/aws-idp/saml/metadata, re-uploaded after each key rotation.`,
    };
  }
  if (FEDERATED_REJECTED.has(name)) {
    return {
      code: "FederatedClaimsRejected",
      retryable: false,
      message: web
        ? `AWS refused the claims in the token Frontdesk signed for ${role}${label}. ${ADMIN} check the role's trust policy: it must trust Frontdesk's ` +
          `IAM OIDC provider, pin <issuer>:aud to FRONTDESK_IDP_AUDIENCE and aws:RequestTag/frontdesk:role to the role's own ARN, accept this person in ` +
          `<issuer>:sub, and allow sts:TagSession and sts:SetSourceIdentity.`
        : `AWS refused the attributes in the SAML assertion Frontdesk signed for ${role}${label}. ${ADMIN} check the role's trust policy: it must trust ` +
          `the IAM SAML provider named in the catalog, pin SAML:aud to the partition's sign-in endpoint and aws:RequestTag/frontdesk:role to the role's ` +
          `own ARN, accept this person in SAML:sub, and allow sts:TagSession and sts:SetSourceIdentity.`,
    };
  }
  if (failure.expired) {
    return {
      code: "FederatedTokenExpired",
      retryable: false,
      message:
        `AWS found the ${web ? "token" : "SAML assertion"} Frontdesk signed for ${role} already expired${label}; it lives five minutes, so a clock is off. ` +
        `${ADMIN} synchronise the clock of Frontdesk's server (NTP).`,
    };
  }
  if (failure.denied) {
    return {
      code: "FederatedTrustMissing",
      retryable: false,
      message:
        `AWS refused to let ${web ? "Frontdesk's OpenID provider" : "Frontdesk's SAML provider"} assume ${role}${label}. ${ADMIN} the role's trust policy ` +
        `must allow ${web ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRoleWithSAML"}, sts:TagSession and sts:SetSourceIdentity for ` +
        `${web ? "the account's IAM OIDC provider for Frontdesk's issuer" : "the IAM SAML provider named in the catalog"} (deploy/aws/frontdesk-identity-provider.yaml).`,
    };
  }
  return null;
}
