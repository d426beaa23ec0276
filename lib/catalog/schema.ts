// The access catalog: which AWS accounts and roles exist, who may request each role and who
// approves it. Admins edit it as code; it is validated at boot.
import { z } from "zod";
import {
  ACCOUNT_ID,
  ASSUME_ROLE_DURATION,
  EXTERNAL_ID,
  MANAGED_POLICY_ARN,
  PARTITIONS,
  ROLE_ARN,
  ROLE_BINDING_TAG,
  ROLE_MAX_SESSION_DURATION,
  SESSION_POLICY,
  SESSION_TAGS,
  TAG_KEY,
  tagValueProblem,
} from "@/lib/aws/limits";
import { parseDuration } from "@/lib/duration";
// Issue 18 (many accounts): management roles and revocation spill-over, defined in their own file.
import { accountManagementSchema, managementDefaultsSchema, revocationSettingsSchema } from "./management-schema";
import { mintModeFor } from "./mint-mode";
import { MINT_MODES, mintingSettingsSchema } from "./mint-mode-schema";

export { PARTITIONS, type Partition } from "@/lib/aws/limits";

const duration = (minSeconds: number, maxSeconds: number) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const seconds = typeof value === "number" ? value : parseDuration(value);
    if (seconds === null) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a duration; write it like 30m, 4h or 1h30m` });
      return z.NEVER;
    }
    if (seconds < minSeconds || seconds > maxSeconds) {
      ctx.addIssue({
        code: "custom",
        message: `must be between ${minSeconds / 60} minutes and ${maxSeconds / 3600} hours`,
      });
      return z.NEVER;
    }
    return seconds;
  });

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and dashes (at most 63 characters)");
const groupList = z.array(z.string().min(1)).min(1, "must name at least one group");

// AWS's own rules (STS AssumeRole and IAM tags) come from lib/aws/limits.
const tagKey = z
  .string()
  .regex(TAG_KEY, `tag keys are 1–${SESSION_TAGS.keyMaxLength} letters, digits, spaces or _.:/=+-@`)
  .refine((key) => !key.toLowerCase().startsWith(SESSION_TAGS.reservedPrefix), `tag keys may not start with ${SESSION_TAGS.reservedPrefix}`)
  .refine((key) => !key.toLowerCase().startsWith("frontdesk:"), "the frontdesk: tag prefix is reserved for Frontdesk's own tags");

/** A map keyed by tag keys, each key checked with its own message (zod's record keys report only "invalid key"). */
const tagRecord = (value: z.ZodType<string>) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      const result = tagKey.safeParse(key);
      if (!result.success) ctx.addIssue({ code: "custom", path: [key], message: result.error.issues[0]?.message ?? "invalid tag key" });
    }
  });

const sessionPolicy = z
  .string()
  .max(SESSION_POLICY.maxLength, `session policies are at most ${SESSION_POLICY.maxLength} characters`)
  .regex(SESSION_POLICY.characters, "session policies may only contain characters U+0020–U+00FF, tab and newlines")
  .refine((text) => {
    try {
      const doc = JSON.parse(text) as { Statement?: unknown };
      return typeof doc === "object" && doc !== null && doc.Statement !== undefined;
    } catch {
      return false;
    }
  }, "must be a JSON IAM policy document with a Statement");

const accountSchema = z.strictObject({
  id: z.string().regex(ACCOUNT_ID, "must be a 12-digit AWS account id (quote it in YAML)"),
  name: z.string().min(1),
  partition: z.enum(PARTITIONS).default("aws"),
  // Issue 18 block: the role Frontdesk assumes here for IAM (overrides the catalog's default).
  management: accountManagementSchema.optional(),
  /** How sessions in this account are minted, unless a role says otherwise (see minting.default). */
  mint: z.enum(MINT_MODES).optional(),
  /** Where the account sits in AWS Organizations: OU ids and/or names from the root, joined by "/" (templates select by it). */
  ou: z.string().min(1).optional(),
});

const roleSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().default(""),
  account: z.string().regex(ACCOUNT_ID, "must be a 12-digit AWS account id (quote it in YAML)"),
  arn: z.string().regex(ROLE_ARN, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/Name"),
  /** The longest access window a person may ask for. */
  maxDuration: duration(ASSUME_ROLE_DURATION.minSeconds, 7 * 86_400),
  /** The role's MaxSessionDuration in IAM (1 h to 12 h there): one AWS session never lasts longer. */
  maxSessionDuration: duration(ROLE_MAX_SESSION_DURATION.minSeconds, ROLE_MAX_SESSION_DURATION.maxSeconds).default(ROLE_MAX_SESSION_DURATION.defaultSeconds),
  /** Shorthand for a one-approval rule of its own: a request nobody decides within this time expires. */
  pendingTimeout: duration(ASSUME_ROLE_DURATION.minSeconds, 30 * 86_400).default(86_400),
  /** Shorthand for a one-approval rule of its own: IdP groups whose members may request this role. */
  requesters: groupList.optional(),
  /** Shorthand for a one-approval rule of its own: IdP groups whose members approve it. */
  approvers: groupList.optional(),
  /** Required by the role's trust policy (sts:ExternalId). */
  externalId: z.string().regex(EXTERNAL_ID.pattern, `must be ${EXTERNAL_ID.min}–${EXTERNAL_ID.max} characters of letters, digits and _+=,.@:/-`).optional(),
  /** Narrows every session: an inline session policy and/or managed policies (at most 10). */
  sessionPolicy: sessionPolicy.optional(),
  managedPolicyArns: z
    .array(z.string().regex(MANAGED_POLICY_ARN, "must be a managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess"))
    .max(SESSION_POLICY.maxManagedArns, `AWS allows at most ${SESSION_POLICY.maxManagedArns} managed session policies`)
    .default([]),
  /** Extra session tags: fixed values, and values taken from the person's IdP claims. */
  sessionTags: z
    .strictObject({
      static: tagRecord(
        z.string().superRefine((value, ctx) => {
          const problem = tagValueProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: `the tag value ${problem}` });
        }),
      ).default({}),
      fromClaims: tagRecord(z.string().min(1)).default({}),
      /**
       * A person's claim value that AWS would refuse even after unusable characters are replaced
       * (one beginning with "aws:"): "refuse" (the default) issues nothing and tells the person
       * which claim to have fixed; "drop" leaves that one tag out of the session. Absent: "refuse".
       */
      unsendableClaim: z.enum(["refuse", "drop"]).optional(),
    })
    .default({ static: {}, fromClaims: {} }),
  /** Session tags that carry over into role-chained sessions. */
  transitiveTagKeys: z.array(z.string().min(1)).max(SESSION_TAGS.maxTransitiveKeys).default([]),
  /** Where "Open AWS console" lands: a console path and an optional region. */
  console: z
    .strictObject({
      path: z
        .string()
        .regex(/^\/[\w\-./?=&%#]*$/, "must be a console path such as /ec2/home")
        .default("/"),
      region: z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be a region such as eu-west-1")
        .optional(),
    })
    .default({ path: "/" }),
  /** How this role's sessions are minted: assume-role, web-identity or saml (default: its account's, then minting.default). */
  mint: z.enum(MINT_MODES).optional(),
  /** Frontdesk may put revocation deny statements on this role (needs iam:PutRolePolicy on it). */
  managed: z.boolean().default(false),
});

const email = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address")
  .transform((value) => value.toLowerCase());

/** People named by IdP group and/or by email. A plain list is a list of groups. */
const principals = z
  .union([
    z.array(z.string().min(1)).transform((groups) => ({ groups, users: [] as string[] })),
    z.strictObject({ groups: z.array(z.string().min(1)).default([]), users: z.array(email).default([]) }),
  ])
  .refine((p) => p.groups.length + p.users.length > 0, "must name at least one group or user");

const pattern = z.string().refine((source) => {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}, "is not a valid regular expression");

const ruleSchema = z.strictObject({
  id,
  description: z.string().default(""),
  /** The roles this rule covers, by id; and/or every role in these accounts. */
  roles: z.array(id).default([]),
  accounts: z.array(z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)")).default([]),
  /** Who may ask. */
  requesters: principals,
  /** Who decides. The requester never counts, whatever groups they are in. */
  approvers: principals,
  /** Approvals from distinct approvers needed (N of N-of-M). One person counts once. */
  approvals: z.number().int().min(1).max(10).default(1),
  /** The longest window under this rule (the role's maxDuration caps it too). */
  maxDuration: duration(ASSUME_ROLE_DURATION.minSeconds, 7 * 86_400).optional(),
  /** A request nobody decides within this time expires. */
  pendingTimeout: duration(ASSUME_ROLE_DURATION.minSeconds, 30 * 86_400).default(86_400),
  /** A change or incident reference: whether it is required, and what it must look like. */
  ticket: z
    .strictObject({
      required: z.boolean().default(false),
      pattern: pattern.optional(),
      /** Shown as the field's placeholder, e.g. OPS-1234. */
      example: z.string().max(64).optional(),
    })
    .default({ required: false }),
  /** Whether an approver must explain a denial. */
  denyComment: z.enum(["required", "optional"]).default("required"),
  /** Requests matching all of these are approved without anyone: members of these groups, for at most this long. */
  autoApprove: z
    .strictObject({
      groups: groupList,
      maxDuration: duration(ASSUME_ROLE_DURATION.minSeconds, 7 * 86_400),
    })
    .optional(),
  /** Emergency access: these groups may self-activate with a reason, for a short capped window, reviewed afterwards. */
  breakGlass: z
    .strictObject({
      groups: groupList,
      // Never longer than one AWS session can last.
      maxDuration: duration(ASSUME_ROLE_DURATION.minSeconds, ASSUME_ROLE_DURATION.maxSeconds).default(3600),
    })
    .optional(),
  /** Multi-factor sign-in required to request (and mint) under this rule, and to approve it. */
  mfa: z.strictObject({ request: z.boolean().default(false), approve: z.boolean().default(false) }).default({ request: false, approve: false }),
  /**
   * Keeping a pending request moving: its approvers are reminded `remindBefore` it would expire;
   * when nobody decided `after` its creation, the backup approvers `to` are asked too (they may
   * decide at any time, they are only pinged then); a requester may nudge the approvers once per
   * `nudgeEvery`.
   */
  escalation: z
    .strictObject({
      remindBefore: duration(60, 30 * 86_400).default(3600),
      after: duration(60, 30 * 86_400).optional(),
      to: principals.optional(),
      nudgeEvery: duration(60, 7 * 86_400).default(3600),
    })
    .default({ remindBefore: 3600, nudgeEvery: 3600 }),
  /** Where people hear about requests under this rule. */
  notify: z
    .strictObject({
      slack: z
        .strictObject({
          /** Channel ids (C…) or names the bot is in. */
          channels: z.array(z.string().min(1)).default([]),
          /** Also send each approver a direct message (found by email). */
          dmApprovers: z.boolean().default(false),
          /** Approve and deny buttons that act from Slack itself (off: the buttons open the portal). */
          interactive: z.boolean().default(false),
        })
        .optional(),
      email: z
        .strictObject({
          /** Mail every approver who has signed in to Frontdesk. */
          approvers: z.boolean().default(true),
          /** And these addresses. */
          to: z.array(email).default([]),
        })
        .optional(),
    })
    .default({}),
});

export const catalogSchema = z
  .strictObject({
    admins: z.array(z.string().min(1)).default([]),
    accounts: z.array(accountSchema).min(1, "must list at least one account"),
    roles: z.array(roleSchema).min(1, "must list at least one role"),
    rules: z.array(ruleSchema).default([]),
    /**
     * Names used in this catalog for identity-provider groups: `engineering: [Okta-Engineering,
     * 3f2a…]` lets rules say `engineering` for any of those IdP groups (Entra sends group ids).
     */
    groups: z.record(z.string().min(1), z.array(z.string().min(1)).min(1, "must list at least one IdP group")).default({}),
    // Issue 18 block: the management role every account has by default, and revocation spill-over.
    management: managementDefaultsSchema.optional(),
    revocation: revocationSettingsSchema,
    /** The default mint mode and the SAML provider's name in each account. */
    minting: mintingSettingsSchema,
  })
  .superRefine((catalog, ctx) => {
    const roleIds = new Set(catalog.roles.map((r) => r.id));
    const accountIds = new Set(catalog.accounts.map((a) => a.id));
    catalog.rules.forEach((rule, index) => {
      if (catalog.rules.findIndex((r) => r.id === rule.id) !== index || roleIds.has(rule.id)) {
        ctx.addIssue({ code: "custom", path: ["rules", index, "id"], message: `duplicate id ${rule.id} (rule and role ids share one namespace)` });
      }
      if (rule.roles.length + rule.accounts.length === 0) {
        ctx.addIssue({ code: "custom", path: ["rules", index], message: "must name the roles or accounts it covers" });
      }
      rule.roles.forEach((roleId, i) => {
        if (!roleIds.has(roleId)) ctx.addIssue({ code: "custom", path: ["rules", index, "roles", i], message: `no role with id ${roleId}` });
      });
      rule.accounts.forEach((accountId, i) => {
        if (!accountIds.has(accountId)) ctx.addIssue({ code: "custom", path: ["rules", index, "accounts", i], message: `no account with id ${accountId}` });
      });
      const namedOnly = rule.approvers.groups.length === 0 && rule.approvers.users.length > 0;
      if (namedOnly && rule.approvals > rule.approvers.users.length) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "approvals"],
          message: `needs ${rule.approvals} approvals but names only ${rule.approvers.users.length} approver(s)`,
        });
      }
      if (rule.autoApprove && rule.maxDuration !== undefined && rule.autoApprove.maxDuration > rule.maxDuration) {
        ctx.addIssue({ code: "custom", path: ["rules", index, "autoApprove", "maxDuration"], message: "is longer than the rule's maxDuration" });
      }
      if ((rule.escalation.after === undefined) !== (rule.escalation.to === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "escalation", rule.escalation.after === undefined ? "after" : "to"],
          message: "is required (after and to go together: when to ask the backup approvers, and who they are)",
        });
      }
      if (rule.escalation.after !== undefined && rule.escalation.after >= rule.pendingTimeout) {
        ctx.addIssue({ code: "custom", path: ["rules", index, "escalation", "after"], message: "must be shorter than the rule's pendingTimeout" });
      }
      if (rule.notify.slack?.interactive && rule.mfa.approve) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "notify", "slack", "interactive"],
          message: "cannot be on when approving needs multi-factor sign-in (Slack cannot prove it)",
        });
      }
    });
    catalog.roles.forEach((role, index) => {
      if ((role.requesters === undefined) !== (role.approvers === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["roles", index, role.requesters ? "approvers" : "requesters"],
          message: "is required (requesters and approvers go together)",
        });
      }
    });
  })
  .superRefine((catalog, ctx) => {
    const accounts = new Map(catalog.accounts.map((a) => [a.id, a]));
    catalog.accounts.forEach((account, index) => {
      if (catalog.accounts.findIndex((a) => a.id === account.id) !== index) {
        ctx.addIssue({ code: "custom", path: ["accounts", index, "id"], message: `duplicate account id ${account.id}` });
      }
    });
    catalog.roles.forEach((role, index) => {
      if (catalog.roles.findIndex((r) => r.id === role.id) !== index) {
        ctx.addIssue({ code: "custom", path: ["roles", index, "id"], message: `duplicate role id ${role.id}` });
      }
      const account = accounts.get(role.account);
      if (!account) {
        ctx.addIssue({ code: "custom", path: ["roles", index, "account"], message: `no account with id ${role.account}` });
        return;
      }
      const mode = mintModeFor(catalog, role);
      if (mode !== "assume-role" && role.externalId !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["roles", index, "externalId"],
          message: `applies to assume-role only: a ${mode} role is trusted through Frontdesk's identity provider, and STS takes no external id there (remove it, or mint this role with assume-role)`,
        });
      }
      const tagKeys = [
        "frontdesk:request-id",
        "frontdesk:requester",
        "frontdesk:approvers",
        "frontdesk:mfa",
        // Federated sessions also carry the role they were minted for (trust policies pin it).
        ...(mode === "assume-role" ? [] : [ROLE_BINDING_TAG]),
        ...Object.keys(role.sessionTags.static),
        ...Object.keys(role.sessionTags.fromClaims),
      ].map((key) => key.toLowerCase());
      const duplicate = tagKeys.find((key, i) => tagKeys.indexOf(key) !== i);
      if (duplicate) {
        ctx.addIssue({ code: "custom", path: ["roles", index, "sessionTags"], message: `tag key ${duplicate} is set twice (keys ignore case)` });
      }
      if (tagKeys.length > SESSION_TAGS.max) {
        ctx.addIssue({ code: "custom", path: ["roles", index, "sessionTags"], message: `AWS allows at most ${SESSION_TAGS.max} session tags` });
      }
      role.transitiveTagKeys.forEach((key, keyIndex) => {
        if (!tagKeys.includes(key.toLowerCase())) {
          ctx.addIssue({ code: "custom", path: ["roles", index, "transitiveTagKeys", keyIndex], message: `${key} is not one of this role's session tags` });
        }
      });
      const [, partition, arnAccount] = ROLE_ARN.exec(role.arn) ?? [];
      if (arnAccount !== role.account || partition !== account.partition) {
        ctx.addIssue({
          code: "custom",
          path: ["roles", index, "arn"],
          message: `must be a role in account ${role.account} (partition ${account.partition})`,
        });
      }
    });
  })
  .transform((catalog) => mapGroups({ ...catalog, rules: [...catalog.rules, ...shorthandRules(catalog.roles)] }));

