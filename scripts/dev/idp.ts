// A development OpenID provider (oidc-provider, a certified implementation) with the demo users.
// Development only: every password is published, keys and sessions live in memory.
//
// Sessions: the IdP asks for a password on EVERY authorization request (an extra login check in
// the interaction policy), so signing out of the app and signing in as someone else always works,
// whether or not the app calls end_session and whether or not it sends prompt=login. When a
// different user signs in over an existing IdP session, oidc-provider ends the old session first
// (an automatic form post), as it does for any account switch. RP-initiated logout
// (end_session_endpoint) shows a confirmation page and then ends the IdP session.
import { createHash, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Provider, { interactionPolicy, type Account, type Configuration, type OidcContext } from "oidc-provider";

import { demoUsers, type DemoUser } from "./demo-users";
import { errorPage, loginPage, logoutPage, signedOutPage } from "./idp-pages";
import { readForm, sendHtml } from "./html";
import { LOOPBACK, closeServer, listen } from "./net";

export { demoUsers, type DemoUser } from "./demo-users";

export interface DevIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Defaults to the origin (with a trailing slash) of each redirect URI. */
  postLogoutRedirectUris?: string[];
}

export interface DevIdpOptions {
  /** 0 picks a free port. */
  port: number;
  clients: DevIdpClient[];
}

export interface DevIdp {
  issuer: string;
  stop(): Promise<void>;
}

export const DEV_IDP_SCOPES = ["openid", "email", "profile", "groups"] as const;

/** `acr` of a password-only sign-in and of one with a second factor (the login page's checkbox). */
export const DEV_ACR_PASSWORD = "urn:frontdesk:dev:pwd";
export const DEV_ACR_MFA = "urn:frontdesk:dev:mfa";

// Scope → claims. `amr` and `acr` ride on `openid` so they are always in the ID token next to
// `sub`; `auth_time` is always there too (every client requires it).
const CLAIMS_BY_SCOPE = {
  openid: ["sub", "amr", "acr"],
  email: ["email", "email_verified"],
  profile: ["name"],
  groups: ["groups"],
};
const ALL_CLAIMS = Object.values(CLAIMS_BY_SCOPE).flat();

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function authenticate(username: string, password: string): DemoUser | undefined {
  const user = demoUsers.find((u) => u.username === username.trim().toLowerCase());
  return user && sameSecret(user.password, password) ? user : undefined;
}

function findAccount(_ctx: OidcContext, sub: string): Account | undefined {
  const user = demoUsers.find((u) => u.sub === sub);
  if (!user) return undefined;
  return {
    accountId: user.sub,
    claims: () => ({ sub: user.sub, email: user.email, email_verified: true, name: user.name, groups: [...user.groups] }),
  };
}

// Grants every supported scope and claim to every registered client: these are all first-party
// demo clients, so there is no consent screen.
async function loadExistingGrant(ctx: OidcContext) {
  const { provider, client, account, session, result } = ctx.oidc;
  if (!client || !account) return undefined;
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  const grant =
    existing && existing.accountId === account.accountId ? existing : new provider.Grant({ accountId: account.accountId, clientId: client.clientId });
  grant.addOIDCScope(DEV_IDP_SCOPES.join(" "));
  grant.addOIDCClaims(ALL_CLAIMS);
  await grant.save();
  return grant;
}

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

