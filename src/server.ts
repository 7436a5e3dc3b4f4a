/**
 * The HTTP server: GraphQL at /graphql (Apollo Server over Express), the GraphiQL explorer at
 * /graphiql from local assets, health and readiness probes.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import compression from 'compression';
import helmet from 'helmet';
import { maxAuthMutationsRule, noSubscriptionsRule } from './limits/auth-mutations';
import { limitsPlugin } from './limits/limits.plugin';
import type { GraphQLError } from 'graphql';
import type { App } from './app';
import { buildAppSchema } from './build-schema';
import { formatError, httpStatusPlugin } from './schema/errors';
import { buildContext, type GraphQLContext } from './context';
import { portalRouter } from './portal/portal.route';
import { devMailboxRouter } from './mail/dev-mailbox.route';
import { OAUTH_CALLBACK_PATH } from './verification/oauth';
import { createLogger, httpLogger, requestFacts, type Logger } from './observability/logger';
import { createMetrics, graphqlDuration, graphqlErrors, operationLabel } from './observability/metrics';

export interface RunningServer {
  url: string;
  port: number;
  /** True once close() has begun: /readyz answers 503 and responses ask clients to reconnect. */
  readonly draining: boolean;
  /**
   * Say not ready (/readyz 503) for shutdownDelayMs while still serving, then stop accepting
   * connections, let requests in flight finish (for up to drainMs, then their connections are
   * cut), and stop Apollo.
   */
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before cutting their connections. */
export const DRAIN_MS = 5_000;

