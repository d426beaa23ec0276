// The role check for web-identity and saml roles: does the trust policy IAM holds accept a token
// (or assertion) Frontdesk would mint for this role, through Frontdesk's provider, with the
// audience and the frontdesk:role tag pinned, and sts:TagSession and sts:SetSourceIdentity
// allowed? And does it refuse one minted for another role? Judged with trust-policy.ts's
// evaluator on sample requests. Pure: the policy comes in as data.
import { ROLE_BINDING_TAG } from "@/lib/aws/limits";
import { conditionsAllow, providerKeyPrefix, samlRequestContext, webIdentityRequestContext, type Conditions } from "@/lib/federation/trust-policy";
import { webIdentityClaims } from "@/lib/federation/web-identity-token";
import type { MintMode } from "./mint-mode";
import type { CatalogRole } from "./schema";

export interface Check {
  label: string;
  ok: boolean;
  detail?: string;
}

export interface FederatedTrustContext {
  mode: Exclude<MintMode, "assume-role">;
  /** Frontdesk's OpenID issuer and audience (web-identity). */
  issuer: string;
  audience: string;
  /** The IAM SAML provider the role's account holds (saml). */
  samlProviderArn: string;
  /** The partition's SAML sign-in endpoint: the SAML:aud AWS puts in the request. */
  samlAudience: string;
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Condition?: Conditions;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v) => typeof v === "string") : typeof value === "string" ? [value] : []);
const covers = (patterns: string[], action: string) =>
  patterns.some((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`, "i").test(action));
const SAMPLE_PERSON = "frontdesk-role-check@example.com";

/** The OIDC provider ARN IAM gives Frontdesk's issuer in the role's account. */
export function oidcProviderArn(roleArn: string, issuer: string): string {
  const [, partition, account] = /^arn:([\w-]+):iam::(\d{12}):/.exec(roleArn) ?? [];
  return `arn:${partition ?? "aws"}:iam::${account ?? ""}:oidc-provider/${providerKeyPrefix(issuer)}`;
}

/** The request context AWS would evaluate for a session Frontdesk mints for `roleArn`. */
function sampleContext(ctx: FederatedTrustContext, roleArn: string): Record<string, string> {
  const tags = [{ Key: ROLE_BINDING_TAG, Value: roleArn }];
  if (ctx.mode === "saml") return samlRequestContext({ audience: ctx.samlAudience, subject: SAMPLE_PERSON, sourceIdentity: SAMPLE_PERSON, tags });
  const claims = webIdentityClaims({
    params: { roleArn, tags: [], sourceIdentity: SAMPLE_PERSON },
    issuer: ctx.issuer,
    audience: ctx.audience,
    now: new Date(0),
    lifetimeSeconds: 300,
  });
  return webIdentityRequestContext(ctx.issuer, claims as unknown as Record<string, unknown>);
}

export function checkFederatedTrust(role: Pick<CatalogRole, "arn">, trustPolicy: unknown, ctx: FederatedTrustContext): Check[] {
  const web = ctx.mode === "web-identity";
  const provider = web ? oidcProviderArn(role.arn, ctx.issuer) : ctx.samlProviderArn;
  const assumeAction = web ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRoleWithSAML";
  const audienceKey = web ? `${providerKeyPrefix(ctx.issuer)}:aud` : "SAML:aud";
  const audience = web ? ctx.audience : ctx.samlAudience;
  const raw: unknown = (trustPolicy as { Statement?: unknown } | null)?.Statement ?? [];
  const trusting = (Array.isArray(raw) ? raw : [raw])
    .filter((s): s is Statement => typeof s === "object" && s !== null)
    .filter((s) => s.Effect === "Allow" && asList((s.Principal as { Federated?: unknown } | undefined)?.Federated).includes(provider))
    .filter((s) => covers(asList(s.Action), assumeAction));
  const checks: Check[] = [
    {
      label: `Trust policy lets ${provider} call ${assumeAction}`,
      ok: trusting.length > 0,
      detail:
        trusting.length > 0
          ? undefined
          : `Add an Allow statement with Principal {"Federated": "${provider}"} and Action ${assumeAction} (deploy/aws/frontdesk-identity-provider.yaml).`,
    },
  ];
  if (trusting.length === 0) return checks;
  const pinned = (key: string, value: string) =>
    trusting.some((s) =>
      Object.entries(s.Condition?.StringEquals ?? {}).some(([k, v]) => k.toLowerCase() === key.toLowerCase() && asList(v).every((x) => x === value)),
    );
  const roleKey = `aws:RequestTag/${ROLE_BINDING_TAG}`;
  const pins: [string, boolean, string][] = [
    [`Audience pinned (${audienceKey} = ${audience})`, pinned(audienceKey, audience), `Add StringEquals "${audienceKey}": "${audience}".`],
    [
      `Role pinned (${roleKey} = the role's own ARN)`,
      pinned(roleKey, role.arn),
      `Add StringEquals "${roleKey}": "${role.arn}", so a token minted for another role is refused.`,
    ],
  ];
  for (const [label, ok, fix] of pins) checks.push({ label, ok, detail: ok ? undefined : fix });
  for (const action of ["sts:TagSession", "sts:SetSourceIdentity"]) {
    const ok = trusting.some((s) => covers(asList(s.Action), action));
    checks.push({
      label: `Trust policy allows ${action} for Frontdesk's provider`,
      ok,
      detail: ok ? undefined : `Add "${action}" to the statement that trusts ${provider}.`,
    });
  }
  const accepts = trusting.some((s) => conditionsAllow(s.Condition ?? {}, sampleContext(ctx, role.arn)));
  checks.push({
    label: `Accepts a ${web ? "token" : "SAML assertion"} Frontdesk mints for this role`,
    ok: accepts,
    detail: accepts ? undefined : "The trust policy's conditions refuse what Frontdesk sends (audience, subject, frontdesk:role tag or source identity).",
  });
  const other = `${role.arn}-other`;
  const refusesOther = !trusting.some((s) => conditionsAllow(s.Condition ?? {}, sampleContext(ctx, other)));
  checks.push({
    label: "Refuses one minted for another role",
    ok: refusesOther,
    detail: refusesOther ? undefined : `Any token from Frontdesk's provider is accepted: pin ${roleKey} to the role's own ARN.`,
  });
  return checks;
}
