// Slack's Interactivity Request URL. The raw body is read before anything else: the signature
// covers exactly those bytes.
import { getDeps } from "@/lib/deps";
import { handleSlackInteraction, MAX_INTERACTION_BODY } from "@/lib/slack/handle-interaction";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_INTERACTION_BODY) return Response.json({ error: "Request too large." }, { status: 413 });
  const rawBody = await request.text();
  try {
    const outcome = await handleSlackInteraction(await getDeps(), {
      rawBody,
      signature: request.headers.get("x-slack-signature"),
      timestamp: request.headers.get("x-slack-request-timestamp"),
      retryNum: request.headers.get("x-slack-retry-num"),
    });
    // Slack wants an empty 200 within 3 seconds; anything else it shows or retries.
    if (outcome.status === 200) return new Response(null, { status: 200 });
    return Response.json({ error: outcome.message }, { status: outcome.status });
  } catch (error) {
    console.error("[frontdesk] Slack interaction failed:", error);
    return Response.json({ error: "Frontdesk could not process this click; Slack will retry it." }, { status: 500 });
  }
}
