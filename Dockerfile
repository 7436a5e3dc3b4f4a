# The Permission api, as operators run it (docker-compose.yml runs it next to PostgreSQL and
# Meilisearch). Two stages: build with the dev dependencies (tsc, and Vite for the portal), then a slim runtime image with
# production dependencies only, running as the unprivileged `node` user.
#   docker build -t permission-api .
# Both stages use Debian bookworm (glibc): argon2's prebuilt binary and the embedded-postgres
# binaries are built for it.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# dependencies first: this layer is reused while package*.json do not change
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# then the sources (.dockerignore keeps out tests, local data and build output), built by the
# project's own `npm run build`, so whatever it builds into dist/ is in the image
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# --max-semi-space-size: a larger young generation, fewer garbage collections under load (as npm start)
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=64 \
    PORT=4000
WORKDIR /app
# Owned by root and read-only for the server: it writes nothing next to its code.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Ready = the database answers (see GET /readyz); node's fetch, since the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop accepting, finish requests in flight, stop the indexer after its batch, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
