#!/usr/bin/env node
// frontdesk: just-in-time AWS access from the terminal. Node's built-ins only.
import { spawn } from "node:child_process";
import { hostname, homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeAwsConfig } from "../lib/aws-config.mjs";
import { api, call, CliError, loadSession, saveTokens } from "../lib/client.mjs";
import { credentialEnv, credentialsFor, formatCredentials } from "../lib/creds.mjs";
import { loopbackLogin } from "../lib/loopback.mjs";
import { configDir, removeFile, sessionFile } from "../lib/store.mjs";

const HELP = `frontdesk: just-in-time AWS access from the terminal

  frontdesk login [--server URL] [--name DEVICE]   sign in this terminal (confirm the code in a browser)
  frontdesk login --browser [--print]              on a desktop: the browser comes back to this computer (PKCE)
  frontdesk logout | whoami
  frontdesk roles [search]
  frontdesk request <role…> --for 2h --reason "…" [--ticket OPS-1] [--start ISO] [--wait]
  frontdesk status [id]
  frontdesk approve|deny <id> [--comment "…"]
  frontdesk creds <role|request> [--format env|json|powershell|credentials] [--credential-process] [--request --for 1h --reason "…"]
  frontdesk exec <role> -- <command…>
  frontdesk console <role> [--print]
  frontdesk configure [--region R] [--aws-config FILE]

Global: --config-dir DIR (default ~/.config/frontdesk; FRONTDESK_CONFIG_DIR), FRONTDESK_SERVER for login.`;

const OPTIONS = {
  server: { type: "string" },
  name: { type: "string" },
  for: { type: "string" },
  reason: { type: "string" },
  ticket: { type: "string" },
  start: { type: "string" },
  wait: { type: "boolean" },
  comment: { type: "string" },
  format: { type: "string" },
  "credential-process": { type: "boolean" },
  request: { type: "boolean" },
  region: { type: "string" },
  "aws-config": { type: "string" },
  "config-dir": { type: "string" },
  print: { type: "boolean" },
  browser: { type: "boolean" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
};

const out = (text) => process.stdout.write(`${text}\n`);
const say = (text) => process.stderr.write(`${text}\n`);

/** "2h", "90m", "1h30m", "45" (minutes) → minutes. */
export function minutesOf(text) {
  const match = /^(?:(\d+)h)?(?:(\d+)m?)?$/.exec(String(text ?? "").trim());
  if (!match || (!match[1] && !match[2])) throw new CliError(`Say how long as 30m, 2h or 1h30m (got "${text}").`, "USAGE");
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

function describe(r) {
  const when =
    r.status === "ACTIVE" && r.endsAt ? ` until ${r.endsAt}` : r.status === "PENDING" ? ` (${r.approvals.count}/${r.approvals.required} approvals)` : "";
  const line = `${r.id}  ${r.status.padEnd(9)} ${r.roleId} (${r.roleName}, ${r.accountName})${when}`;
  if (!r.setId || !r.roles || r.roles.length < 2) return line;
  // Several roles in one request: one line for the request, one indented line per role's grant.
  const head = `${r.id}  ${r.status.padEnd(9)} ${r.roles.length} roles${when}`;
  return [head, ...r.roles.map((m) => `  ${m.roleId.padEnd(20)} ${m.status.padEnd(9)} ${m.roleName}, ${m.accountName} (${m.accountId})`)].join("\n");
}

async function waitFor(dir, id, maxMinutes = 120) {
  const deadline = Date.now() + maxMinutes * 60_000;
  for (;;) {
    const request = await api(dir, "GET", `/api/v1/requests/${id}/wait?timeout=20`);
    if (request.status !== "PENDING" || Date.now() > deadline) return request;
  }
}

async function login(dir, values) {
  const server = values.server ?? process.env.FRONTDESK_SERVER ?? safeSession(dir)?.server;
  if (!server) throw new CliError("Which Frontdesk? Run `frontdesk login --server https://frontdesk.example.com`.", "USAGE");
  const name = values.name ?? `${process.env.USER ?? "someone"}@${hostname()}`;
  if (values.browser) {
    const show = (url, userCode) => {
      say(`${values.print ? "To sign in, open" : "Opening your browser at"} ${url}`);
      say(`and confirm the code ${userCode}.`);
      if (!values.print) openBrowser(url);
    };
    return signedIn(dir, server, await loopbackLogin(server, name, show));
  }
  const started = await call(server, "POST", "/api/v1/auth/device", { body: { client_name: name } });
  if (started.status !== 200) throw new CliError(started.data?.error?.message ?? `Frontdesk answered ${started.status}.`);
  const device = started.data;
  say(`To sign in, open ${device.verification_uri_complete}`);
  say(`and confirm the code ${device.user_code} (it expires in ${Math.round(device.expires_in / 60)} minutes).`);
  let interval = device.interval * 1000;
  const deadline = Date.now() + device.expires_in * 1000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, interval));
    const answer = await call(server, "POST", "/api/v1/auth/token", {
      form: true,
      body: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: device.device_code },
    });
    if (answer.status === 200) return signedIn(dir, server, answer.data);
    const code = answer.data?.error;
    if (code === "slow_down") interval += 1000;
    else if (code === "access_denied") throw new CliError("The sign-in was refused in the browser.");
    else if (code !== "authorization_pending") throw new CliError(answer.data?.error_description ?? "The code expired. Run `frontdesk login` again.");
  }
  throw new CliError("The code expired. Run `frontdesk login` again.");
}

