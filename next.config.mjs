/** @type {import('next').NextConfig} */
// Build assets skip proxy.ts (which sets the per-request CSP and the rest on everything else), so
// they get the static headers here.
const staticAssetHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
];

const nextConfig = {
  reactStrictMode: true,
  // NEXT_DIST_DIR lets two checkouts' test builds live side by side; .next otherwise.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // HTTP_COMPRESSION=false (validated in lib/env.ts) when a reverse proxy compresses: gzip in the
  // Node process would spend the cores that serve requests.
  compress: process.env.HTTP_COMPRESSION !== "false",
  // Next's default, written out: proxy.ts answers 413 above it (SERVER_ACTION_BODY_LIMIT_BYTES in
  // lib/http/page-post-guard.ts, kept equal by its test) instead of Next's 500.
  // preloadEntriesOnStart off: Next would otherwise load every route's code right after start,
  // which holds the first answer (the health check) for a second on a busy host and keeps routes
  // nobody uses in memory. Each route now loads with its first request (npm run bench:client).
  experimental: { serverActions: { bodySizeLimit: "1mb" }, preloadEntriesOnStart: false },
  // Loaded from node_modules at run time: PGlite reads its WebAssembly and data files next to its code.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    // Metrics and logs: one registry and one logger per process, loaded as they are.
    "prom-client",
    "pino",
  ],
  async headers() {
    return [
      { source: "/_next/static/:path*", headers: staticAssetHeaders },
      { source: "/_next/image", headers: staticAssetHeaders },
      { source: "/favicon.svg", headers: staticAssetHeaders },
    ];
  },
};

export default nextConfig;
