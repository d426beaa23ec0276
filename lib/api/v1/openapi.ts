// The OpenAPI 3.1 document, generated from the route table and its zod schemas (nothing written by hand).
import { z } from "zod";
import { ROUTES, type ApiRoute } from "./routes";
import { errorShape } from "./schemas";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  void _dialect;
  return rest;
}

function queryParameters(route: ApiRoute) {
  if (!route.query) return [];
  const schema = schemaOf(route.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function operation(route: ApiRoute) {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const parameters = [...pathParameters, ...queryParameters(route)];
  const error = {
    description: "Refused: the same codes as the pages (UNAUTHENTICATED, NOT_FOUND, REAUTH_REQUIRED …)",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
  return {
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.path
      .replace("/api/v1", "")
      .replace(/\{(\w+)\}/g, "By_$1")
      .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    ...(route.auth ? {} : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body, "input") } } } } : {}),
    responses: {
      [String(route.status ?? 200)]: { description: "OK", content: { "application/json": { schema: schemaOf(route.response, "output") } } },
      default: error,
    },
  };
}

export function openApiDocument(portalUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const path = route.path;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Frontdesk API",
      version: "1",
      description: "Just-in-time AWS access from the terminal. Tokens come from `frontdesk login` (RFC 8628 device sign-in).",
    },
    servers: [{ url: portalUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An access token from /api/v1/auth/token" } },
      schemas: { Error: schemaOf(errorShape, "output") },
    },
  };
}
