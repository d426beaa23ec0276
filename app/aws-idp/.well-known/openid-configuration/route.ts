import { getDeps } from "@/lib/deps";
import { openIdConfiguration } from "@/lib/federation/published-documents";
import { errorJson } from "@/lib/http/responses";

/** Frontdesk's OpenID discovery document, for the IAM OIDC provider web-identity roles trust. */
export async function GET(): Promise<Response> {
  try {
    return Response.json(await openIdConfiguration(await getDeps()), { headers: { "Cache-Control": "public, max-age=300" } });
  } catch (error) {
    return errorJson(error);
  }
}
