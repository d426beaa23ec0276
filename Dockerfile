# syntax=docker/dockerfile:1
# Frontdesk in one image. Build: `docker build -t frontdesk .`; run with compose.yaml (PostgreSQL
# included) or see the README's "Run it in a container". The build steps are scripts/container/
# build.sh, which CI runs outside a container too (scripts/container/check.sh).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# Dependencies first, for the layer cache (postinstall generates the Prisma client from prisma/).
COPY package.json package-lock.json prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY . .
RUN sh scripts/container/build.sh /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    FRONTDESK_DATA_DIR=/data \
    FRONTDESK_CATALOG=/app/frontdesk.config.yaml
WORKDIR /app
# Owned by root and not writable by the app: the root filesystem may be mounted read-only. The
# only writable places are /data (the embedded database, when DATABASE_URL is unset), /tmp and
# /app/.next/cache (mount tmpfs there when the root filesystem is read-only).
COPY --from=build --chown=root:root /out /app
RUN mkdir -p /data /app/.next/cache && chown node:node /data /app/.next/cache
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Graceful shutdown on SIGTERM (within SHUTDOWN_TIMEOUT_SECONDS, default 25): give the container
# at least that long (compose: stop_grace_period; Kubernetes: terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
# FRONTDESK_MIGRATE_ON_START=true applies migrations first; or run them as a separate one-off:
#   docker run --rm -e DATABASE_URL=… frontdesk node dist/migrate.mjs
ENTRYPOINT ["sh", "scripts/start.sh"]
CMD ["-p", "3000", "-H", "0.0.0.0"]
