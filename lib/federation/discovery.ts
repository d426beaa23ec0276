// What AWS fetches from Frontdesk's OpenID issuer: the discovery document and the JWKS. Served by
// Frontdesk itself (app/aws-idp) or published to a static location (publish-discovery.ts).
import type { JWK } from "jose";
import type { StoredKey } from "./signing-keys";

export function discoveryDocument(issuer: string) {
  return {
    issuer,
    jwks_uri: `${issuer}/jwks.json`,
    // AWS never calls these; the discovery schema requires them.
    authorization_endpoint: `${issuer}/authorize`,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["sub", "aud", "iss", "iat", "exp", "jti", "https://aws.amazon.com/tags", "https://aws.amazon.com/source_identity"],
  };
}

export function jwksDocument(keys: readonly Pick<StoredKey, "publicJwk">[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}
