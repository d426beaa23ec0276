import { issueConsoleSignIn } from "@/lib/access/issue-access";
import { issueAccessRoute } from "@/lib/http/issue-access-route";

/** A console sign-in for an open window (a URL, or a SAML response to post): a bearer secret for minutes, never stored. */
export const POST = issueAccessRoute((deps, options) => issueConsoleSignIn(deps, options));
