// Browser side of the minting endpoints. Responses are no-store JSON; errors carry a message
// meant for the person.
import type { UserError } from "@/lib/errors";

export interface CopyableCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  profileName: string;
  roleArn: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; message: string; code?: UserError["code"] };

async function post<T>(path: string): Promise<Result<T>> {
  try {
    const response = await fetch(path, { method: "POST", cache: "no-store", headers: { Accept: "application/json" } });
    const body = (await response.json()) as T | { error: UserError };
    if (response.ok) return { ok: true, value: body as T };
    const error = (body as { error?: UserError }).error;
    return { ok: false, message: error?.message ?? "Frontdesk could not issue access.", code: error?.code };
  } catch {
    return { ok: false, message: "Frontdesk could not be reached. Check your connection and try again." };
  }
}

export function requestCredentials(requestId: string) {
  return post<CopyableCredentials>(`/api/requests/${encodeURIComponent(requestId)}/credentials`);
}

export function requestConsoleLink(requestId: string) {
  return post<ConsoleSignIn>(`/api/requests/${encodeURIComponent(requestId)}/console`);
}

/** A console sign-in: a URL to open, or (SAML roles) a SAMLResponse the browser posts to the URL. */
export interface ConsoleSignIn {
  url: string;
  samlResponse?: string;
}

/** Posts the SAML response to AWS's sign-in endpoint from `target` (the new tab), as the HTTP-POST binding wants. */
export function postSamlResponse(target: Window, signIn: ConsoleSignIn & { samlResponse: string }): void {
  const doc = target.document;
  const form = doc.createElement("form");
  form.method = "POST";
  form.action = signIn.url;
  const field = doc.createElement("input");
  field.type = "hidden";
  field.name = "SAMLResponse";
  field.value = signIn.samlResponse;
  form.appendChild(field);
  doc.body.appendChild(form);
  form.submit();
}
