#!/usr/bin/env bash
# What CI checks of the deployment without a container engine, in a clean copy of the sources:
#  1. compose.yaml validates against the Compose specification's schema (dclint);
#  2. a clean install runs the demo with no moto_server on PATH: `npm ci && npm run demo` reaches a
#     served page on the built-in AWS stand-in;
#  3. the image's build steps (scripts/container/build.sh, as the Dockerfile runs them) produce the
#     runtime tree, which starts with the image's own ENTRYPOINT and CMD, as an unprivileged user,
#     with nothing writable but its data and cache folders, against a fresh PostgreSQL database:
#     migrations on start, /api/ready, the image's HEALTHCHECK command, then SIGTERM and exit 0.
set -euo pipefail
trap 'echo "check.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
PORT_BASE="${CHECK_PORT_BASE:-5000}"

echo "--- compose.yaml against the Compose schema"
node_modules/.bin/dclint -q compose.yaml

work="$(mktemp -d)"
demo_pid=""
app_pid=""
cleanup() {
  [ -n "$demo_pid" ] && kill -TERM -- "-$demo_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null || true
  [ -n "${db_name:-}" ] && node -e "const pg=require('$repo/node_modules/pg');const c=new pg.Client('postgresql://postgres@127.0.0.1:5432/postgres');c.connect().then(()=>c.query('DROP DATABASE IF EXISTS \"$db_name\" WITH (FORCE)')).finally(()=>c.end())" || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/src"

echo "--- clean install: npm ci && npm run demo, without moto_server on PATH"
no_moto_path="$(node -e 'const fs=require("fs"),p=require("path");console.log(process.env.PATH.split(p.delimiter).filter(d=>{try{fs.accessSync(p.join(d,"moto_server"),fs.constants.X_OK);return false}catch{return true}}).join(p.delimiter))')"
(cd "$work/src" && env -u NEXT_DIST_DIR npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1) || { tail -50 "$work/npm-ci.log"; echo "npm ci failed"; exit 1; }
if grep -Ei "EBADENGINE|npm warn" "$work/npm-ci.log"; then echo "npm ci printed warnings (above)"; exit 1; fi
(
  cd "$work/src"
  exec env -u NEXT_DIST_DIR PATH="$no_moto_path" setsid npm run demo -- \
    --app-port "$PORT_BASE" --idp-port $((PORT_BASE + 10)) --moto-port $((PORT_BASE + 20)) --federation-port $((PORT_BASE + 30)) \
    --saml-idp-port $((PORT_BASE + 40)) --slack-port $((PORT_BASE + 50)) --smtp-port $((PORT_BASE + 60))
) >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do
  grep -q "Frontdesk demo is ready" "$work/demo.log" && break
  kill -0 "$demo_pid" 2>/dev/null || { tail -50 "$work/demo.log"; echo "the demo exited"; exit 1; }
  sleep 1
done
grep -q "built-in AWS stand-in" "$work/demo.log" || { tail -50 "$work/demo.log"; echo "the demo did not use the built-in AWS stand-in"; exit 1; }
page="$(node -e "fetch('http://127.0.0.1:$PORT_BASE/signin').then(async r=>{const t=await r.text();console.log(r.status, /Sign in with Demo IdP/.test(t))},e=>console.log('error', e.cause?.code ?? e.name))")"
[ "$page" = "200 true" ] || { echo "the demo's sign-in page answered: $page"; exit 1; }
if grep -E "DeprecationWarning|ExperimentalWarning|NodeVersion|EBADENGINE|[Rr]equires Node" "$work/demo.log"; then echo "the demo printed a runtime warning (above)"; exit 1; fi
kill -TERM -- "-$demo_pid"; wait "$demo_pid" || true; demo_pid=""
echo "demo served http://127.0.0.1:$PORT_BASE/signin with the built-in AWS stand-in"

echo "--- the image's build steps"
(cd "$work/src" && env -u NEXT_DIST_DIR sh scripts/container/build.sh "$work/app" >"$work/build.log" 2>&1) || { tail -50 "$work/build.log"; exit 1; }
# As in the image: the app tree read-only to the app's user, /data and the cache writable.
mkdir -p "$work/data" "$work/app/.next/cache"
run_as=()
if [ "$(id -u)" = 0 ]; then
  chown -R root:root "$work/app" && chmod -R a-w "$work/app" && chmod a+rx "$work"
  chown nobody "$work/data" && chmod u+w "$work/app/.next/cache" && chown nobody "$work/app/.next/cache"
  # setpriv execs (no process in between), so SIGTERM reaches the app itself, as in a container.
  run_as=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --)
fi
# The image's start command (its ENTRYPOINT, read from the Dockerfile; the arguments replace its
# CMD, as `docker run frontdesk -p … -H …` would, to bind loopback only).
mapfile -t start < <(node -e '
  const text = require("fs").readFileSync("Dockerfile", "utf8");
  const entry = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(text)[1]);
  for (const part of entry) console.log(part);')
mapfile -t healthcheck < <(node -e '
  const text = require("fs").readFileSync("Dockerfile", "utf8");
  for (const part of JSON.parse(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])$/m.exec(text)[1])) console.log(part);')
db_name="frontdesk_image_check_$RANDOM$RANDOM"
node -e "const pg=require('$repo/node_modules/pg');const c=new pg.Client('postgresql://postgres@127.0.0.1:5432/postgres');c.connect().then(()=>c.query('CREATE DATABASE \"$db_name\"')).finally(()=>c.end())"
app_port=$((PORT_BASE + 80))
(
  cd "$work/app"
  exec env -i PATH="$PATH" HOME=/tmp NODE_ENV=production PORT="$app_port" HOSTNAME=127.0.0.1 \
    FRONTDESK_DATA_DIR="$work/data" FRONTDESK_CATALOG=frontdesk.config.yaml FRONTDESK_MIGRATE_ON_START=true \
    DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db_name" NEXTAUTH_URL="http://127.0.0.1:$app_port" \
    NEXTAUTH_SECRET="$(node -p 'require("crypto").randomBytes(32).toString("hex")')" \
    OIDC_ISSUER=http://127.0.0.1:9/unused OIDC_CLIENT_ID=check OIDC_CLIENT_SECRET=check \
    "${run_as[@]}" "${start[@]}" -p "$app_port" -H 127.0.0.1
) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  [ "$(node -e "fetch('http://127.0.0.1:$app_port/api/ready').then(r=>console.log(r.status),()=>console.log(0))")" = 200 ] && break
  kill -0 "$app_pid" 2>/dev/null || { tail -50 "$work/app.log"; echo "the image's start command exited"; exit 1; }
  sleep 1
done
(cd "$work/app" && PORT="$app_port" "${healthcheck[@]}") || { tail -50 "$work/app.log"; echo "the HEALTHCHECK command failed"; exit 1; }
kill -TERM "$app_pid"
code=0; wait "$app_pid" || code=$?
app_pid=""
grep -q '"msg":"stopped"' "$work/app.log" || { tail -50 "$work/app.log"; echo "no graceful stop"; exit 1; }
if grep -E "DeprecationWarning|ExperimentalWarning|NodeVersion" "$work/app.log"; then echo "the app printed a runtime warning (above)"; exit 1; fi
[ "$code" = 0 ] || { tail -50 "$work/app.log"; echo "exit code $code after SIGTERM"; exit 1; }
echo "image build steps, start command, readiness, HEALTHCHECK and graceful stop: ok"
