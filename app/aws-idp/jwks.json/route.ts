import { getDeps } from "@/lib/deps";
import { publishedJwks } from "@/lib/federation/published-documents";
import { errorJson } from "@/lib/http/responses";

/** The public signing keys: the active one, a successor before it signs, a predecessor until its tokens expired. */
export async function GET(): Promise<Response> {
  try {
    return Response.json(await publishedJwks(await getDeps()), { headers: { "Cache-Control": "public, max-age=300" } });
  } catch (error) {
    return errorJson(error);
  }
}
