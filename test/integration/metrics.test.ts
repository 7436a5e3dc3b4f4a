/**
 * /metrics (prom-client) on the real server: GraphQL duration by operation, errors by code,
 * indexer throughput and failures, stale hits dropped by the read path, the outbox series under
 * their old names, and the default process metrics. Counters are process-wide, so the test reads
 * differences.
 */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { FaultyEngine } from '../support/faulty-engine';
import { GqlClient, createTestApp, startTestServer } from '../support/test-app';
import { join } from '../support/join';

describe('/metrics', () => {
  let app: App;
  let server: RunningServer;
  let engine: FaultyEngine;
  let agency: GqlClient;
  beforeAll(async () => {
    app = await createTestApp({ engine: ({ ds }) => (engine = new FaultyEngine(new PostgresSearchEngine(ds))) });
    server = await startTestServer(app);
    agency = new GqlClient(server.url);
    agency.bearer = (await app.auth.createAgency('Metric readers')).apiKey;
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  async function scrape(): Promise<{ text: string; value(series: string): number }> {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return {
      text,
      value(series: string) {
        const line = text.split('\n').find((l) => l.startsWith(series + ' '));
        return line === undefined ? 0 : Number(line.slice(series.length + 1));
      },
    };
  }

  it('/readyz reports the engine and the index lag; an engine down degrades it without making it unready', async () => {
    const ok = await fetch(`${server.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ready', database: 'ok', search: 'ok' });
    engine.failReads = true;
    try {
      // withdrawals must still reach this process, so it stays in the load balancer
      const degraded = await fetch(`${server.url}/readyz`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({ status: 'degraded', database: 'ok', search: 'down', outbox: { pending: expect.any(Number) } });
    } finally {
      engine.failReads = false;
    }
  });

  it('has the default process metrics and the outbox series', async () => {
    const m = await scrape();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect([name, m.text.includes(`\n${name} `)]).toEqual([name, true]);
    }
    for (const name of ['permission_outbox_pending', 'permission_outbox_oldest_seconds', 'permission_outbox_retrying', 'permission_indexer_consecutive_failures', 'permission_database_up']) {
      expect([name, /^-?\d/.test(String(m.value(name)))]).toEqual([name, true]);
    }
    expect(m.value('permission_database_up')).toBe(1);
  });

  it('shows bulk writes whose facet counts wait for a fold, until the fold', async () => {
    const engine = new PostgresSearchEngine(app.ds, app.ds, { foldDelayMs: 3_600_000 });
    expect((await scrape()).value('permission_search_facet_folds_pending')).toBe(0);
    // a bulk write (100 documents or more) leaves its topic, country and language pairs pending
    const docs = Array.from({ length: 100 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${(0xfacade000 + i).toString(16).padStart(12, '0')}`, displayName: `Fold ${i}`, bio: '', country: 'FR', city: null,
      languages: ['fr'], topics: [], topicSlugs: ['yoga'], topicWeights: { yoga: 0.5 }, topicNames: [], platforms: ['INSTAGRAM' as const], handles: [`fold${i}`],
      accounts: [], totalFollowers: 10, engagementRate: 0, contactable: false, verified: false, updatedAt: new Date().toISOString(),
    }));
    await engine.upsert(docs);
    expect((await scrape()).value('permission_search_facet_folds_pending')).toBe(1);
    await engine.settle();
    expect((await scrape()).value('permission_search_facet_folds_pending')).toBe(0);
    await engine.delete(docs.map((d) => d.id));
    await engine.settle();
  });

  it('counts GraphQL requests by operation name and errors by code', async () => {
    const before = await scrape();
    const count = 'permission_graphql_request_duration_seconds_count{operation="MetricsTopics",type="query"}';
    await agency.request('query MetricsTopics { topics { slug } }');
    await agency.request('query MetricsTopics { topics { slug } }');
    const anonymous = new GqlClient(server.url);
    await anonymous.request('query MetricsSearch { searchInfluencers(first: 1) { totalCount } }');
    await agency.request('query { nope }');
    const after = await scrape();
    expect(after.value(count) - before.value(count)).toBe(2);
    expect(after.value('permission_graphql_errors_total{code="UNAUTHENTICATED"}') - before.value('permission_graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(after.value('permission_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}') - before.value('permission_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    // a domain error keeps its own code (the search engine down: SEARCH_UNAVAILABLE), not INTERNAL_SERVER_ERROR
    const unavailable = 'permission_graphql_errors_total{code="SEARCH_UNAVAILABLE"}';
    const internal = 'permission_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}';
    const beforeOutage = await scrape();
    engine.failReads = true;
    try {
      const r = await agency.request('query MetricsOutage { searchInfluencers(first: 1) { totalCount } }');
      expect(r.errors?.[0]?.extensions?.code).toBe('SEARCH_UNAVAILABLE');
    } finally {
      engine.failReads = false;
    }
    const afterOutage = await scrape();
    expect(afterOutage.value(unavailable) - beforeOutage.value(unavailable)).toBe(1);
    expect(afterOutage.value(internal)).toBe(beforeOutage.value(internal));
    // names are the client's: kept as given (up to 100 distinct; beyond, "other"), never a value
    await agency.request('query Any_name_9 { topics { slug } }');
    expect((await scrape()).text).toContain('operation="Any_name_9"');
  });

  it('counts the indexer\'s documents and failures, and stale hits the read path drops', async () => {
    const person = new GqlClient(server.url);
    const { id } = await join(person, { email: 'metric.person@ex.test', password: 'a long passphrase 42', displayName: 'Metricus Quantified', birthDate: '1990-05-05', country: 'FR' });
    await person.request(`mutation { connectSocialAccount(input: { platform: INSTAGRAM, handle: "metricus_ig", followers: 100 }) { userErrors { code } } }`);
    await person.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);

    // the engine down: the batch fails and stays in the outbox
    const before = await scrape();
    engine.failWrites = true;
    await app.indexer.drain();
    const failing = await scrape();
    const failures = (m: { value(s: string): number }) =>
      m.value('permission_indexer_engine_failures_total{op="upsert"}') + m.value('permission_indexer_engine_failures_total{op="delete"}');
    expect(failures(failing)).toBeGreaterThan(failures(before));
    expect(failing.value('permission_indexer_consecutive_failures')).toBeGreaterThan(0);
    expect(failing.value('permission_outbox_pending')).toBeGreaterThan(0);

    // back up: the backlog goes through
    engine.failWrites = false;
    await app.ds.query(`UPDATE outbox_event SET available_at = clock_timestamp()`);
    await app.indexer.drain();
    const recovered = await scrape();
    expect(recovered.value('permission_indexer_documents_total{op="upsert"}')).toBeGreaterThan(before.value('permission_indexer_documents_total{op="upsert"}'));
    expect(recovered.value('permission_indexer_consecutive_failures')).toBe(0);
    expect(recovered.value('permission_outbox_pending')).toBe(0);
    expect(await app.engine.listIds()).toContain(id);

    // withdrawn, not yet applied to the index: the engine still returns them, the read path drops them
    await person.request(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    const search = await agency.request(`query($q: String) { searchInfluencers(query: $q, first: 5) { edges { node { id } } } }`, { q: 'Metricus' });
    expect(search.data.searchInfluencers.edges).toEqual([]);
    const stale = await scrape();
    expect(stale.value('permission_search_stale_hits_dropped_total') - recovered.value('permission_search_stale_hits_dropped_total')).toBe(1);
    await app.indexer.drain();
    expect((await scrape()).value('permission_indexer_documents_total{op="delete"}')).toBeGreaterThan(recovered.value('permission_indexer_documents_total{op="delete"}'));
  });
});
