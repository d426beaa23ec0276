// The access catalog: which AWS accounts and roles exist, who may request each role and who
// approves it. Admins edit it as code; it is validated at boot.
import { z } from "zod";
import { parseDuration } from "@/lib/duration";

export const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"] as const;
export type Partition = (typeof PARTITIONS)[number];

const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 43_200;

const duration = (minSeconds: number, maxSeconds: number) =>
  z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
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

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and dashes (at most 63 characters)");
const groupList = z.array(z.string().min(1)).min(1, "must name at least one group");

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export const accountSchema = z.strictObject({
  id: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)"),
  name: z.string().min(1),
  partition: z.enum(PARTITIONS).default("aws"),
});

export const roleSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().default(""),
  account: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)"),
  arn: z.string().regex(ROLE_ARN, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/Name"),
  /** The longest access window a person may ask for. */
  maxDuration: duration(MIN_SESSION_SECONDS, 7 * 86_400),
  /** The role's MaxSessionDuration in IAM: one AWS session never lasts longer. */
  maxSessionDuration: duration(MIN_SESSION_SECONDS, MAX_SESSION_SECONDS).default(3600),
  /** IdP groups whose members may request this role. */
  requesters: groupList,
  /** IdP groups whose members approve requests for this role. */
  approvers: groupList,
});

export const catalogSchema = z
  .strictObject({
    admins: z.array(z.string().min(1)).default([]),
    accounts: z.array(accountSchema).min(1, "must list at least one account"),
    roles: z.array(roleSchema).min(1, "must list at least one role"),
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
      const [, partition, arnAccount] = ROLE_ARN.exec(role.arn) ?? [];
      if (arnAccount !== role.account || partition !== account.partition) {
        ctx.addIssue({
          code: "custom",
          path: ["roles", index, "arn"],
          message: `must be a role in account ${role.account} (partition ${account.partition})`,
        });
      }
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogAccount = Catalog["accounts"][number];
export type CatalogRole = Catalog["roles"][number];

/** The name of the role in its ARN (the last path segment), as it appears in assumed-role ARNs. */
export function roleNameFromArn(arn: string): string {
  return ROLE_ARN.exec(arn)?.[3] ?? arn;
}
