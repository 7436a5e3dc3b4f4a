/**
 * The HTTP server: GraphQL at /graphql (Apollo Server over Express), the GraphiQL explorer at
 * /graphiql from local assets, health and readiness probes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
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

export async function startServer(app: App, port = app.config.port, host = '0.0.0.0'): Promise<RunningServer> {
  const schema = await buildAppSchema();
  const web = express();
  web.disable('x-powered-by');
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
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // GET works for queries (GraphQL over HTTP). A cross-site page cannot send these headers
    // without a CORS preflight, so cookie-carrying simple requests stay blocked (CSRF, XS-Search).
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), wakeAfterMutation],
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
  let graphiqlHtml: string | null = null;
  web.get('/graphiql', (_req, res) => {
    graphiqlHtml ??= renderGraphiQL({
      title: 'Permission GraphiQL',
      endpoint: '/graphql',
      defaultTabs: [{ query: GRAPHIQL_QUERY, headers: JSON.stringify({ Authorization: 'Bearer pk_...' }, null, 2) }],
    });
    res.type('html').send(graphiqlHtml);
  });
  web.use('/portal', portalRouter({ production: app.config.production }));
  web.get('/', (_req, res) => res.redirect('/graphiql'));
  web.use(
    '/graphql',
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: async ({ req, res }) => buildContext(app, req, res) }),
  );
  // Malformed JSON and the like: a clear 400, never a stack trace.
  web.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) console.error('[http] internal error:', err);
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
