import { issueConsoleLink } from "@/lib/access/issue-access";
import { issueAccessRoute } from "@/lib/http/issue-access-route";

/** A console sign-in URL for an open window: a bearer secret for 15 minutes, never stored. */
export const POST = issueAccessRoute(async (deps, options) => ({ url: await issueConsoleLink(deps, options) }));
