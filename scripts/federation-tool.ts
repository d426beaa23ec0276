// Operator tools (npm run aws:check-roles, idp:documents) sign with the same keys as the server:
// the SigningKey table in DATABASE_URL (or the embedded database), decrypted with
// FRONTDESK_SIGNING_KEY_SECRET, on the same schedule. Without the secret they sign nothing.
import { getDb, disconnectDb } from "@/lib/db/client";
import type { AwsToolConfig } from "@/lib/env";
import { signManagementToken } from "@/lib/federation/management-token";
import { federationSettingsFromEnv, type FederationSettings } from "@/lib/federation/settings";
import type { FederationDeps } from "@/lib/federation/signing-keys";

export interface ToolFederation {
  /** Frontdesk's issuer and audience, when one is configured (role checks of federated roles need them). */
  identityProvider?: FederationSettings;
  /** The database-backed deps that sign; absent without FRONTDESK_SIGNING_KEY_SECRET. */
  deps?: FederationDeps;
  /** Signs the management token (subject frontdesk:management) for web-identity management roles. */
  managementToken?: () => Promise<string>;
  close(): Promise<void>;
}

export async function toolFederation(env: AwsToolConfig): Promise<ToolFederation> {
  const publicUrl = env.NEXTAUTH_URL ?? env.FRONTDESK_IDP_ISSUER?.replace(/\/aws-idp$/, "");
  if (!publicUrl) return { close: async () => {} };
  const identityProvider = federationSettingsFromEnv(env, publicUrl);
  if (!identityProvider.keySecret) return { identityProvider, close: async () => {} };
  const db = await getDb({ DATABASE_URL: env.DATABASE_URL, FRONTDESK_DATA_DIR: env.FRONTDESK_DATA_DIR });
  const deps: FederationDeps = { db, now: () => new Date(), identityProvider };
  return { identityProvider, deps, managementToken: () => signManagementToken(deps), close: disconnectDb };
}
