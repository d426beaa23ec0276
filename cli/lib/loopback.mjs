// `frontdesk login --browser`: the RFC 8252 loopback redirect with PKCE (RFC 7636, S256). A listener on
// 127.0.0.1 at a random port takes exactly one request (the browser coming back with a one-time code
// and our state) and closes; it gives up when the sign-in code expires. The code is exchanged with the
// verifier, which never leaves this process.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { call, CliError } from "./client.mjs";

const PAGE = (text) => `<!doctype html><meta charset="utf-8"><title>Frontdesk</title><p>${text}</p>`;

/** Listens for the one redirect; `code` resolves with the one-time code, or rejects. */
export async function listenOnce(expectedState, lifetimeMs) {
  const server = createServer();
  let settle;
  const code = new Promise((resolve, reject) => (settle = { resolve, reject }));
  const finish = (outcome) => {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections?.();
    outcome();
  };
  const timer = setTimeout(() => finish(() => settle.reject(new CliError("The sign-in expired. Run `frontdesk login --browser` again."))), lifetimeMs);
  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") return void res.writeHead(404).end();
    const state = Buffer.from(url.searchParams.get("state") ?? "");
    const ok = state.length === expectedState.length && timingSafeEqual(state, Buffer.from(expectedState)) && url.searchParams.get("code");
    res.writeHead(ok ? 200 : 400, { "content-type": "text/html; charset=utf-8", connection: "close" });
    res.end(
      PAGE(ok ? "Signed in. You can close this tab and go back to your terminal." : "This sign-in does not match the terminal's. Nothing was signed in."),
    );
    finish(() =>
      ok ? settle.resolve(url.searchParams.get("code")) : settle.reject(new CliError("The browser came back with a different state; nothing was signed in.")),
    );
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  return { redirectUri: `http://127.0.0.1:${server.address().port}/callback`, code };
}

/** The whole loopback sign-in; `show(url)` opens the browser or prints the link. Returns the token answer. */
export async function loopbackLogin(server, name, show) {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier, "ascii").digest("base64url");
  const state = randomBytes(24).toString("base64url");
  const body = { client_name: name, code_challenge: challenge, code_challenge_method: "S256" };
  const started = await call(server, "POST", "/api/v1/auth/device", { body });
  if (started.status !== 200) throw new CliError(started.data?.error?.message ?? `Frontdesk answered ${started.status}.`);
  const listener = await listenOnce(state, started.data.expires_in * 1000);
  const page = new URL(started.data.verification_uri_complete);
  page.searchParams.set("redirect_uri", listener.redirectUri);
  page.searchParams.set("state", state);
  show(page.toString(), started.data.user_code);
  const code = await listener.code;
  const answer = await call(server, "POST", "/api/v1/auth/token", {
    form: true,
    body: { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: listener.redirectUri },
  });
  if (answer.status !== 200) throw new CliError(answer.data?.error_description ?? "Frontdesk refused the sign-in code. Run `frontdesk login --browser` again.");
  return answer.data;
}
