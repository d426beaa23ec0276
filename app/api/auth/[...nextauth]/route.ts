import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authorizationParamsAllowed } from "@/lib/auth/authorization-params";
import { getAuthOptions } from "@/lib/auth/options";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { signInRateLimitResponse } from "@/lib/http/rate-limit";

// Options are built on the first request, not at import, so `next build` needs no secrets.
type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Context): Promise<Response> {
  const [action] = (await ctx.params).nextauth ?? [];
  // Starting a sign-in and coming back from the IdP are what an attacker would hammer; session
  // and CSRF-token reads are not counted (pages poll them).
  const startsOrFinishesSignIn = (action === "signin" && req.method === "POST") || action === "callback";
  if (startsOrFinishesSignIn) {
    const limited = await signInRateLimitResponse(req, await getDb());
    if (limited) return limited;
  }
  if (action === "signin" && req.method === "POST") {
    // next-auth copies every query parameter into the authorization request: only the
    // re-authentication ones Frontdesk itself sends may pass.
    for (const [key, value] of [...req.nextUrl.searchParams]) {
      if (!authorizationParamsAllowed(key, value, getEnv())) req.nextUrl.searchParams.delete(key);
    }
  }
  return NextAuth(req, ctx, getAuthOptions());
}

export { handler as GET, handler as POST };
