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
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import compression from 'compression';
import helmet from 'helmet';
import { maxAuthMutationsRule, noSubscriptionsRule } from './limits/auth-mutations';
import { limitsPlugin } from './limits/limits.plugin';
import type { App } from './app';
import { buildAppSchema } from './build-schema';
import { formatError } from './schema/errors';
import { buildContext, type GraphQLContext } from './context';
import { portalRouter } from './portal/portal.route';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
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
}

export async function startServer(app: App, port = app.config.port, host = '0.0.0.0', opts: ServerOptions = {}): Promise<RunningServer> {
  const limited = opts.limits !== false;
  const schema = await buildAppSchema();
  const web = express();
  web.disable('x-powered-by');
  web.set('trust proxy', trustProxy(app.config.limits.trustProxy));
  // security headers everywhere (pages set their own, stricter Content Security Policy)
  web.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }, frameguard: { action: 'deny' } }));
  const httpServer = http.createServer(web);

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
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
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
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(limited ? [...armor.plugins, limitsPlugin(schema, app.limits)] : []),
      wakeAfterMutation,
    ],
  });
  await apollo.start();

  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  web.get('/readyz', async (_req, res) => {
    try {
      await app.ds.query('SELECT 1');
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  });
  // Prometheus text format: how far the index is behind, and whether the engine is failing.
  web.get('/metrics', async (_req, res) => {
    try {
      const o = await app.queue.stats(app.ds);
      const gauges: Array<[name: string, help: string, value: number]> = [
        ['permission_outbox_pending', 'Outbox events not yet applied to the search index.', o.pending],
        ['permission_outbox_oldest_seconds', 'Age of the oldest pending outbox event (index lag).', o.oldestSeconds],
        ['permission_outbox_retrying', 'Pending events that failed at least once.', o.retrying],
        ['permission_outbox_dead_letters', 'People whose outbox events gave up after repeated failures (npm run cli -- outbox:retry).', o.deadLetters],
        ['permission_indexer_consecutive_failures', 'Indexer batches in a row in which the search engine took no write (engine down).', app.indexer.consecutiveEngineFailures],
        ['process_resident_memory_bytes', 'Resident memory of this process.', process.memoryUsage().rss],
      ];
      const lines = gauges.flatMap(([name, help, value]) => [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`]);
      res.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
    } catch {
      res.status(503).type('text/plain').send('# database unavailable\n');
    }
  });
  // GraphiQL is 9 MiB of inline script: rendered and gzipped once, served with a policy that
  // allows exactly its own inline scripts (by hash) and nothing from elsewhere.
  let graphiql: { html: Buffer; gzip: Buffer; csp: string } | null = null;
  web.get('/graphiql', (req, res) => {
    graphiql ??= renderPage(renderGraphiQL({
      title: 'Permission GraphiQL',
      endpoint: '/graphql',
      defaultTabs: [{ query: GRAPHIQL_QUERY, headers: JSON.stringify({ Authorization: 'Bearer pk_...' }, null, 2) }],
    }));
    res.setHeader('content-security-policy', graphiql.csp);
    res.setHeader('vary', 'accept-encoding');
    res.type('html');
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) res.setHeader('content-encoding', 'gzip').send(graphiql.gzip);
    else res.send(graphiql.html);
  });
  web.use('/portal', portalRouter({ production: app.config.production }));
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
    if (status === 500) console.error(`[http] internal error: ${err.name}: ${String(err.message).replace(/\s+/g, ' ').slice(0, 300)}`);
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
    async close() {
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
function renderPage(html: string): { html: Buffer; gzip: Buffer; csp: string } {
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
  return { html: bytes, gzip: zlib.gzipSync(bytes, { level: 9 }), csp };
}
