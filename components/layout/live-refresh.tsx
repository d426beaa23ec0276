"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps an open page current: when the server says the request (or any request) changed, the page
 * re-reads itself. router.refresh() keeps what the person is typing (client state survives), and a
 * burst of changes costs one refresh.
 */
export function LiveRefresh({ requestId, topic }: { requestId?: string; topic?: "notifications" }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(
      requestId ? `/api/live?request=${encodeURIComponent(requestId)}` : topic ? `/api/live?topic=${encodeURIComponent(topic)}` : "/api/live",
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("change", () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 250);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [requestId, topic, router]);
  return null;
}
