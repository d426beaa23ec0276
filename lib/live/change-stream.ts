// A server-sent event stream that says "changed" whenever the topic's counter moves. It carries no
// data about requests (the page re-reads itself with the person's own rights), and it ends after a
// while so a load balancer's idle limits never cut it mid-way: EventSource reconnects by itself.
import type { Deps } from "@/lib/context";
import { changeCounter, type LiveTopic } from "./change-counter";

export interface StreamTiming {
  pollMs: number;
  heartbeatMs: number;
  lifetimeMs: number;
}

export const STREAM_TIMING: StreamTiming = { pollMs: 1_500, heartbeatMs: 15_000, lifetimeMs: 5 * 60_000 };

export function changeStream(
  deps: Pick<Deps, "db" | "now">,
  topic: LiveTopic,
  signal: AbortSignal,
  timing: StreamTiming = STREAM_TIMING,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let last = await changeCounter(deps, topic).catch(() => null);
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      // The client waits this long before reconnecting after the stream ends.
      send(`retry: 2000\nevent: ready\ndata: ${last ?? ""}\n\n`);
      const poll = setInterval(async () => {
        const now = await changeCounter(deps, topic).catch(() => null);
        if (now !== null && now !== last) {
          last = now;
          send(`event: change\ndata: ${now}\n\n`);
        }
      }, timing.pollMs);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), timing.heartbeatMs);
      const lifetime = setTimeout(() => stop(), timing.lifetimeMs);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(poll);
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        controller.close();
      };
      signal.addEventListener("abort", () => stop(), { once: true });
    },
    cancel() {
      stop();
    },
  });
}
