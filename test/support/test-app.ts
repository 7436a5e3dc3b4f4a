/** Builds a real App on a database of its own inside the test PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Clock } from '../../src/clock';
import type { SearchDocument, SearchEngine } from '../../src/search/search-engine';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { startServer, type RunningServer } from '../../src/server';

export function testDatabaseRoot(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: the jest global setup did not run');
  return url;
}

/** A new database of its own for a test file; its URL for the application's role. */
export async function createTestDatabase(): Promise<string> {
  const root = testDatabaseRoot();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const appUser = process.env.TEST_DATABASE_APP_USER;
  const admin = new Client(root);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${appUser ? ` OWNER "${appUser.replace(/"/g, '""')}"` : ''}`);
  } finally {
    await admin.end();
  }
  return testDatabaseUrl(name);
}

/** How the application reaches the test database `name` (as its own role, when there is one). */
export function testDatabaseUrl(name: string): string {
  const url = new URL(testDatabaseRoot());
  url.pathname = `/${name}`;
  if (process.env.TEST_DATABASE_APP_USER) {
    url.username = encodeURIComponent(process.env.TEST_DATABASE_APP_USER);
    url.password = encodeURIComponent(process.env.TEST_DATABASE_APP_PASSWORD ?? '');
  }
  return url.toString();
}

export interface TestAppOptions {
  clock?: Clock;
  env?: Record<string, string>;
  engine?: (app: { ds: import('typeorm').DataSource }) => SearchEngine;
  onQuery?: AppOptions['onQuery'];
  indexer?: AppOptions['indexer'];
  /** Where the app's warnings go (default: nowhere). */
  log?: (line: string) => void;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<App> {
  // generous limits unless a test sets its own: most tests are many requests from one address
  const config: Config = loadConfig({
    SEED_DEMO: 'false',
    // request logs off in tests unless asked for (LOG_LEVEL=info npx jest ...)
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    AGENCY_POINTS_PER_MINUTE: '1000000000',
    ANONYMOUS_REQUESTS_PER_MINUTE: '1000000000',
    SIGNUPS_PER_HOUR: '1000000000',
    CONTACT_REQUESTS_PER_DAY: '1000000',
    ...opts.env,
  });
  return createApp(config, {
    databaseUrl: await createTestDatabase(),
    clock: opts.clock,
    poolSize: 5,
    onQuery: opts.onQuery,
    engineFactory: opts.engine,
    indexer: opts.indexer,
    log: opts.log ?? (() => undefined),
  });
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  setCookie: string | null;
  body: any;
}

/** A GraphQL client over real HTTP that keeps its own session cookie, like a browser. */
export class GqlClient {
  cookie: string | null = null;
  bearer: string | null = null;
  /** Sent with every request (X-Forwarded-For to be another client address: loopback is a trusted proxy). */
  headers: Record<string, string> = {};
  constructor(readonly url: string) {}

  async request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const body = await res.json();
    return { status: res.status, data: body.data, errors: body.errors, setCookie, body };
  }
}

export async function startTestServer(app: App): Promise<RunningServer> {
  return startServer(app, 0, '127.0.0.1');
}

export interface TestStack {
  app: App;
  server: RunningServer;
  /** A client holding a fresh agency's API key. */
  agency: GqlClient;
  close(): Promise<void>;
}

/** App, real HTTP server and an agency client: what most API tests start from. */
export async function createTestStack(opts: TestAppOptions = {}): Promise<TestStack> {
  const app = await createTestApp(opts);
  const server = await startTestServer(app);
  const agency = new GqlClient(server.url);
  agency.bearer = (await app.auth.createAgency('Test agency')).apiKey;
  return {
    app,
    server,
    agency,
    async close() {
      await server.close();
      await app.close();
    },
  };
}

/** Outbox events not yet applied (dead letters aside). */
export async function pending(app: App): Promise<number> {
  return (await app.queue.stats(app.ds)).pending;
}

/**
 * A test app whose postgres index holds exactly `docs`: written in bulk, the kept counts a bulk
 * write leaves pending folded, and the index tables analysed, as a settled index would be.
 */
export async function createIndexedApp(docs: SearchDocument[]): Promise<{ app: App; engine: PostgresSearchEngine }> {
  const app = await createTestApp();
  const engine = new PostgresSearchEngine(app.ds);
  await engine.clear();
  await engine.upsert(docs);
  await engine.settle();
  await app.ds.query(`ANALYZE search_document, search_topic_rank`);
  return { app, engine };
}
