// Pages of the console federation stand-in.
import { escapeHtml, htmlPage } from "./html";

export const CONSOLE_TITLE = "AWS Management Console (local stand-in)";

/**
 * The federation endpoint's refusals look like the servlet error pages AWS users report
 * ("HTTP 400", message "Invalid credentials parameter", description "The request sent by the
 * client was syntactically incorrect."), plus a line saying what the stand-in objected to.
 */
export function federationErrorPage(status: number, message: string, description: string, detail: string): string {
  return htmlPage(
    `HTTP Status ${status} - ${message}`,
    `<h1>HTTP Status ${status} - ${escapeHtml(message)}</h1>
<p><b>type</b> Status report</p>
<p><b>message</b> ${escapeHtml(message)}</p>
<p><b>description</b> ${escapeHtml(description)}</p>
<p class="note">Local stand-in: ${escapeHtml(detail)}</p>`,
  );
}

export function invalidTokenPage(): string {
  return htmlPage(
    `Sign-in failed · ${CONSOLE_TITLE}`,
    `<h1>Your sign-in link is invalid or has expired</h1>
<p class="error" role="alert">The sign-in token is unknown, was already used, or is older than 15 minutes.</p>
<p>Go back to Frontdesk and open the console again.</p>`,
  );
}

export interface ConsoleSession {
  arn: string;
  account: string;
  destination: string;
  issuer: string;
  expiresAt: Date;
  /** False when getSigninToken had no SessionDuration and the 1-hour default was assumed. */
  durationRequested: boolean;
}

export function consolePage(session: ConsoleSession, now: number): string {
  const minutes = Math.round((session.expiresAt.getTime() - now) / 60_000);
  const issuer = /^https?:\/\//.test(session.issuer)
    ? `<a href="${escapeHtml(session.issuer)}">${escapeHtml(session.issuer)}</a>`
    : session.issuer
      ? escapeHtml(session.issuer)
      : "(none)";
  return htmlPage(
    CONSOLE_TITLE,
    `<h1>${CONSOLE_TITLE}</h1>
<p>You are signed in to a local stand-in for the AWS console. No AWS session exists; the credentials
were checked with <code>sts:GetCallerIdentity</code> against the local emulator.</p>
<dl>
  <dt>Signed in as</dt><dd><code>${escapeHtml(session.arn)}</code></dd>
  <dt>Account</dt><dd><code>${escapeHtml(session.account)}</code></dd>
  <dt>Destination</dt><dd><code>${escapeHtml(session.destination)}</code></dd>
  <dt>Issuer</dt><dd>${issuer}</dd>
  <dt>Session expires</dt><dd><time datetime="${session.expiresAt.toISOString()}">${session.expiresAt.toISOString()}</time>
    (in ${minutes} minutes${session.durationRequested ? "" : "; no SessionDuration was sent, so 1 hour was assumed"})</dd>
</dl>`,
  );
}
