// What every log line of one HTTP request carries: its id and, once known, the acting person's id.
// Set by the HTTP observer when a request arrives; the actor is added where the session is resolved.
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  requestId: string;
  actorId?: string;
  /** The route pattern (`/requests/[id]`), for metrics and the request's log line. */
  route?: string;
}

const store = globalThis as typeof globalThis & { __frontdeskRequestContext?: AsyncLocalStorage<RequestContext> };
export const requestContext: AsyncLocalStorage<RequestContext> = (store.__frontdeskRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function currentRequest(): RequestContext | undefined {
  return requestContext.getStore();
}

/** Records who is acting in the current request (a no-op outside one). Ids only, never names or emails. */
export function noteActor(actorId: string): void {
  const context = requestContext.getStore();
  if (context) context.actorId = actorId;
}
