// The dev IdP's own pages: login, sign-out confirmation, signed-out and error.
import { escapeHtml, htmlPage } from "./html";
import type { DemoUser } from "./demo-users";

export const IDP_NAME = "Demo IdP";

export function loginPage(options: {
  action: string;
  users: readonly DemoUser[];
  username?: string;
  error?: string;
  /** The application asked for a second factor (acr_values). */
  stepUp?: boolean;
}): string {
  const { action, users, username = "", error, stepUp = false } = options;
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : "";
  const rows = users
    .map(
      (u) =>
        `<tr><td><code>${escapeHtml(u.username)}</code></td><td>${escapeHtml(u.name)}</td>` +
        `<td>${escapeHtml(u.groups.join(", "))}</td><td>${escapeHtml(u.summary)}</td></tr>`,
    )
    .join("\n");
  return htmlPage(
    `Sign in · ${IDP_NAME}`,
    `<h1>Sign in to the ${IDP_NAME}</h1>
${stepUp ? '<p class="note" id="step-up">The application asks for a sign-in with a second factor.</p>' : ""}
${error ? `<p class="error" id="login-error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${escapeHtml(action)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false"
    required value="${escapeHtml(username)}"${invalid}${username ? "" : " autofocus"}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${invalid}${username ? " autofocus" : ""}>
  <p><input id="second_factor" name="second_factor" type="checkbox" style="width:auto"><label for="second_factor" style="display:inline;margin-left:.5rem">I used a second factor</label></p>
  <button type="submit" name="action" value="login">Sign in</button>
  <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
<table>
  <caption>Demo users (the password is <code>demo</code> for all)</caption>
  <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Groups</th><th scope="col">Role</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>
<p class="note">This development identity provider asks for a password on every sign-in, so you can switch users at any time.</p>`,
  );
}

/** `form` is oidc-provider's hidden form (id "op.logoutForm"), carrying its anti-forgery token. */
export function logoutPage(form: string): string {
  return htmlPage(
    `Sign out · ${IDP_NAME}`,
    `<h1>Sign out of the ${IDP_NAME}?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function signedOutPage(): string {
  return htmlPage(`Signed out · ${IDP_NAME}`, `<h1>You are signed out of the ${IDP_NAME}</h1>`);
}

export function errorPage(title: string, message: string): string {
  return htmlPage(
    `${title} · ${IDP_NAME}`,
    `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
<p>Go back to the application and sign in again.</p>`,
  );
}
