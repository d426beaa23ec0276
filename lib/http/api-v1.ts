// The Next route handlers of /api/v1: the app's dependencies and address, then the one dispatcher.
import { handleApi } from "@/lib/api/v1/handle";
import { openApiDocument } from "@/lib/api/v1/openapi";
import { getDeps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { clientIp } from "./client-ip";

type Handler = (request: Request) => Promise<Response>;

const handler: Handler = async (request) => {
  const env = getEnv();
  return handleApi(await getDeps(), request, { portalUrl: env.NEXTAUTH_URL, clientIp: clientIp(request.headers, env.TRUSTED_PROXY_HOPS) });
};

/** Every method a route file exports is this one handler: the route table decides the rest. */
export const apiV1 = { GET: handler, POST: handler, DELETE: handler };

export function openApiRoute(): Response {
  return Response.json(openApiDocument(getEnv().NEXTAUTH_URL), { headers: { "Cache-Control": "no-cache" } });
}
