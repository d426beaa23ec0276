import { openApiRoute } from "@/lib/http/api-v1";

/** The OpenAPI 3.1 document of /api/v1, generated from the route table. */
export const GET = openApiRoute;
