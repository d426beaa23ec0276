// The framework's floor: a bare Next.js app (the same Next.js and Node.js as Frontdesk) whose route
// handlers do exactly what the bare node:http ceiling does (scripts/bench/ceiling-server.ts). The
// bench builds and runs it beside Frontdesk and the ceiling, so its figures split the distance to
// the ceiling into what Next.js itself costs and what Frontdesk adds on top.
import path from "node:path";

const config = {
  poweredByHeader: false,
  distDir: process.env.NEXT_FLOOR_DIST_DIR || ".next",
  serverExternalPackages: ["pg"],
  turbopack: { root: path.resolve(import.meta.dirname, "../../..") },
};

export default config;
