# syntax=docker/dockerfile:1
# Tasklane sync server (serves the built PWA too). Build: docker build -t tasklane .
# Node 24 is the current LTS (Node 20 reached end of life in April 2026); the code still runs on Node >= 20.19 from source.

# 1. Build: every dependency, native modules compiled here (better-sqlite3 needs a toolchain).
FROM node:24-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY sync-server/package.json sync-server/
COPY client/package.json client/
COPY service-worker/package.json service-worker/
COPY testkit/package.json testkit/
COPY chaos/package.json chaos/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies of the server only (compiled against the same Node and libc).
FROM build AS deps
RUN rm -rf node_modules sync-server/node_modules \
 && npm ci --omit=dev --workspace=@tasklane/sync-server --include-workspace-root=false --no-audit --no-fund

# 3. Runtime: no compiler, no dev dependencies, not root.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/sync-server/package.json ./sync-server/package.json
COPY --from=build --chown=node:node /app/sync-server/dist ./sync-server/dist
COPY --from=build --chown=node:node /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
# 3000: the app (PORT); 9464: Prometheus metrics (METRICS_PORT), never published to the public.
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "sync-server/dist/main.js"]
