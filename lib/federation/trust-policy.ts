// The trust policies a federated role needs, generated from the catalog (deploy/aws and the README
// show the same conditions), and the subset of IAM's condition evaluation they use, so a test can
// show that a token minted for one role or person is refused by another role's policy.
import { ROLE_BINDING_TAG, WEB_IDENTITY_CLAIMS } from "@/lib/aws/limits";

/** The subject of the token Frontdesk signs for itself to assume management roles (management-token.ts). */
export const MANAGEMENT_SUBJECT = "frontdesk:management";
/** The subject of the token Frontdesk signs to assume its publisher role (uploads of the discovery document and JWKS). */
export const PUBLISHER_SUBJECT = "frontdesk:publisher";

export type Conditions = Partial<Record<"StringEquals" | "StringLike" | "Null", Record<string, string | string[]>>>;
export interface TrustStatement {
  Effect: "Allow";
  Principal: { Federated: string };
  Action: string[];
  Condition: Conditions;
}

/** "https://frontdesk.example.com/aws-idp" → "frontdesk.example.com/aws-idp", IAM's prefix for the provider's condition keys. */
export function providerKeyPrefix(issuer: string): string {
  return issuer.replace(/^https?:\/\//, "").replace(/\/+$/, "");
}

export function webIdentityTrustStatement(input: {
  providerArn: string;
  issuer: string;
  audience: string;
  roleArn: string;
  subjects?: string[];
}): TrustStatement {
  const prefix = providerKeyPrefix(input.issuer);
  return {
    Effect: "Allow",
    Principal: { Federated: input.providerArn },
    Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity"],
    Condition: {
      // The token was minted for this role (Frontdesk sets the tag per role) and for Frontdesk's audience.
      StringEquals: { [`${prefix}:aud`]: input.audience, [`aws:RequestTag/${ROLE_BINDING_TAG}`]: input.roleArn },
      // Which people this role accepts (their SourceIdentity is the token's subject).
      StringLike: { [`${prefix}:sub`]: input.subjects ?? ["*"] },
      Null: { "sts:SourceIdentity": "false" },
    },
  };
}

/**
 * The management role's trust in a deployment with no AWS credentials: only Frontdesk's own token
 * (subject frontdesk:management, see management-token.ts), never a person's.
 */
export function managementTrustStatement(input: { providerArn: string; issuer: string; audience: string }): TrustStatement {
  return serviceTrustStatement(input, MANAGEMENT_SUBJECT);
}

/** The publisher role's trust: only Frontdesk's token with subject frontdesk:publisher (it may only put the published documents). */
export function publisherTrustStatement(input: { providerArn: string; issuer: string; audience: string }): TrustStatement {
  return serviceTrustStatement(input, PUBLISHER_SUBJECT);
}

function serviceTrustStatement(input: { providerArn: string; issuer: string; audience: string }, subject: string): TrustStatement {
  const prefix = providerKeyPrefix(input.issuer);
  return {
    Effect: "Allow",
    Principal: { Federated: input.providerArn },
    Action: ["sts:AssumeRoleWithWebIdentity"],
    Condition: { StringEquals: { [`${prefix}:aud`]: input.audience, [`${prefix}:sub`]: subject } },
  };
}

export function samlTrustStatement(input: { providerArn: string; roleArn: string; signinEndpoint: string; subjects?: string[] }): TrustStatement {
  return {
    Effect: "Allow",
    Principal: { Federated: input.providerArn },
    Action: ["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"],
    Condition: {
      StringEquals: { "SAML:aud": input.signinEndpoint, [`aws:RequestTag/${ROLE_BINDING_TAG}`]: input.roleArn },
      StringLike: { "SAML:sub": input.subjects ?? ["*"] },
      Null: { "sts:SourceIdentity": "false" },
    },
  };
}

/** The request context IAM builds from a web-identity token's claims. */
export function webIdentityRequestContext(issuer: string, claims: Record<string, unknown>): Record<string, string> {
  const prefix = providerKeyPrefix(issuer);
  const context: Record<string, string> = {};
  if (typeof claims.aud === "string") context[`${prefix}:aud`] = claims.aud;
  if (typeof claims.sub === "string") context[`${prefix}:sub`] = claims.sub;
  const source = claims[WEB_IDENTITY_CLAIMS.sourceIdentity];
  if (typeof source === "string") context["sts:SourceIdentity"] = source;
  const tags = (claims[WEB_IDENTITY_CLAIMS.tags] as { principal_tags?: Record<string, string[]> } | undefined)?.principal_tags ?? {};
  for (const [key, [value]] of Object.entries(tags)) if (value !== undefined) context[`aws:RequestTag/${key}`] = value;
  return context;
}

/** The request context IAM builds from a SAML assertion's audience, subject and attributes. */
export function samlRequestContext(input: { audience: string; subject: string; sourceIdentity: string; tags: readonly { Key: string; Value: string }[] }) {
  const context: Record<string, string> = { "SAML:aud": input.audience, "SAML:sub": input.subject, "sts:SourceIdentity": input.sourceIdentity };
  for (const tag of input.tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", ".*")
      .replaceAll("?", ".")}$`,
  ).test(value);

/** Whether every condition holds (IAM: all operators AND, values within one key OR; keys compared case-insensitively). */
export function conditionsAllow(conditions: Conditions, context: Record<string, string>): boolean {
  const lookup = (key: string) => Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const all = (block: Record<string, string | string[]> | undefined, test: (value: string | undefined, wanted: string) => boolean) =>
    Object.entries(block ?? {}).every(([key, wanted]) => [wanted].flat().some((w) => test(lookup(key), w)));
  return (
    all(conditions.StringEquals, (v, w) => v === w) &&
    all(conditions.StringLike, (v, w) => v !== undefined && like(w, v)) &&
    all(conditions.Null, (v, w) => (w === "true" ? v === undefined : v !== undefined))
  );
}
