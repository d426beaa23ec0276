// Whether the database answers right now, for the one place that must render without it: the root
// layout, which shows a plain outage notice instead of a page that cannot load. Asked at most once
// every couple of seconds per process and never waits long, so it costs nothing in normal times.
import { getDb } from "./client";

const FRESH_MS = 2_000;
const TIMEOUT_MS = 1_500;

const store = globalThis as typeof globalThis & { __frontdeskDbAvailable?: { at: number; answer: Promise<boolean> } };

export function databaseAvailable(now = Date.now()): Promise<boolean> {
  const last = store.__frontdeskDbAvailable;
  if (last && now - last.at < FRESH_MS) return last.answer;
  const answer = ping();
  store.__frontdeskDbAvailable = { at: now, answer };
  return answer;
}

async function ping(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), TIMEOUT_MS);
    });
    const query = (async () => {
      const db = await getDb();
      await db.$queryRaw`SELECT 1`;
      return true;
    })().catch(() => false);
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
