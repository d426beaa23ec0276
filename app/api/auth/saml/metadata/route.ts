import { getSamlSettings } from "@/lib/auth/saml/config";
import { serviceProviderMetadata } from "@/lib/auth/saml/service-provider-metadata";

export const dynamic = "force-dynamic";

export async function GET() {
  const settings = await getSamlSettings();
  if (!settings) return new Response("SAML sign-in is not configured.\n", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(serviceProviderMetadata(settings), {
    headers: { "content-type": "application/samlmetadata+xml; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
