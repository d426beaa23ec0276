import { getDeps } from "@/lib/deps";
import { publishedSamlMetadata } from "@/lib/federation/published-documents";
import { errorJson } from "@/lib/http/responses";

/** The SAML IdP metadata to register in IAM as the accounts' SAML provider. */
export async function GET(): Promise<Response> {
  try {
    return new Response(await publishedSamlMetadata(await getDeps()), { headers: { "Content-Type": "application/samlmetadata+xml" } });
  } catch (error) {
    return errorJson(error);
  }
}
