// Catalog templates: a role defined once and stamped onto many accounts (listed, by OU, or every
// account in the catalog, which `npm run catalog:discover` can fill from AWS Organizations), with
// include and exclude lists. Expanded before validation, so each stamped role is checked like a
// role written by hand. Pure.
import { z } from "zod";

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)");

const templateSchema = z.strictObject({
  /** Stamped roles get the id `{id}-{accountId}`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "must be lowercase letters, digits and dashes (at most 50 characters)"),
  name: z.string().min(1),
  /** The role's name in every account, and its IAM path. */
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name"),
  path: z
    .string()
    .regex(/^\/([\w+=,.@-]+\/)*$/, "must be an IAM path such as / or /frontdesk/")
    .default("/"),
  /** Which accounts: these ids, the accounts in these OUs (id or name), or all; minus `exclude`. */
  accounts: z
    .strictObject({
      all: z.boolean().default(false),
      ids: z.array(accountId).default([]),
      ous: z.array(z.string().min(1)).default([]),
      exclude: z.array(accountId).default([]),
    })
    .refine((a) => a.all || a.ids.length + a.ous.length > 0, "must say which accounts: all, ids or ous"),
  /** Every other role field (maxDuration, requesters, approvers, managed, sessionTags, …). */
  role: z.record(z.string(), z.unknown()).default({}),
});
type CatalogTemplate = z.output<typeof templateSchema>;

interface RawAccount {
  id?: unknown;
  partition?: unknown;
  ou?: unknown;
}

/** The raw catalog with each template's roles appended to `roles` (and `templates` removed), or the problems. */
export function expandTemplates(raw: unknown): { catalog: unknown; problems: string[] } {
  if (typeof raw !== "object" || raw === null || !("templates" in raw)) return { catalog: raw, problems: [] };
  const { templates, ...rest } = raw as Record<string, unknown> & { accounts?: RawAccount[]; roles?: unknown[] };
  const parsed = z.array(templateSchema).safeParse(templates);
  if (!parsed.success) return { catalog: rest, problems: parsed.error.issues.map((i) => `templates.${i.path.join(".")} ${i.message}`) };
  const accounts = Array.isArray(rest.accounts) ? rest.accounts : [];
  const problems: string[] = [];
  const stamped = parsed.data.flatMap((template, index) => {
    const chosen = selectAccounts(template, accounts);
    const known = new Set(accounts.map((a) => String(a.id)));
    template.accounts.ids.filter((id) => !known.has(id)).forEach((id) => problems.push(`templates[${index}].accounts.ids: no account with id ${id}`));
    if (chosen.length === 0) problems.push(`templates[${index}] (${template.id}) selects no account`);
    return chosen.map((account) => ({
      ...template.role,
      id: `${template.id}-${String(account.id)}`,
      name: template.name,
      account: String(account.id),
      arn: `arn:${typeof account.partition === "string" ? account.partition : "aws"}:iam::${String(account.id)}:role${template.path}${template.roleName}`,
    }));
  });
  return { catalog: { ...rest, roles: [...(Array.isArray(rest.roles) ? rest.roles : []), ...stamped] }, problems };
}

/** Which of the catalog's accounts a template stamps, in catalog order. */
function selectAccounts(template: CatalogTemplate, accounts: RawAccount[]): RawAccount[] {
  const { all, ids, ous, exclude } = template.accounts;
  return accounts.filter((account) => {
    const id = String(account.id);
    if (exclude.includes(id)) return false;
    const ouPath = typeof account.ou === "string" ? account.ou.split("/") : [];
    return all || ids.includes(id) || ous.some((ou) => ouPath.includes(ou));
  });
}
