#!/bin/sh
# The one way Frontdesk's server starts: `npm start`, the container image and the CI check of it
# all run this file. Arguments go to `next start` (for example -p 8080 -H 0.0.0.0).
# - NEXT_MANUAL_SIG_HANDLE: Frontdesk shuts down gracefully itself on SIGTERM (lib/ops).
# - FRONTDESK_MIGRATE_ON_START=true applies pending migrations first (PostgreSQL; the embedded
#   database always migrates itself).
set -eu
cd "$(dirname "$0")/.."
export NEXT_MANUAL_SIG_HANDLE=true NEXT_TELEMETRY_DISABLED=1
# DEP0169 (url.parse) is raised on Node.js 24 by openid-client 5 (next-auth 4's OpenID Connect
# client) and nodemailer 7 (next-auth 4's peer), neither of which Frontdesk can change; every other
# warning still shows.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--disable-warning=DEP0169"
# V8 lets the young generation grow to 3 x 64 MB on a large host; measured under page load it
# reached 134 MB of the server's RSS for no gain. 16 MB semi-spaces keep it near 50 MB (npm run
# bench:client). An operator's own --max-semi-space-size in NODE_OPTIONS wins.
case "${NODE_OPTIONS}" in
  *--max-semi-space-size*) ;;
  *) export NODE_OPTIONS="$NODE_OPTIONS --max-semi-space-size=16" ;;
esac
if [ "${FRONTDESK_MIGRATE_ON_START:-false}" = "true" ]; then
  if [ -f dist/migrate.mjs ]; then node dist/migrate.mjs; else node_modules/.bin/tsx scripts/db/migrate.ts; fi
fi
exec node node_modules/next/dist/bin/next start "$@"
