// The OpenID token Frontdesk signs for one AssumeRoleWithWebIdentity: one person, one role, one
// window, minutes long. Claims are built by a pure function (tested against what trust policies
// check); signing uses jose with the active key.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { ROLE_BINDING_TAG, WEB_IDENTITY_CLAIMS, WEB_IDENTITY_TOKEN } from "@/lib/aws/limits";
import type { AssumeRoleParams } from "@/lib/aws/sts";
import type { SessionTag } from "@/lib/aws/limits";
import type { Signer } from "./signing-keys";

/** The session's tags as federated sessions carry them: the request's tags plus the role they were minted for. */
export function federatedTags(params: Pick<AssumeRoleParams, "roleArn" | "tags">): SessionTag[] {
  return [...params.tags, { Key: ROLE_BINDING_TAG, Value: params.roleArn }];
}

export interface WebIdentityClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  [WEB_IDENTITY_CLAIMS.sourceIdentity]: string;
  [WEB_IDENTITY_CLAIMS.tags]: { principal_tags: Record<string, [string]>; transitive_tag_keys?: string[] };
}

export function webIdentityClaims(input: {
  params: Pick<AssumeRoleParams, "roleArn" | "tags" | "transitiveTagKeys" | "sourceIdentity">;
  issuer: string;
  audience: string;
  now: Date;
  lifetimeSeconds: number;
  jti?: string;
}): WebIdentityClaims {
  const iat = Math.floor(input.now.getTime() / 1000);
  const transitive = input.params.transitiveTagKeys ?? [];
  return {
    iss: input.issuer,
    sub: input.params.sourceIdentity,
    aud: input.audience,
    iat,
    nbf: iat,
    exp: iat + input.lifetimeSeconds,
    jti: input.jti ?? randomUUID(),
    [WEB_IDENTITY_CLAIMS.sourceIdentity]: input.params.sourceIdentity,
    [WEB_IDENTITY_CLAIMS.tags]: {
      // AWS wants each tag value as a one-element array.
      principal_tags: Object.fromEntries(federatedTags(input.params).map((t) => [t.Key, [t.Value]])),
      ...(transitive.length > 0 ? { transitive_tag_keys: transitive } : {}),
    },
  };
}

export async function signWebIdentityToken(claims: WebIdentityClaims, signer: Signer): Promise<string> {
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: WEB_IDENTITY_TOKEN.algorithm, kid: signer.kid, typ: "JWT" }).sign(signer.privateKey);
  if (token.length > WEB_IDENTITY_TOKEN.maxLength)
    throw new Error(`The web-identity token is ${token.length} characters; STS accepts at most ${WEB_IDENTITY_TOKEN.maxLength}.`);
  return token;
}
