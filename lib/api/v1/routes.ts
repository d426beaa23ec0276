// Every /api/v1 endpoint, as data: method, path, schemas and a thin handler that calls the same use
// case as the pages. The Next route files, the OpenAPI document and the tests all read this table.
import type { z } from "zod";
import { issueConsoleLink, issueCredentials } from "@/lib/access/issue-access";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { requestableRoles } from "@/lib/policy/access";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSet } from "@/lib/requests/create-request-set";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import { getRequestSummaryForViewer, pageMyRequests } from "@/lib/requests/queries";
import { listTokens, refreshTokens, revokeToken, type BearerActor } from "../api-tokens";
import { redeemDeviceCode, startDeviceAuthorization } from "../device-flow";
import { redeemLoopbackCode } from "../loopback-flow";
import * as s from "./schemas";
import { requestJson, roleJson } from "./views";

interface ApiContext {
  deps: Deps;
  actor: BearerActor;
  params: Record<string, string>;
  body: unknown;
  query: unknown;
  portalUrl: string;
  /** The caller's address (for the per-IP limit on starting sign-ins); null outside HTTP. */
  clientIp: string | null;
  /** Resolves once the caller has gone away (long polls stop early). */
  signal: AbortSignal;
}

export interface ApiRoute {
  method: "GET" | "POST" | "DELETE";
  path: string;
  summary: string;
  /** False only for the sign-in endpoints, which take no bearer token. */
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  status?: number;
  handler: (ctx: ApiContext) => Promise<unknown>;
}

/** Device sign-ins a client address may start per hour. */
export const DEVICE_STARTS_PER_HOUR = 30;

const NOT_FOUND = "No such request, or not one you can see.";

async function viewOrThrow(ctx: ApiContext) {
  const found = await getRequestSummaryForViewer(ctx.deps, ctx.actor, ctx.params.id ?? "");
  if (!found) throw new AppError("NOT_FOUND", NOT_FOUND);
  return found;
}

async function decide(ctx: ApiContext, decision: "APPROVE" | "DENY") {
  const { comment } = ctx.body as z.output<typeof s.decisionBody>;
  const result = await decideRequest(ctx.deps, { actor: ctx.actor, requestId: ctx.params.id ?? "", decision, comment, via: "portal" });
  const found = await viewOrThrow(ctx);
  return { ...requestJson(found), changed: result.changed };
}

/** One request, for one role or several (one decision for all); the errors are the form's. */
async function createOne(ctx: ApiContext) {
  const { roles, ...rest } = ctx.body as z.output<typeof s.createRequestsBody>;
  const input = rest;
  const created =
    roles.length === 1
      ? await createRequest(ctx.deps, { actor: ctx.actor, input: { ...input, roleId: roles[0]! } })
      : (await createRequestSet(ctx.deps, { actor: ctx.actor, input: { ...input, roleIds: roles } }))[0]!;
  const found = await getRequestSummaryForViewer(ctx.deps, ctx.actor, created.id);
  if (!found) throw new AppError("NOT_FOUND", NOT_FOUND);
  return requestJson(found);
}