async function signedIn(dir, server, tokens) {
  saveTokens(dir, server, tokens);
  const me = await api(dir, "GET", "/api/v1/me");
  say(`Signed in as ${me.email}${me.mfa ? " (with a second factor)" : ""}.`);
}

function safeSession(dir) {
  try {
    return loadSession(dir);
  } catch {
    return null;
  }
}

async function request(dir, roles, values) {
  if (roles.length === 0) throw new CliError('Name a role: frontdesk request <role> --for 1h --reason "…"', "USAGE");
  if (!values.reason) throw new CliError('Say why: --reason "…"', "USAGE");
  const body = { roles, durationMinutes: minutesOf(values.for ?? "1h"), justification: values.reason, ticket: values.ticket, startAt: values.start };
  // One request, whatever the number of roles: one decision opens (or refuses) them all.
  const created = await api(dir, "POST", "/api/v1/requests", body);
  say(describe(created));
  if (!values.wait) return [created];
  if (created.status === "PENDING") say(`Waiting for a decision on ${created.id}…`);
  const final = created.status === "PENDING" ? await waitFor(dir, created.id) : created;
  if (final !== created) say(describe(final));
  if (!["ACTIVE", "APPROVED"].includes(final.status)) throw new CliError(`The request was not approved: it is ${final.status.toLowerCase()}.`, "NOT_APPROVED");
  return [final];
}

async function creds(dir, target, values) {
  if (!target) throw new CliError("Name a role or a request: frontdesk creds <role>", "USAGE");
  try {
    return await credentialsFor(dir, target);
  } catch (error) {
    if (!(error instanceof CliError) || error.code !== "NO_GRANT" || !values.request) throw error;
    say(error.message.split(" Ask for it")[0]);
    await request(dir, [target], { ...values, wait: true });
    return credentialsFor(dir, target);
  }
}

function cliCommand(dir, values) {
  const command = [process.execPath, fileURLToPath(import.meta.url)];
  if (values["config-dir"] || process.env.FRONTDESK_CONFIG_DIR) command.push("--config-dir", dir);
  return command;
}

function openBrowser(url) {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  spawn(opener, [url], { stdio: "ignore", detached: true })
    .on("error", () => say(`Open this link: ${url}`))
    .unref();
}

