// Where a server's CPU went: the self time of a V8 CPU profile (BENCH_CPU_PROF=<dir> npm run bench
// writes one per server process) grouped by who spent it. Idle time is left out, so the shares are
// of the busy time.
// Usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [more…]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The component a frame belongs to, from its script's address. */
export function componentOf({ functionName, url }: ProfileNode["callFrame"]): string {
  if (!url) {
    if (functionName === "writev" || functionName === "writeBuffer" || functionName === "writeUtf8String") return "socket writes (system calls)";
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(idle)") return "idle";
    return `native: ${functionName || "(anonymous)"}`;
  }
  if (url.startsWith("wasm://")) return "Prisma query compiler (WebAssembly)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg?.startsWith("@prisma/")) return "Prisma";
  if (pkg === "next") return url.includes("/compiled/react") || url.includes("react-server-dom") ? "React (rendering)" : "Next.js";
  if (pkg) return pkg;
  if (url.startsWith("node:")) return "Node.js core";
  // The app's own bundle (Frontdesk's code with the libraries Next bundled into it).
  if (url.includes("/server/chunks/") || url.includes("/server/app/")) return "app bundle (Frontdesk and bundled libraries)";
  return url;
}

export function summarise(profile: Profile): { busyMs: number; shares: [string, number][] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byComponent = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const component = componentOf(nodes.get(id)!.callFrame);
    byComponent.set(component, (byComponent.get(component) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  byComponent.delete("idle");
  const busy = [...byComponent.values()].reduce((a, b) => a + b, 0);
  const shares = [...byComponent].map(([k, v]) => [k, v / busy] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { busyMs: busy / 1000, shares };
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  for (const file of process.argv.slice(2)) {
    const { busyMs, shares } = summarise(JSON.parse(readFileSync(file, "utf8")) as Profile);
    console.log(`${file}: ${(busyMs / 1000).toFixed(1)} s busy`);
    for (const [component, share] of shares.filter(([, s]) => s >= 0.005)) console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${component}`);
  }
}
