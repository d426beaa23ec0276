// The Next route handlers of /api/v1: the app's dependencies and address, then the one dispatcher.
import { handleApi } from "@/lib/api/v1/handle";
import { openApiDocument } from "@/lib/api/v1/openapi";
import { getDeps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { withRequestCosts } from "@/lib/ops/server-timing";
import { clientIp } from "./client-ip";

type Handler = (request: Request) => Promise<Response>;

const handler: Handler = async (request) => {
  const env = getEnv();
  const options = { portalUrl: env.NEXTAUTH_URL, clientIp: clientIp(request.headers, env.TRUSTED_PROXY_HOPS) };
  if (env.FRONTDESK_SERVER_TIMING !== "true") return handleApi(await getDeps(), request, options);
  const { result, header } = await withRequestCosts(async () => handleApi(await getDeps(), request, options));
  result.headers.set("Server-Timing", header);
  return result;
};

/** Every method a route file exports is this one handler: the route table decides the rest. */
export const apiV1 = { GET: handler, POST: handler, DELETE: handler };

export function openApiRoute(): Response {
  return Response.json(openApiDocument(getEnv().NEXTAUTH_URL), { headers: { "Cache-Control": "no-cache" } });
}
