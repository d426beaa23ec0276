// One /api/v1 call: match the route, resolve the person from the bearer token, parse with the
// route's schema, run its handler, and answer in the same JSON error shape as every other route.
import type { Deps } from "@/lib/context";
import { AppError, toAppError, toUserError } from "@/lib/errors";
import { retryAfterOf } from "@/lib/http/rate-limit";
import { fieldErrorsOf } from "@/lib/requests/request-input";
import { actorFromBearer, type BearerActor } from "../api-tokens";
import { DeviceGrantError } from "../device-flow";
import { ROUTES, type ApiRoute } from "./routes";

const NO_STORE = { "Cache-Control": "no-store, max-age=0", Pragma: "no-cache" };
const MAX_BODY_BYTES = 64 * 1024;
const TERMINAL_HINT = " From the terminal: run `frontdesk login` (confirming in a browser signed in as asked), then try again.";

/** The route for a method and a concrete path, with its path parameters. */
export function matchRoute(method: string, pathname: string): { route: ApiRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)"))}$`);
    const found = pattern.exec(pathname);
    if (found) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? "")])) };
  }
  return null;
}

function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

function errorResponse(thrown: unknown, route: ApiRoute | null): Response {
  const error = toAppError(thrown);
  if (error instanceof DeviceGrantError) return json({ error: error.error }, 400);
  let shown = error;
  if (error instanceof AppError && (error.code === "REAUTH_REQUIRED" || error.code === "MFA_REQUIRED")) {
    shown = new AppError(error.code, error.userMessage + TERMINAL_HINT, error.fieldErrors, error.link);
  }
  const user = toUserError(shown);
  const status = shown instanceof AppError ? shown.status : 500;
  const retryAfter = retryAfterOf(shown);
  if (retryAfter !== undefined) return Response.json({ error: user, retryAfter }, { status, headers: { ...NO_STORE, "Retry-After": String(retryAfter) } });
  // The token endpoint answers as RFC 6749 §5.2 says, with Frontdesk's words alongside.
  if (route?.path === "/api/v1/auth/token") return json({ error: "invalid_grant", error_description: user.message }, 400);
  return json({ error: user }, status);
}

async function readBody(request: Request): Promise<unknown> {
  if (request.method === "GET" || request.method === "DELETE") return {};
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("TOO_LARGE", "The request body is too large.");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("TOO_LARGE", "The request body is too large.");
  if (!text.trim()) return {};
  if ((request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid JSON.");
  }
}

function parse(schema: ApiRoute["body"], value: unknown): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Some fields need attention.", fieldErrorsOf(parsed.error));
  return parsed.data;
}

export async function handleApi(deps: Deps, request: Request, options: { portalUrl: string; clientIp?: string | null }): Promise<Response> {
  const url = new URL(request.url);
  const matched = matchRoute(request.method, url.pathname);
  if (!matched) return errorResponse(new AppError("NOT_FOUND", "No such API endpoint."), null);
  const { route, params } = matched;
  try {
    const actor = route.auth ? await actorFromBearer(deps, request.headers.get("authorization")) : (null as unknown as BearerActor);
    const body = parse(route.body, await readBody(request));
    const query = parse(route.query, Object.fromEntries(url.searchParams));
    const result = await route.handler({
      deps,
      actor,
      params,
      body,
      query,
      portalUrl: options.portalUrl,
      clientIp: options.clientIp ?? null,
      signal: request.signal,
    });
    return json(result, route.status ?? 200);
  } catch (error) {
    return errorResponse(error, route);
  }
}
