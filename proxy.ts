// Runs before every request. It only adds response headers (CSP with a per-request nonce, and the
// other hardening headers), refuses cross-origin state changes to the API and to pages (server
// actions, also refused when their body is over the limit), and keeps an active session's cookie
// fresh (idle timeout). It decides nothing about who may do what: authorization
// lives in the use cases.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sessionLimits } from "@/lib/auth/session-limits";
import { decodeSessionToken, encodeSessionToken } from "@/lib/auth/session-token";
import { AWS_SAML_FORM_TARGETS } from "@/lib/aws/limits";
import { contentSecurityPolicy, isCrossOriginStateChange, newNonce, securityHeaders } from "@/lib/auth/web-security";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { needsBodyMeasured, refusePagePost } from "@/lib/http/page-post-guard";
import { isMalformedPath, malformedPathResponse } from "@/lib/http/malformed-path";
import { errorJson } from "@/lib/http/responses";

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  const appOrigin = new URL(env.NEXTAUTH_URL).origin;
  const https = appOrigin.startsWith("https:");
  const headers = securityHeaders({ production: env.NODE_ENV === "production", https });

  if (isMalformedPath(request.nextUrl.pathname)) {
    const bad = malformedPathResponse(request.nextUrl.pathname, headers);
    return new NextResponse(bad.body, { status: bad.status, headers: bad.headers });
  }

  const asked = { method: request.method, pathname: request.nextUrl.pathname, headers: request.headers };
  const refusal = isCrossOriginStateChange(asked, appOrigin)
    ? new AppError("FORBIDDEN", "This request did not come from a Frontdesk page.")
    : refusePagePost(asked, appOrigin, { bodyBytes: await measuredBody(request) });
  if (refusal) {
    const refused = errorJson(refusal);
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    refused.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    return new NextResponse(refused.body, { status: refused.status, headers: refused.headers });
  }

  const nonce = newNonce();
  const formTargets = [...AWS_SAML_FORM_TARGETS, ...(env.AWS_SAML_SIGNIN_URL ? [env.AWS_SAML_SIGNIN_URL] : [])];
  const csp = contentSecurityPolicy({ nonce, development: env.NODE_ENV === "development", https, formTargets });
  // Next.js reads the nonce from the request's CSP header and applies it to its scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);

  // An open page's change stream is not activity: it must not keep an idle session alive.
  if (request.method === "GET" && !request.nextUrl.pathname.startsWith("/api/auth/") && request.nextUrl.pathname !== "/api/live") {
    await refreshSessionCookie(request, response, env, https).catch(() => undefined);
  }
  return response;
}

/**
 * The size of a page POST's body that does not declare it (chunked). Next.js buffers request
 * bodies for proxy.ts and hands the same bytes on, so reading a clone here costs no data.
 */
async function measuredBody(request: NextRequest): Promise<number | undefined> {
  const asked = { method: request.method, pathname: request.nextUrl.pathname, headers: request.headers };
  if (!needsBodyMeasured(asked) || !request.body) return undefined;
  return (await request.clone().arrayBuffer()).byteLength;
}

/**
 * JWT sessions expire SESSION_IDLE_MINUTES after their last renewal. Server components cannot set
 * cookies, so the renewal happens here, at most once a minute, and never past the absolute cap.
 */
async function refreshSessionCookie(request: NextRequest, response: NextResponse, env: ReturnType<typeof getEnv>, https: boolean): Promise<void> {
  const name = `${https ? "__Secure-" : ""}next-auth.session-token`;
  if (!request.cookies.has(name) || request.cookies.has(`${name}.0`)) return;
  const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET, secureCookie: https, decode: decodeSessionToken });
  if (!token || typeof token.iat !== "number" || typeof token.signedInAt !== "number") return;
  const now = Math.floor(Date.now() / 1000);
  if (now - token.iat < 60) return;
  const { idleSeconds, maxSeconds } = sessionLimits(env);
  // An idle session stays ended: renewing it here would bring it back.
  if (now - token.iat > idleSeconds) return;
  const endsAt = token.signedInAt + maxSeconds;
  const maxAge = Math.min(idleSeconds, endsAt - now);
  if (maxAge <= 0) return;
  const claims = { ...token };
  delete claims.iat;
  delete claims.exp;
  delete claims.jti;
  const value = await encodeSessionToken({ token: claims, secret: env.NEXTAUTH_SECRET, maxAge });
  response.cookies.set({ name, value, httpOnly: true, sameSite: "lax", path: "/", secure: https, maxAge });
}

export const config = {
  // Everything but build assets (they get static headers from next.config.mjs).
  matcher: ["/((?!_next/static|_next/image|favicon\\.svg).*)"],
};
