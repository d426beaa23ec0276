// Which engine mints a role's sessions, and the IAM SAML provider a saml role's account trusts. Pure.
import type { Catalog, CatalogRole } from "./schema";
import type { MintMode } from "./mint-mode-schema";

export type { MintMode } from "./mint-mode-schema";
export { MINT_MODES } from "./mint-mode-schema";

/** The role's own mode, else its account's, else the catalog default. */
export function mintModeFor(catalog: Pick<Catalog, "accounts" | "minting">, role: Pick<CatalogRole, "account" | "mint">): MintMode {
  const account = catalog.accounts.find((a) => a.id === role.account);
  return role.mint ?? account?.mint ?? catalog.minting.default;
}

/** Where the mode comes from, for the admin catalog page. */
export function mintModeSource(catalog: Pick<Catalog, "accounts">, role: Pick<CatalogRole, "account" | "mint">): "role" | "account" | "default" {
  if (role.mint) return "role";
  return catalog.accounts.find((a) => a.id === role.account)?.mint ? "account" : "default";
}

/** arn:<partition>:iam::<account>:saml-provider/<name>: the PrincipalArn of AssumeRoleWithSAML. */
export function samlProviderArn(catalog: Pick<Catalog, "accounts" | "minting">, role: Pick<CatalogRole, "account">): string {
  const partition = catalog.accounts.find((a) => a.id === role.account)?.partition ?? "aws";
  return `arn:${partition}:iam::${role.account}:saml-provider/${catalog.minting.samlProvider}`;
}
