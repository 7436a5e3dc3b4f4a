/**
 * The search cache across processes (issue 9): every index write is announced (NOTIFY
 * search_index) and every process that hears it drops its cached answers, so answers may live
 * long (SEARCH_CACHE_LISTENING_TTL_MS) while the announcements are heard, and only
 * SEARCH_CACHE_TTL_MS while they are not.
 */
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildDocuments } from '../../src/search/document';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { SearchCache } from '../../src/search/search-cache';
import type { SearchEngine, SearchRequest } from '../../src/search/search-engine';
import { seedDemo } from '../../src/seed/seed';
import { createTestApp } from '../support/test-app';
import { until } from '../support/waiting';

// Both lifetimes far longer than the test: only an announcement can explain a fresh answer.
const LONG = { SEARCH_CACHE_TTL_MS: '60000', SEARCH_CACHE_LISTENING_TTL_MS: '3600000' };
const word = `Quokka${Math.floor(Math.random() * 1e6)}`;
const other = `Wombat${Math.floor(Math.random() * 1e6)}`;
const request = (text: string): SearchRequest => ({ text, filter: {}, sort: 'RELEVANCE', offset: 0, limit: 20, facets: false });
const cacheOf = (app: App) => (app.engine as unknown as { cache: SearchCache }).cache;

let a: App;
let b: App;

beforeAll(async () => {
  a = await createTestApp({ env: LONG });
  // a second process's App on the same database (its indexer not started)
  b = await createApp(loadConfig({ SEED_DEMO: 'false', ...LONG }), { databaseUrl: (a.ds.options as { url: string }).url, poolSize: 3, log: () => undefined });
  await seedDemo(a, 12, 5);
  await a.indexer.drain();
}, 60_000);

afterAll(async () => {
  await b.close();
  await a.close();
});

/** Writes the first listable person's document again through `app`'s engine with `name` as display name. */
async function rename(app: App, name: string): Promise<string> {
  const ids = await app.engine.listIds();
  const { docs } = await buildDocuments(app.ds, app.rule, app.topics, ids.slice(0, 1));
  await app.engine.upsert([{ ...docs[0], displayName: name }]);
  return docs[0].id;
}

/** The real engine, its searches counted. */
function countedEngine(): { counted: SearchEngine; calls: () => number } {
  let n = 0;
  const counted: SearchEngine = new Proxy(new PostgresSearchEngine(a.ds), {
    get: (t, p) => (p === 'search' ? (r: SearchRequest) => (n++, t.search(r)) : Reflect.get(t, p)),
  });
  return { counted, calls: () => n };
}

test("another process's index write reaches this process's cached answers through the announcement", async () => {
  const first = await b.engine.search(request(word));
  expect(first.total).toBe(0);
  const hits = cacheOf(b).hits;
  expect((await b.engine.search(request(word))).total).toBe(0);
  expect(cacheOf(b).hits).toBe(hits + 1); // cached, for an hour
  const id = await rename(a, `${word} Announced`);
  const found = await until('the renamed person found through the other process', 5_000, async () => {
    const r = await b.engine.search(request(word));
    return r.total === 1 ? r : null;
  });
  expect(found.hits.map((h) => h.id)).toEqual([id]);
});

test('a lost LISTEN connection: the cache starts over, and the announcements are heard again once it is back', async () => {
  await b.engine.search(request(other));
  const killed: Array<{ n: number }> = await a.ds.query(
    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'permission-search-index' AND datname = current_database()`,
  );
  expect(killed[0].n).toBe(2); // one per process (this file's database only)
  // both listeners come back by themselves (a new try every second)
  await until('listening again', 10_000, async () =>
    ((await a.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'permission-search-index' AND datname = current_database() AND query ILIKE 'LISTEN%'`)) as Array<{ n: number }>)[0].n === 2 || null,
  );
  const before = await b.engine.search(request(other));
  expect(before.total).toBe(0);
  const id = await rename(a, `${other} Again`);
  const found = await until('heard after the reconnection', 5_000, async () => {
    const r = await b.engine.search(request(other));
    return r.total === 1 ? r : null;
  });
  expect(found.hits[0].id).toBe(id);
});

test('answers live listeningTtlMs while listening, ttlMs while not', async () => {
  const { counted, calls } = countedEngine();
  let now = 0;
  const cache = new SearchCache(counted, { ttlMs: 1000, listeningTtlMs: 30_000, facetsTtlMs: 0, now: () => now });
  await cache.search(request(word));
  now = 5_000;
  await cache.search(request(word));
  expect(calls()).toBe(2); // not listening: 1 s
  cache.setListening(true);
  await cache.search(request(word));
  expect(calls()).toBe(3); // listening began: whatever was cached before goes
  now = 29_000;
  await cache.search(request(word));
  expect(calls()).toBe(3); // listening: 30 s
  now = 35_500;
  await cache.search(request(word));
  expect(calls()).toBe(4);
  cache.setListening(false);
  await cache.search(request(word));
  expect(calls()).toBe(5); // stopped listening: what was cached goes
  now = 36_000;
  await cache.search(request(word));
  expect(calls()).toBe(5);
  now = 37_000;
  await cache.search(request(word));
  expect(calls()).toBe(6);
});

test('the most recently used answer is the last to go when the cache is full', async () => {
  const { counted, calls } = countedEngine();
  const cache = new SearchCache(counted, { ttlMs: 60_000, facetsTtlMs: 0, maxEntries: 2 });
  await cache.search(request('popular'));
  await cache.search(request('one'));
  await cache.search(request('popular')); // used again: now the most recent
  await cache.search(request('two')); // full: "one" goes, not "popular"
  expect(calls()).toBe(3);
  await cache.search(request('popular'));
  expect(calls()).toBe(3);
  await cache.search(request('one'));
  expect(calls()).toBe(4);
});