async function main(argv) {
  const dashdash = argv.indexOf("--");
  const own = dashdash === -1 ? argv : argv.slice(0, dashdash);
  const rest = dashdash === -1 ? [] : argv.slice(dashdash + 1);
  const { values, positionals } = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  if (!command || values.help) return out(HELP);
  const dir = values["config-dir"] ?? configDir();
  switch (command) {
    case "login":
      return login(dir, values);
    case "logout": {
      const me = await api(dir, "GET", "/api/v1/me").catch(() => null);
      if (me) await api(dir, "DELETE", `/api/v1/devices/${me.deviceId}`);
      removeFile(sessionFile(dir));
      return say("Signed out this terminal.");
    }
    case "whoami": {
      const me = await api(dir, "GET", "/api/v1/me");
      return out(`${me.name} <${me.email}>  groups: ${me.groups.join(", ") || "none"}  signed in: ${me.authTime ?? "unknown"}${me.mfa ? " (MFA)" : ""}`);
    }
    case "roles": {
      const roles = await api(dir, "GET", `/api/v1/roles${args[0] ? `?search=${encodeURIComponent(args[0])}` : ""}`);
      return roles.forEach((r) => out(`${r.id.padEnd(20)} ${r.name} (${r.accountName} ${r.accountId}), up to ${Math.round(r.maxDurationSeconds / 3600)}h`));
    }
    case "request":
      return void (await request(dir, args, values));
    case "status": {
      if (args[0]) return out(describe(await api(dir, "GET", `/api/v1/requests/${encodeURIComponent(args[0])}`)));
      const { items } = await api(dir, "GET", "/api/v1/requests?limit=25");
      return items.forEach((r) => out(describe(r)));
    }
    case "approve":
    case "deny": {
      if (!args[0]) throw new CliError(`Name the request: frontdesk ${command} <id>`, "USAGE");
      const r = await api(dir, "POST", `/api/v1/requests/${encodeURIComponent(args[0])}/${command}`, { comment: values.comment });
      return out(describe(r));
    }
    case "creds": {
      const { credentials } = await creds(dir, args[0], values);
      return out(formatCredentials(credentials, values["credential-process"] ? "credential-process" : (values.format ?? "env")));
    }
    case "exec": {
      if (rest.length === 0) throw new CliError("Say what to run: frontdesk exec <role> -- <command…>", "USAGE");
      const { credentials } = await creds(dir, args[0], values);
      const child = spawn(rest[0], rest.slice(1), { stdio: "inherit", env: { ...process.env, ...credentialEnv(credentials), AWS_PROFILE: "" } });
      return new Promise((resolve) => child.on("exit", (code, signal) => resolve((process.exitCode = code ?? (signal ? 1 : 0)))));
    }
    case "console": {
      const grant = await (await import("../lib/creds.mjs")).activeGrant(dir, args[0] ?? "");
      const { url } = await api(dir, "POST", `/api/v1/requests/${grant.id}/console`);
      if (values.print) return out(url);
      openBrowser(url);
      return say(`Opening the AWS console for ${grant.roleName}.`);
    }
    case "configure": {
      const roles = await api(dir, "GET", "/api/v1/roles");
      const file = values["aws-config"] ?? process.env.AWS_CONFIG_FILE ?? path.join(homedir(), ".aws", "config");
      const result = writeAwsConfig(file, roles, cliCommand(dir, values), values.region);
      for (const id of result.written) say(`profile ${id}: credential_process = frontdesk creds ${id} --credential-process`);
      for (const header of result.skipped) say(`${header} exists and was not written by frontdesk: left as it is.`);
      return say(`Wrote ${result.written.length} profile(s) to ${file}.`);
    }
    default:
      throw new CliError(`Unknown command ${command}.\n\n${HELP}`, "USAGE");
  }
}

main(process.argv.slice(2)).catch((error) => {
  // Frontdesk's words, never a stack trace or a token.
  say(
    `frontdesk: ${error instanceof CliError || error?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? error.message : `unexpected error: ${error?.message ?? error}`}`,
  );
  process.exitCode = error?.code === "USAGE" ? 2 : 1;
});
