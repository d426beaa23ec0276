// Frontdesk's SAML service-provider metadata, for the IdP admin to import: entity ID, the ACS
// endpoint (HTTP-POST binding) and that assertions must be signed. Frontdesk does not sign its
// AuthnRequests and wants no encrypted assertions, so there is no key in it.
import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { SamlSettings } from "./config";

export function serviceProviderMetadata(settings: SamlSettings): string {
  return generateServiceProviderMetadata({
    issuer: settings.sp.entityId,
    callbackUrl: settings.sp.acsUrl,
    wantAssertionsSigned: true,
    identifierFormat: null,
  });
}
