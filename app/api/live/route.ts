import { getActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { changeStream } from "@/lib/live/change-stream";
import { liveTopicFor } from "@/lib/live/change-counter";

export const dynamic = "force-dynamic";

/** `GET /api/live[?request=<id> | ?topic=notifications]`: server-sent "change" events for the pages a person has open. */
export async function GET(request: Request): Promise<Response> {
  const actor = await getActor();
  if (!actor) return new Response("Sign in first.", { status: 401 });
  const deps = await getDeps();
  const query = new URL(request.url).searchParams;
  const topic = await liveTopicFor(deps, actor, query.get("request"), query.get("topic"));
  if (!topic) return new Response("Not found.", { status: 404 });
  return new Response(changeStream(deps, topic, request.signal), {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