export type Catalog = z.output<typeof catalogSchema>;
export type CatalogAccount = Catalog["accounts"][number];
export type CatalogRole = Catalog["roles"][number];
export type CatalogRule = z.output<typeof ruleSchema>;

/** Every group list in the catalog also names the IdP groups its catalog names stand for. */
function mapGroups<T extends { groups: Record<string, string[]>; admins: string[]; rules: CatalogRule[] }>(catalog: T): T {
  const expand = (names: string[]) => [...new Set(names.flatMap((name) => [name, ...(catalog.groups[name] ?? [])]))];
  return {
    ...catalog,
    admins: expand(catalog.admins),
    rules: catalog.rules.map((rule) => ({
      ...rule,
      requesters: { ...rule.requesters, groups: expand(rule.requesters.groups) },
      approvers: { ...rule.approvers, groups: expand(rule.approvers.groups) },
      escalation: rule.escalation.to ? { ...rule.escalation, to: { ...rule.escalation.to, groups: expand(rule.escalation.to.groups) } } : rule.escalation,
      autoApprove: rule.autoApprove && { ...rule.autoApprove, groups: expand(rule.autoApprove.groups) },
      breakGlass: rule.breakGlass && { ...rule.breakGlass, groups: expand(rule.breakGlass.groups) },
    })),
  };
}

/** A role that names its requesters and approvers has a one-approval rule of its own, with its id. */
function shorthandRules(roles: z.output<typeof roleSchema>[]): CatalogRule[] {
  return roles.flatMap((role) =>
    role.requesters && role.approvers
      ? [
          {
            id: role.id,
            description: "",
            roles: [role.id],
            accounts: [],
            requesters: { groups: role.requesters, users: [] },
            approvers: { groups: role.approvers, users: [] },
            approvals: 1,
            pendingTimeout: role.pendingTimeout,
            ticket: { required: false },
            denyComment: "required" as const,
            mfa: { request: false, approve: false },
            escalation: { remindBefore: 3600, nudgeEvery: 3600 },
            notify: {},
          },
        ]
      : [],
  );
}

/** The name of the role in its ARN (the last path segment), as it appears in assumed-role ARNs. */
export function roleNameFromArn(arn: string): string {
  return ROLE_ARN.exec(arn)?.[3] ?? arn;
}
