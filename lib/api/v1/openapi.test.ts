// The OpenAPI document names exactly the routes that exist: every route file under app/api/v1 and
// the methods it exports, no more, no fewer.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { matchRoute } from "./handle";

const ROOT = path.resolve(__dirname, "../../../app/api/v1");

function routeFiles(dir: string): { path: string; methods: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    if (name !== "route.ts") return [];
    const url = `/api/v1/${path.relative(ROOT, dir)}`.replace(/\[(\w+)\]/g, "{$1}").replace(/\/$/, "");
    const exported = /export const \{([^}]+)\}|export const (GET|POST|DELETE)\b/.exec(readFileSync(full, "utf8"));
    const methods = (exported?.[1] ?? exported?.[2] ?? "")
      .split(",")
      .map((m) => m.trim())
      .filter(Boolean);
    return [{ path: url, methods }];
  });
}

describe("OpenAPI document", () => {
  const document = openApiDocument("http://frontdesk.test");

  it("is OpenAPI 3.1 with the bearer scheme", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists exactly the route files and their methods (the document itself is served, not listed)", () => {
    const files = routeFiles(ROOT).filter((f) => f.path !== "/api/v1/openapi.json");
    const fromFiles = files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)).sort();
    const fromDocument = Object.entries(document.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(fromDocument).toEqual(fromFiles);
    expect(fromFiles.length).toBeGreaterThan(15);
  });

  it("every documented operation is dispatched", () => {
    for (const [p, ops] of Object.entries(document.paths)) {
      for (const method of Object.keys(ops)) expect(matchRoute(method.toUpperCase(), p.replace(/\{\w+\}/g, "abc123")), `${method} ${p}`).not.toBeNull();
    }
  });

  it("request bodies come from the form's schema (the same limits)", () => {
    const create = document.paths["/api/v1/requests"]?.post as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown>; required: string[] } } } };
    };
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["roles", "justification", "durationMinutes"]));
    expect(schema.properties.justification).toMatchObject({ maxLength: 1000 });
  });

  it("asking for several roles answers with one request that lists each role's grant", () => {
    const create = document.paths["/api/v1/requests"]?.post as {
      responses: Record<string, { content: { "application/json": { schema: { properties: Record<string, { type?: string }>; required: string[] } } } }>;
      requestBody: { content: { "application/json": { schema: { properties: Record<string, { maxItems?: number }> } } } };
    };
    const created = create.responses["201"]!.content["application/json"].schema;
    expect(created.required).toEqual(expect.arrayContaining(["id", "status", "setId", "roles"]));
    expect(created.properties.roles).toMatchObject({ type: "array" });
    expect(created.properties.items).toBeUndefined();
    expect(create.requestBody.content["application/json"].schema.properties.roles).toMatchObject({ maxItems: 20 });
  });
});
