// Many accounts: the management role Frontdesk assumes in each account for its IAM writes and
// reads (revocation deny policies, role checks), and how revocations spill over when a role is
// busy. Catalog fields only; resolving them is lib/catalog/management.ts.
import { z } from "zod";
import { EXTERNAL_ID } from "@/lib/aws/limits";

const roleName = z
  .string()
  .regex(/^[\w+=,.@{}-]{1,64}$/, "must be an IAM role name (letters, digits and +=,.@_-), optionally with {accountId} or {accountName}");
/** How Frontdesk gets into the management role: its own AWS credentials (AssumeRole), or none at all (AssumeRoleWithWebIdentity with a token it signs, subject frontdesk:management). */
export const MANAGEMENT_MINT_MODES = ["assume-role", "web-identity"] as const;
const mint = z.enum(MANAGEMENT_MINT_MODES);
const noExternalIdWithWebIdentity = (value: { mint?: string; externalId?: string }, ctx: z.RefinementCtx) => {
  if (value.mint === "web-identity" && value.externalId !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["externalId"],
      message: "applies to assume-role only: a web-identity management role is trusted through Frontdesk's OIDC provider (subject frontdesk:management)",
    });
  }
};
const externalId = z.string().regex(EXTERNAL_ID.pattern, `must be ${EXTERNAL_ID.min}–${EXTERNAL_ID.max} characters of letters, digits and _+=,.@:/-`);

/** Catalog top level: the name every account's management role has unless the account says otherwise. */
export const managementDefaultsSchema = z
  .strictObject({
    /** `FrontdeskManagement`, or a pattern such as `Frontdesk-{accountId}`. */
    roleName,
    /** The id path of the role (default `/`), e.g. `/frontdesk/`. */
    path: z
      .string()
      .regex(/^\/([\w+=,.@-]+\/)*$/, "must be an IAM path such as / or /frontdesk/")
      .default("/"),
    externalId: externalId.optional(),
    mint: mint.default("assume-role"),
  })
  .superRefine(noExternalIdWithWebIdentity);

/** Per account: another role name or external id, or `false` (Frontdesk manages nothing there). */
export const accountManagementSchema = z.union([
  z.literal(false),
  z
    .strictObject({
      roleName: roleName.optional(),
      path: z
        .string()
        .regex(/^\/([\w+=,.@-]+\/)*$/, "must be an IAM path such as / or /frontdesk/")
        .optional(),
      externalId: externalId.optional(),
      mint: mint.optional(),
    })
    .superRefine(noExternalIdWithWebIdentity),
]);

/** How revocation deny policies grow on a busy role (see README, "Revocation at scale"). */
export const revocationSettingsSchema = z
  .strictObject({
    /** Customer-managed policies Frontdesk may attach to one role after its inline policy is full. */
    managedPolicies: z.number().int().min(0).max(19).default(6),
    /** With this many live early endings on a role, new cutoffs are rounded up to the next boundary of `busyCeiling` seconds. */
    busyAfter: z.number().int().min(1).default(40),
    busyCeilingSeconds: z.number().int().min(1).max(3600).default(600),
  })
  .default({ managedPolicies: 6, busyAfter: 40, busyCeilingSeconds: 600 });
