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

/** The three documents, by their path under the issuer: what the directory and the bucket hold. */
export async function publicDocuments(deps: FederationDeps): Promise<{ name: string; content: string; contentType: string }[]> {
  return [
    { name: ".well-known/openid-configuration", content: JSON.stringify(await openIdConfiguration(deps), null, 2), contentType: "application/json" },
    { name: "jwks.json", content: JSON.stringify(await publishedJwks(deps), null, 2), contentType: "application/json" },
    { name: "saml-metadata.xml", content: await publishedSamlMetadata(deps), contentType: "application/samlmetadata+xml" },
  ];
}

/** Writes .well-known/openid-configuration, jwks.json and saml-metadata.xml under the publish directory (the issuer's path). */
export async function writePublishedDocuments(deps: FederationDeps, directory: string): Promise<string[]> {
  const written: string[] = [];
  for (const { name, content } of await publicDocuments(deps)) {
    // The directory is the operator's (FRONTDESK_IDP_PUBLISH_DIR), not part of the build's files.
    const file = path.join(/*turbopackIgnore: true*/ directory, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}