/** The code a client sees for an error, decided where every error is formatted (src/schema/errors.ts). */
function publicCode(err: GraphQLError): string {
  const code = formatError({ message: err.message, extensions: err.extensions }, err, () => undefined).extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

const GRAPHIQL_QUERY = `# Permission: find influencers who opted in themselves, by topic and context.
# Put your agency key in the Headers tab below: {"Authorization": "Bearer pk_..."}
# (npm start prints a demo key; npm run cli -- agency:create <name> makes one).
query Search {
  searchInfluencers(filter: { topics: ["fitness"], countries: ["DE", "FR", "ES", "IT", "GB", "US"] }, first: 10) {
    totalCount
    edges {
      node { id displayName country city languages contactable
             accounts { platform handle followers engagementRate } }
      matchedTopics { topic { name } weight matchedBy evidence }
    }
    pageInfo { hasNextPage endCursor }
    facets { topics { label count } countries { label count } }
  }
}
`;

export interface ServerOptions {
  /**
   * Query limits and rate limits (default on). Off only to measure what they cost
   * (bench/search.bench.ts runs both in the same run).
   */
  limits?: boolean;
  /** Default DRAIN_MS. */
  drainMs?: number;
  /** Default: the configured SHUTDOWN_DELAY_MS (see close()). */
  shutdownDelayMs?: number;
  /** Where request and error logs go. Default: JSON lines on stdout at the configured LOG_LEVEL. */
  logger?: Logger;
  /**
   * An API key GraphiQL opens with in its headers (outside production: the demo agency's, so
   * the first search is one click). Without it, GraphiQL shows where a key goes.
   */
  graphiqlKey?: string | null;
}

/** The GraphiQL page's settings: the example search, and the key in its headers when there is one. */
export function graphiqlOptions(key: string | null | undefined) {
  const query = key
    ? GRAPHIQL_QUERY.replace(/^# Put your agency key.*\n# \(npm start prints.*\n/m, "# The Headers tab holds the demo agency's key: press the run button (or Ctrl+Enter).\n")
    : GRAPHIQL_QUERY;
  const headers = JSON.stringify({ Authorization: `Bearer ${key ?? 'pk_...'}` }, null, 2);
  return {
    title: 'Permission GraphiQL',
    endpoint: '/graphql',
    defaultTabs: [{ query, headers }],
    ...(key ? { defaultHeaders: headers, defaultEditorToolsVisibility: 'headers' as const } : {}),
  };
}

export async function startServer(app: App, port = app.config.port, host = '0.0.0.0', options: ServerOptions = {}): Promise<RunningServer> {
  const limited = options.limits !== false;
  const schema = await buildAppSchema();
  const logger = options.logger ?? createLogger({ level: app.config.logLevel });
  const web = express();
  web.disable('x-powered-by');
  // no ETag computed over every response body (a hash of up to tens of kB per search): answers to
  // POST are never revalidated, and the static files (serve-static) set their own
  web.set('etag', false);
  web.set('trust proxy', trustProxy(app.config.limits.trustProxy));
  // security headers everywhere (pages set their own, stricter Content Security Policy)
  web.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }, frameguard: { action: 'deny' } }));
  web.use(httpLogger(logger));
  let draining = false;
  web.use((_req, res, next) => {
    // while draining: keep-alive clients reconnect (to another replica) instead of reusing this one
    if (draining) res.setHeader('connection', 'close');
    next();
  });
  const httpServer = http.createServer(web);
  // Idle keep-alive connections live longer than a load balancer's (AWS ALB: 60 s), so the server
  // never closes one just as the balancer sends a request on it.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const wakeAfterMutation: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.operation?.operation === 'mutation') rc.contextValue.app.afterCommit();
        },
      };
    },
  };
  // Limits before execution (graphql-armor): sized so that every README and GraphiQL example
  // passes with room to spare, and the alias or depth bombs do not.
  const armor = new ApolloArmor({
    maxAliases: { n: 15 },
    maxDepth: { n: 10, ignoreIntrospection: true },
    maxTokens: { enabled: false }, // graphql-js counts tokens while parsing: see parseOptions
    maxDirectives: { n: 20 },
    costLimit: { enabled: false }, // our own cost model, see src/limits/query-cost.ts
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // Metrics and log facts per GraphQL request: duration by operation, errors by code; unexpected
  // errors logged once, with the request id, never with what the request carried.
  const observe: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      const codes: string[] = [];
      return {
        async didEncounterErrors(rc) {
          for (const err of rc.errors) {
            const code = publicCode(err);
            codes.push(code);
            graphqlErrors.inc({ code });
            if (code === 'INTERNAL_SERVER_ERROR') {
              const log = (rc.contextValue?.req as { log?: Logger } | undefined)?.log ?? logger;
              log.error({ err: err.originalError ?? err, path: err.path?.join('.') }, 'GraphQL internal error');
            }
          }
        },
        async willSendResponse(rc) {
          const operation = operationLabel(rc.operationName ?? rc.request.operationName);
          graphqlDuration.observe({ operation, type: rc.operation?.operation ?? 'invalid' }, Number(process.hrtime.bigint() - started) / 1e9);
          const res = rc.contextValue?.res;
          if (res) Object.assign(requestFacts(res), { operation, errorCodes: [...new Set(codes)] });
        },
      };
    },
    async contextCreationDidFail({ error }) {
      const code = publicCode(error as GraphQLError);
      graphqlErrors.inc({ code });
      if (code === 'DATABASE_UNAVAILABLE') logger.warn('GraphQL context could not be built: the database is unavailable');
      else logger.error({ err: error }, 'GraphQL context could not be built');
    },
  };
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // internal errors are logged by `observe` above, with the request id
    formatError: (formatted, error) => formatError(formatted, error, () => undefined),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    allowBatchedHttpRequests: false,
    // more tokens than any sensible operation (GraphiQL's introspection query has about 300)
    parseOptions: limited ? { maxTokens: 3000 } : {},
    // no automatic persisted queries: nothing here uses them, and a hash that does not match is a 400
    persistedQueries: false,
    validationRules: limited ? [...armor.validationRules, maxAuthMutationsRule(1), noSubscriptionsRule] : [noSubscriptionsRule],
    // GET works for queries (GraphQL over HTTP). A cross-site page cannot send these headers
    // without a CORS preflight, so cookie-carrying simple requests stay blocked (CSRF, XS-Search).
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.drainMs ?? DRAIN_MS }),
      // Apollo's default cache-control plugin wraps every field to compute HTTP cache hints; no
      // answer here may be cached by HTTP caches (each is per key and checked against the rule)
      ApolloServerPluginCacheControlDisabled(),
      ...(limited ? [...armor.plugins, limitsPlugin(schema, app.limits)] : []),
      wakeAfterMutation,
      observe,
      httpStatusPlugin,
    ],
  });
  await apollo.start();

  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready: the database answers and this process is not draining. The search engine and the
  // index lag are reported but do not make it unready: with the engine down, withdrawals and
  // erasures must still be accepted (searches answer SEARCH_UNAVAILABLE meanwhile).
  web.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const engine = app.engine.ping
      ? app.engine.ping().then(() => 'ok' as const, () => 'down' as const)
      : Promise.resolve('unknown' as const);
    try {
      const o = await app.queue.stats(app.ds);
      const search = await engine;
      res.json({
        status: search === 'down' ? 'degraded' : 'ready',
        database: 'ok',
        search,
        outbox: { pending: o.pending, oldestSeconds: Math.round(o.oldestSeconds * 1000) / 1000, deadLetters: o.deadLetters },
      });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down', search: await engine });
    }
  });
  // Prometheus (prom-client): see src/observability/metrics.ts for the series.
  const metrics = createMetrics(app);
  web.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });
  // GraphiQL is 9 MiB of inline script: rendered and gzipped once, off the event loop (gzip in
  // libuv's thread pool, started on the first visit), served with a policy that allows exactly
  // its own inline scripts (by hash) and nothing from elsewhere.
  let rendering: Promise<{ html: Buffer; gzip: Buffer; csp: string }> | null = null;
  web.get('/graphiql', async (req, res) => {
    rendering ??= renderPage(renderGraphiQL(graphiqlOptions(options.graphiqlKey)));
    const graphiql = await rendering;
    res.setHeader('content-security-policy', graphiql.csp);
    res.setHeader('vary', 'accept-encoding');
    res.type('html');
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) res.setHeader('content-encoding', 'gzip').send(graphiql.gzip);
    else res.send(graphiql.html);
  });
  web.use('/portal', portalRouter({ production: app.config.production }));
  if (!app.config.production && !app.mail.delivers) web.use('/dev/mail', devMailboxRouter(app.mail));
  // The platform sends the browser back here after an OAuth sign-in (VerificationService): the
  // outcome goes to the portal's Accounts page, in its address.
  web.get(OAUTH_CALLBACK_PATH, async (req, res, next) => {
    try {
      const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : null);
      const { accountId, outcome } = await app.verification.completeOAuth(q('state') ?? '', q('code'), q('error'));
      app.afterCommit();
      const back = new URLSearchParams();
      if (accountId) back.set('account', accountId);
      if (outcome.ok) back.set('verified', '1');
      else back.set('verifyError', outcome.errors[0].code);
      res.redirect(303, `/portal/accounts?${back.toString()}`);
    } catch (err) {
      next(err);
    }
  });
  web.get('/', (_req, res) => res.redirect('/graphiql'));
  web.use(
    '/graphql',
    compression(),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: async ({ req, res }) => buildContext(app, req, res) }),
  );
  // Malformed JSON and the like: a clear 400, never a stack trace.
  web.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) ((_req as { log?: Logger }).log ?? logger).error({ err }, 'HTTP internal error');
    res.status(status).json({
      errors: [{ message: status === 500 ? 'Internal server error' : err.message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const actual = (httpServer.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://localhost:${actual}`,
    get draining() {
      return draining;
    },
    async close() {
      draining = true;
      // /readyz says 503 from now on; requests are still served (with `connection: close`) until
      // the load balancer has seen it, then the server stops accepting and drains.
      const delay = options.shutdownDelayMs ?? app.config.shutdownDelayMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await apollo.stop();
    },
  };
}

/** Express's "trust proxy" from its configured text: true, false, a hop count, or addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** A page with inline scripts: its bytes, gzipped once, and a CSP naming each script by hash. */
async function renderPage(html: string): Promise<{ html: Buffer; gzip: Buffer; csp: string }> {
  const hashes = [...html.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
  );
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  const bytes = Buffer.from(html);
  const gzip = await new Promise<Buffer>((resolve, reject) => zlib.gzip(bytes, { level: 9 }, (err, out) => (err ? reject(err) : resolve(out))));
  return { html: bytes, gzip, csp };
}
