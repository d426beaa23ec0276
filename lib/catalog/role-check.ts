// Checks a catalog role against what IAM says about it: that it exists, lets sessions last as
// long as the catalog promises, and trusts Frontdesk to assume it with tags and a source identity.
// Pure: IAM's answers come in as data.
import { formatDuration } from "@/lib/duration";
import type { RoleFacts } from "@/lib/aws/directory";
import { checkFederatedTrust, type Check, type FederatedTrustContext } from "./federated-role-check";
import type { CatalogRole } from "./schema";

export interface RoleCheckResult {
  roleId: string;
  roleArn: string;
  ok: boolean;
  checks: Check[];
}

const REQUIRED_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] as const;

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v) => typeof v === "string") : typeof value === "string" ? [value] : []);

function wildcardMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return regex.test(value);
}

/** The principal strings a trust policy may use to name Frontdesk's identity. */
export function brokerPrincipals(callerArn: string): { matches(principal: string): boolean; describe: string } {
  const assumed = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn);
  const user = /^arn:([\w-]+):(?:iam|sts)::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(callerArn);
  const [, partition, account, name] = assumed ?? user ?? [];
  if (!partition || !account || !name) return { matches: () => false, describe: callerArn || "an unknown identity" };
  const kind = assumed ? "role" : "user";
  const identity = new RegExp(`^arn:${partition}:iam::${account}:${kind}/(?:.*/)?${name.replace(/[.+]/g, "\\$&")}$`);
  return {
    describe: `arn:${partition}:iam::${account}:${kind}/${name}`,
    matches: (principal) => principal === "*" || principal === account || principal === `arn:${partition}:iam::${account}:root` || identity.test(principal),
  };
}

function statementTrusts(statement: Statement, broker: ReturnType<typeof brokerPrincipals>): boolean {
  if (statement.Effect !== "Allow") return false;
  const principal = statement.Principal;
  const named = principal === "*" ? ["*"] : asList((principal as { AWS?: unknown } | undefined)?.AWS);
  return named.some((p) => broker.matches(p));
}

/** `managedVia`: the role's account has a management role Frontdesk assumes for IAM writes (issue 18). */
/** `federated`: the role is minted through Frontdesk's OpenID or SAML provider, so its trust policy is checked for that instead of Frontdesk's principal. */
export function checkRole(
  role: CatalogRole,
  facts: RoleFacts | null,
  callerArn: string,
  managedVia: string | null = null,
  federated: FederatedTrustContext | null = null,
): RoleCheckResult {
  const checks: Check[] = [];
  if (!facts) {
    checks.push({ label: "Role exists in IAM", ok: false, detail: `IAM has no role ${role.arn.split("/").pop()} in account ${role.account}.` });
    return { roleId: role.id, roleArn: role.arn, ok: false, checks };
  }
  checks.push({ label: "Role exists in IAM", ok: true });
  checks.push({
    label: `MaxSessionDuration is at least ${formatDuration(role.maxSessionDuration)}`,
    ok: facts.maxSessionDuration >= role.maxSessionDuration,
    detail:
      facts.maxSessionDuration >= role.maxSessionDuration
        ? undefined
        : `IAM allows ${formatDuration(facts.maxSessionDuration)}. Raise the role's MaxSessionDuration or lower maxSessionDuration in the catalog.`,
  });

  if (federated) checks.push(...checkFederatedTrust(role, facts.trustPolicy, federated));
  const broker = brokerPrincipals(callerArn);
  const statements: unknown = (facts.trustPolicy as { Statement?: unknown } | null)?.Statement ?? [];
  const trusting = (Array.isArray(statements) ? statements : [statements])
    .filter((s): s is Statement => typeof s === "object" && s !== null)
    .filter((s) => statementTrusts(s, broker));
  for (const action of federated ? [] : REQUIRED_ACTIONS) {
    const ok = trusting.some((s) => asList(s.Action).some((pattern) => wildcardMatches(pattern, action)));
    checks.push({
      label: `Trust policy allows ${broker.describe} to call ${action}`,
      ok,
      detail: ok ? undefined : `Add "${action}" to an Allow statement whose Principal is ${broker.describe} in the role's trust policy.`,
    });
  }
  if (role.managed && managedVia) {
    checks.push({ label: `Frontdesk can enforce revocations on this role (through ${managedVia})`, ok: true });
  } else if (role.managed && federated) {
    checks.push({
      label: "Frontdesk can enforce revocations on this role",
      ok: false,
      detail:
        "A web-identity or saml role is revoked at AWS only through its account's management role (management.mint: web-identity needs no AWS credentials). None is configured, so revocations stop issuing in Frontdesk but sessions already issued live until they expire.",
    });
  } else if (role.managed) {
    // Revocation writes the role's inline policy with Frontdesk's own credentials: IAM only allows
    // that within Frontdesk's own account.
    const callerAccount = /::(\d{12}):/.exec(callerArn)?.[1];
    const ok = callerAccount === role.account;
    checks.push({
      label: "Frontdesk can enforce revocations on this role (same account)",
      ok,
      detail: ok
        ? undefined
        : `Frontdesk runs in account ${callerAccount ?? "unknown"}, the role is in ${role.account}: its deny policies cannot be written. Give the account a management role in the catalog, or set managed: false for this role.`,
    });
  }
  if (role.externalId && !federated) {
    const ok = trusting.some((s) => asList(s.Condition?.StringEquals?.["sts:ExternalId"]).includes(role.externalId!));
    checks.push({
      label: "Trust policy requires the catalog's external id",
      ok,
      detail: ok ? undefined : "Add a StringEquals sts:ExternalId condition with the catalog's externalId.",
    });
  }
  return { roleId: role.id, roleArn: role.arn, ok: checks.every((c) => c.ok), checks };
}
