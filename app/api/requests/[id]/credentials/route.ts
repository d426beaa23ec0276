import { issueCredentials } from "@/lib/access/issue-access";
import { issueAccessRoute } from "@/lib/http/issue-access-route";

/** Temporary credentials for an open window, minted now and returned once (never stored). */
export const POST = issueAccessRoute(async (deps, options) => {
  const credentials = await issueCredentials(deps, options);
  return { ...credentials, expiration: credentials.expiration.toISOString() };
});