async function waitForDecision(ctx: ApiContext) {
  const { timeout } = ctx.query as z.output<typeof s.waitQuery>;
  const until = Date.now() + timeout * 1000;
  for (;;) {
    const found = await viewOrThrow(ctx);
    if (found.status !== "PENDING" || Date.now() >= until || ctx.signal.aborted) return requestJson(found);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export const ROUTES: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/api/v1/auth/device",
    summary: "Start a device sign-in (RFC 8628): a code to confirm in the browser",
    auth: false,
    body: s.deviceBody,
    response: s.deviceShape,
    handler: async ({ deps, body, portalUrl, clientIp }) => {
      const input = body as z.output<typeof s.deviceBody>;
      // Anyone may start a sign-in: each address gets a bounded number an hour.
      await enforceRateLimit(deps.db, { key: `device-start:${clientIp ?? "unknown"}`, limit: DEVICE_STARTS_PER_HOUR, windowSeconds: 3600, now: deps.now() });
      return startDeviceAuthorization(deps, { deviceName: input.client_name, portalUrl, codeChallenge: input.code_challenge });
    },
  },
  {
    method: "POST",
    path: "/api/v1/auth/token",
    summary: "Redeem a confirmed device code or loopback code (PKCE), or rotate a refresh token",
    auth: false,
    body: s.tokenBody,
    response: s.tokensShape,
    handler: ({ deps, body }) => {
      const input = body as z.output<typeof s.tokenBody>;
      if (input.grant_type === "authorization_code")
        return redeemLoopbackCode(deps, { code: input.code, codeVerifier: input.code_verifier, redirectUri: input.redirect_uri });
      return input.grant_type === "refresh_token"
        ? refreshTokens(deps, input.refresh_token)
        : redeemDeviceCode(deps, { deviceCode: input.device_code, codeVerifier: input.code_verifier });
    },
  },
  {
    method: "GET",
    path: "/api/v1/me",
    summary: "Who this token signs in as",
    auth: true,
    response: s.meShape,
    handler: async ({ actor }) => ({
      deviceId: actor.tokenId,
      id: actor.id,
      email: actor.email,
      name: actor.name,
      groups: [...actor.groups],
      authTime: actor.authTime?.toISOString() ?? null,
      mfa: actor.mfa === true,
    }),
  },
  {
    method: "GET",
    path: "/api/v1/devices",
    summary: "The person's devices signed in from the terminal",
    auth: true,
    response: s.deviceListShape,
    handler: async ({ deps, actor }) => ({
      items: (await listTokens(deps, actor, { currentTokenId: actor.tokenId })).map((t) => ({
        ...t,
        createdAt: t.createdAt.toISOString(),
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        expiresAt: t.expiresAt.toISOString(),
      })),
    }),
  },
  {
    method: "DELETE",
    path: "/api/v1/devices/{id}",
    summary: "Sign a device out (its owner, or an admin)",
    auth: true,
    response: s.revokedShape,
    handler: ({ deps, actor, params }) => revokeToken(deps, { actor, tokenId: params.id ?? "" }),
  },
  {
    method: "GET",
    path: "/api/v1/roles",
    summary: "Roles the person may request",
    auth: true,
    query: s.rolesQuery,
    response: s.roleShape.array(),
    handler: async ({ deps, actor, query }) => {
      const search = ((query as z.output<typeof s.rolesQuery>).search ?? "").toLowerCase();
      return requestableRoles(actor, deps.catalog)
        .map((role) => roleJson(role, deps.catalog))
        .filter((role) => !search || `${role.id} ${role.name} ${role.accountName} ${role.accountId}`.toLowerCase().includes(search));
    },
  },
  {
    method: "GET",
    path: "/api/v1/requests",
    summary: "The person's own requests, newest first (cursor pagination)",
    auth: true,
    query: s.listQuery,
    response: s.requestListShape,
    handler: async ({ deps, actor, query }) => {
      const { cursor, limit } = query as z.output<typeof s.listQuery>;
      const found = await pageMyRequests(deps, actor, { cursor, limit });
      return { items: found.items.map(requestJson), nextCursor: found.nextCursor };
    },
  },
  {
    method: "POST",
    path: "/api/v1/requests",
    summary: "Ask for one or several roles: one request, one decision (each role gets its own grant)",
    auth: true,
    body: s.createRequestsBody,
    status: 201,
    response: s.requestShape,
    handler: createOne,
  },
  {
    method: "GET",
    path: "/api/v1/requests/{id}",
    summary: "One request (its requester, approvers of its rule, admins)",
    auth: true,
    response: s.requestShape,
    handler: async (ctx) => requestJson(await viewOrThrow(ctx)),
  },
  {
    method: "GET",
    path: "/api/v1/requests/{id}/wait",
    summary: "Wait (long poll, up to `timeout` seconds) until a pending request is decided",
    auth: true,
    query: s.waitQuery,
    response: s.requestShape,
    handler: waitForDecision,
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/approve",
    summary: "Approve (needs a recent sign-in, and MFA where the rule says)",
    auth: true,
    body: s.decisionBody,
    response: s.requestShape,
    handler: (ctx) => decide(ctx, "APPROVE"),
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/deny",
    summary: "Deny (needs a recent sign-in, and MFA where the rule says)",
    auth: true,
    body: s.decisionBody,
    response: s.requestShape,
    handler: (ctx) => decide(ctx, "DENY"),
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/cancel",
    summary: "Cancel one's own pending request",
    auth: true,
    response: s.requestShape,
    handler: async (ctx) => {
      await cancelRequest(ctx.deps, { actor: ctx.actor, requestId: ctx.params.id ?? "" });
      return requestJson(await viewOrThrow(ctx));
    },
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/end",
    summary: "End one's own access now",
    auth: true,
    response: s.requestShape,
    handler: async (ctx) => {
      await endRequest(ctx.deps, { actor: ctx.actor, requestId: ctx.params.id ?? "" });
      return requestJson(await viewOrThrow(ctx));
    },
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/extend",
    summary: "Ask for more time on an active grant",
    auth: true,
    body: s.extendBody,
    status: 201,
    response: s.requestShape,
    handler: async (ctx) => {
      const grant = await viewOrThrow(ctx);
      const input = ctx.body as z.output<typeof s.extendBody>;
      const created = await createRequest(ctx.deps, { actor: ctx.actor, input: { ...input, roleId: grant.roleId, extendsId: grant.id } });
      return requestJson(await viewOrThrow({ ...ctx, params: { id: created.id } }));
    },
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/credentials",
    summary: "Mint temporary credentials in an open window (returned once, never stored)",
    auth: true,
    response: s.credentialsShape,
    handler: async ({ deps, actor, params }) => {
      const credentials = await issueCredentials(deps, { actor, requestId: params.id ?? "" });
      return { ...credentials, expiration: credentials.expiration.toISOString() };
    },
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/console",
    summary: "A console sign-in link for an open window",
    auth: true,
    response: s.consoleShape,
    handler: async ({ deps, actor, params }) => ({ url: await issueConsoleLink(deps, { actor, requestId: params.id ?? "" }) }),
  },
];
