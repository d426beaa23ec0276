"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps an open page current: when the server says the request (or any request) changed, the page
 * re-reads itself. router.refresh() keeps what the person is typing (client state survives), and a
 * burst of changes costs one refresh.
 */
export function LiveRefresh({ requestId }: { requestId?: string }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(requestId ? `/api/live?request=${encodeURIComponent(requestId)}` : "/api/live");
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("change", () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 250);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [requestId, router]);
  return null;
}
