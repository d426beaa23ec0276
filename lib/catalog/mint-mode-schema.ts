// How each role's sessions are minted (catalog fields only; resolving them is mint-mode.ts).
//   assume-role   Frontdesk's own AWS credentials call sts:AssumeRole (the role trusts Frontdesk's principal).
//   web-identity  Frontdesk signs an OpenID token; sts:AssumeRoleWithWebIdentity, no AWS credentials.
//   saml          Frontdesk signs a SAML response; console by browser post to AWS, credentials by
//                 sts:AssumeRoleWithSAML, no AWS credentials.
import { z } from "zod";

export const MINT_MODES = ["assume-role", "web-identity", "saml"] as const;
export type MintMode = (typeof MINT_MODES)[number];

export const mintingSettingsSchema = z
  .strictObject({
    /** The mode of every role whose role and account entries name none. */
    default: z.enum(MINT_MODES).default("assume-role"),
    /** The IAM SAML provider's name in each account (arn:…:saml-provider/<name>). */
    samlProvider: z
      .string()
      .regex(/^[\w._-]{1,128}$/, "must be an IAM SAML provider name (letters, digits and ._-)")
      .default("Frontdesk"),
  })
  .default({ default: "assume-role", samlProvider: "Frontdesk" });
