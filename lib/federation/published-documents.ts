// The documents relying parties read: served by app/aws-idp and, when a publish directory is set,
// written there too (sync it to a public bucket) so AWS can reach them without reaching Frontdesk.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { discoveryDocument, jwksDocument } from "./discovery";
import { samlIdpMetadata } from "./saml-metadata";
import { federationOrThrow } from "./settings";
import { currentlyPublished, type FederationDeps } from "./signing-keys";

export async function openIdConfiguration(deps: FederationDeps) {
  return discoveryDocument(federationOrThrow(deps.identityProvider).issuer);
}

export async function publishedJwks(deps: FederationDeps) {
  return jwksDocument(await currentlyPublished(deps));
}

export async function publishedSamlMetadata(deps: FederationDeps): Promise<string> {
  const settings = federationOrThrow(deps.identityProvider);
  return samlIdpMetadata({ entityId: settings.samlEntityId, ssoUrl: `${settings.samlEntityId}/sso`, keys: await currentlyPublished(deps) });
}

/** Writes .well-known/openid-configuration, jwks.json and saml-metadata.xml under the publish directory (the issuer's path). */
export async function writePublishedDocuments(deps: FederationDeps, directory: string): Promise<string[]> {
  const files: [string, string][] = [
    [".well-known/openid-configuration", JSON.stringify(await openIdConfiguration(deps), null, 2)],
    ["jwks.json", JSON.stringify(await publishedJwks(deps), null, 2)],
    ["saml-metadata.xml", await publishedSamlMetadata(deps)],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(directory, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}