function loginEveryTime() {
  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  policy
    .get("login")
    ?.checks.add(
      new Check("login_every_time", "this development IdP asks for a password on every sign-in", (ctx) =>
        ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

function configuration(clients: DevIdpClient[]): Configuration {
  const cookie = { httpOnly: true, sameSite: "lax", signed: true };
  return {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [...new Set(c.redirectUris.map((u) => `${new URL(u).origin}/`))],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      require_auth_time: true,
    })),
    acrValues: [DEV_ACR_PASSWORD, DEV_ACR_MFA],
    jwks: { keys: [signingKey()] },
    // Lax rather than the library's SameSite=None: browsers drop None cookies over plain http.
    cookies: { keys: [randomBytes(32).toString("base64url")], long: cookie, short: cookie },
    scopes: [...DEV_IDP_SCOPES],
    claims: CLAIMS_BY_SCOPE,
    // next-auth reads claims from the ID token, not from the userinfo endpoint.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { methods: ["S256"], required: () => false },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: OidcContext, form: string) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx: OidcContext) => {
          ctx.body = signedOutPage();
        },
      },
    },
    interactions: { policy: loginEveryTime(), url: (_ctx: OidcContext, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount,
    loadExistingGrant,
    renderError: (ctx: OidcContext, out: { error: string; error_description?: string }) => {
      ctx.type = "html";
      ctx.body = errorPage("Sign-in failed", out.error_description ?? out.error);
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  };
}

async function handleInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(res, 400, errorPage("Sign-in expired", "This sign-in request has expired or was already completed."));
    return;
  }
  const finish = (result: Parameters<Provider["interactionFinished"]>[2]) => provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });

  // loadExistingGrant settles consent, so only the login prompt should ever arrive here.
  if (details.prompt.name !== "login") {
    return finish({ error: "access_denied", error_description: `unsupported prompt: ${details.prompt.name}` });
  }
  const action = `/interaction/${details.uid}`;
  if (req.method === "GET") {
    const hint = details.params.login_hint;
    sendHtml(res, 200, loginPage({ action, users: demoUsers, username: typeof hint === "string" ? hint : "", stepUp: asksForMfa(details.params) }));
    return;
  }
  if (req.method !== "POST") {
    res.writeHead(405, { allow: "GET, POST" }).end();
    return;
  }
  const form = await readForm(req);
  if (form.get("action") === "cancel") {
    return finish({ error: "access_denied", error_description: "The user cancelled the sign-in." });
  }
  const username = form.get("username") ?? "";
  const user = authenticate(username, form.get("password") ?? "");
  if (!user) {
    const error = "The username or password is incorrect.";
    sendHtml(res, 200, loginPage({ action, users: demoUsers, username, error, stepUp: asksForMfa(details.params) }));
    return;
  }
  // A checked checkbox posts "on"; the demo trusts the person's word for the second factor.
  const mfa = form.get("second_factor") === "on";
  // remember: false keeps the IdP session cookie for this browser session only.
  return finish({
    login: { accountId: user.sub, amr: mfa ? ["pwd", "otp"] : ["pwd"], acr: mfa ? DEV_ACR_MFA : DEV_ACR_PASSWORD, remember: false },
  });
}

function asksForMfa(params: Record<string, unknown>): boolean {
  return typeof params.acr_values === "string" && params.acr_values.split(" ").includes(DEV_ACR_MFA);
}

function validateClients(clients: DevIdpClient[]): void {
  if (clients.length === 0) throw new Error("startDevIdp: at least one client is required");
  for (const c of clients) {
    if (!c.clientId || !c.clientSecret) throw new Error("startDevIdp: every client needs a clientId and a clientSecret");
    if (c.redirectUris.length === 0) throw new Error(`startDevIdp: client ${c.clientId} needs at least one redirect URI`);
    for (const uri of c.redirectUris) {
      if (!/^https?:$/.test(new URL(uri).protocol)) throw new Error(`startDevIdp: redirect URI must be http(s): ${uri}`);
    }
  }
}

export async function startDevIdp({ port, clients }: DevIdpOptions): Promise<DevIdp> {
  if (process.env.NODE_ENV === "production") {
    throw new Error(
      'The development IdP refuses to start when NODE_ENV is "production": its users have published passwords. Use your company identity provider.',
    );
  }
  validateClients(clients);

  // Bind first so port 0 works: the issuer must contain the real port.
  const server = createServer();
  const actualPort = await listen(server, port, "dev IdP");
  const issuer = `http://${LOOPBACK}:${actualPort}`;
  const provider = new Provider(issuer, configuration(clients));
  provider.on("server_error", (_ctx, error) => console.error(`dev IdP: ${(error as Error).message}`));
  const oidc = provider.callback();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return oidc(req, res);
    handleInteraction(provider, req, res).catch((error: unknown) => {
      console.error(`dev IdP: interaction failed: ${(error as Error).message}`);
      if (!res.headersSent) sendHtml(res, 500, errorPage("Something went wrong", "The sign-in could not be completed."));
    });
  });

  return { issuer, stop: () => closeServer(server) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
    },
  });
  const clientId = values["client-id"];
  const clientSecret = values["client-secret"];
  const redirectUris = values["redirect-uri"] ?? [];
  if (!clientId || !clientSecret || redirectUris.length === 0) {
    throw new Error(
      "usage: tsx scripts/dev/idp.ts [--port 4010] --client-id ID --client-secret SECRET --redirect-uri URL [--redirect-uri URL…] [--post-logout-redirect-uri URL…]",
    );
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error("--port must be a port number");
  const idp = await startDevIdp({
    port,
    clients: [{ clientId, clientSecret, redirectUris, postLogoutRedirectUris: values["post-logout-redirect-uri"] }],
  });
  console.log(`Dev IdP running at ${idp.issuer} for client "${clientId}".`);
  console.log(`Users: ${demoUsers.map((u) => `${u.username} (${u.groups.join(", ")})`).join(", ")}; password "demo".`);
  console.log("Ctrl-C stops it.");
  const stop = () => void idp.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
