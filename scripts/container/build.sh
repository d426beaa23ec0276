#!/bin/sh
# The image's build steps, shared by the Dockerfile and CI (scripts/container/check.sh), run in a
# checkout where `npm ci` has been run. Leaves a self-contained runtime tree in $1:
# the Next.js build, production dependencies only, migrations, and the start script.
set -eu
out="${1:?usage: build.sh <output folder>}"
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

node_modules/.bin/next build
# `db:migrate` and `audit:verify` without tsx at run time: one ESM file each, packages loaded
# from node_modules (dist/migrate.mjs, dist/audit-verify.mjs).
for entry in scripts/db/migrate.ts scripts/audit-verify.ts; do
  node_modules/.bin/esbuild "$entry" --bundle --platform=node --format=esm --target=node24 \
    --packages=external --log-level=warning --outfile="dist/$(basename "$entry" .ts).mjs"
done
# Production dependencies only (the Prisma client was generated into lib/generated and compiled
# into the build above).
npm prune --omit=dev --no-audit --no-fund

mkdir -p "$out"
cp -R package.json package-lock.json next.config.mjs node_modules public prisma dist "$out"/
mkdir -p "$out/scripts" "$out/.next"
cp scripts/start.sh "$out/scripts/"
# The build without its build-time cache.
dist_dir="${NEXT_DIST_DIR:-.next}"
(cd "$dist_dir" && tar --exclude=./cache -cf - .) | (cd "$out/.next" && tar -xf -)
# The example catalog, so the image starts as is; mount your own over it (FRONTDESK_CATALOG).
cp frontdesk.config.yaml "$out"/
