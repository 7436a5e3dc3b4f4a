/**
 * Topics' kept orders (issue 9): a search filtered by topics and ranked by RELEVANCE without text
 * orders by the filter topics' weights, in the filter's order, then followers, then id. Over a
 * large result the postgres engine finds that page by walking each topic's order in
 * `search_topic_rank` instead of sorting every match; the triggers on `search_document` keep that
 * table in step with every write. Checked here: the page is exactly the page a full sort of the
 * documents gives (one, two and three topics, other filters, ties, offsets, both sides of the
 * walk's threshold), and the ranks equal the documents' weights after the migration (over documents
 * already indexed), inserts, updates, removals inside a transaction, deletions and a clear.
 */
import type { App } from '../../src/app';
import { TopicRank1765900000000 } from '../../src/entities/migrations/1765900000000-topic-rank';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import type { SearchDocument, SearchFilter } from '../../src/search/search-engine';
import { mulberry32 } from '../../src/domain/prng';
import { createIndexedApp } from '../support/test-app';

const N = 6000;
const rnd = mulberry32(909);
const uuid = (i: number) => {
  const h = Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, '0');
  return `${h}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
};

/** "wide" in 5 of 6 documents, "mid" in 1 of 2, "narrow" in 1 of 5, "tiny" in 1 of 50; weights in steps of 0.25, so ties are many. */
function weightsOf(i: number): Record<string, number> {
  const w: Record<string, number> = {};
  const step = () => 0.25 * (1 + Math.floor(rnd() * 4));
  if (i % 6 !== 0) w.wide = step();
  if (i % 2 === 0) w.mid = step();
  if (i % 5 === 0) w.narrow = step();
  if (i % 50 === 0) w.tiny = step();
  return w;
}

function doc(i: number): SearchDocument {
  const followers = 1000 * Math.floor(rnd() * 20);
  const topicWeights = weightsOf(i);
  const topicSlugs = Object.keys(topicWeights);
  return {
    id: uuid(i), displayName: `Person ${i}`, bio: 'notes', country: i % 4 === 0 ? 'FR' : 'DE', city: null, languages: ['en'],
    topics: topicSlugs.map((slug) => ({ slug, name: slug, weight: topicWeights[slug] })), topicSlugs, topicWeights, topicNames: topicSlugs,
    platforms: ['INSTAGRAM'], handles: [`p${i}`],
    accounts: [{ platform: 'INSTAGRAM', handle: `p${i}`, url: null, followers, engagementRate: null, verified: false, verificationMethod: null,
      verifiedAt: null, followersSource: 'SELF_REPORTED', followersUpdatedAt: '2026-01-01T00:00:00.000Z' }],
    totalFollowers: followers, engagementRate: 0.01, contactable: i % 3 === 0, verified: false, updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

let docs: SearchDocument[] = Array.from({ length: N }, (_, i) => doc(i));

let app: App;
let engine: PostgresSearchEngine;

beforeAll(async () => {
  ({ app, engine } = await createIndexedApp(docs));
}, 120_000);

afterAll(async () => {
  await app.close();
});

/** The full sort, from the documents themselves: weights in the filter's order (missing last), followers, id. */
function expected(filter: SearchFilter): SearchDocument[] {
  const topics = filter.topics ?? [];
  return docs
    .filter((d) => topics.some((t) => d.topicSlugs.includes(t)) && (!filter.countries || filter.countries.includes(d.country!)) && (!filter.contactableOnly || d.contactable))
    .sort((a, b) => {
      for (const t of topics) {
        const [x, y] = [a.topicWeights[t] ?? -1, b.topicWeights[t] ?? -1];
        if (x !== y) return y - x;
      }
      return b.totalFollowers - a.totalFollowers || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
}

const cases: SearchFilter[] = [
  { topics: ['wide'] }, // 5,000: a kept count, walked
  { topics: ['mid'] }, // 3,000: sorted from the matches
  { topics: ['mid', 'wide'] }, // 5,500: two walks
  { topics: ['narrow', 'wide'] }, // 5,200: the page at 1,190 holds the last "narrow" ones and the first "wide" ones without it
  { topics: ['tiny', 'mid', 'wide'] }, // three walks, each reached by a page
  { topics: ['narrow', 'tiny', 'mid'] }, // 3,600: sorted from the matches
  { topics: ['wide', 'mid'], countries: ['DE'] }, // other filters checked on the walk
  { topics: ['tiny', 'wide'], contactableOnly: true },
  { topics: ['narrow'] }, // 1,200
  { topics: ['tiny'] }, // 120: exact, sorted
];

test.each(cases)('RELEVANCE with %j: exactly the full sort\'s page, at offsets 0, 40, 1,000 and 1,190', async (filter) => {
  const all = expected(filter);
  for (const offset of [0, 40, 1000, 1190]) {
    for (const facets of [false, true]) {
      const res = await engine.search({ text: '', filter, sort: 'RELEVANCE', offset, limit: 25, facets });
      expect(res.hits.map((h) => h.id)).toEqual(all.slice(offset, offset + 25).map((d) => d.id));
      expect(res.hits.map((h) => h.score)).toEqual(all.slice(offset, offset + 25).map((d) => d.topicWeights[filter.topics![0]] ?? 0));
    }
  }
});

test('a broad topic search walks the kept order instead of sorting every match', async () => {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const spy = new PostgresSearchEngine({ query: (sql: string, params: unknown[]) => (statements.push({ sql, params }), app.ds.query(sql, params)) } as never);
  await spy.search({ text: '', filter: { topics: ['mid', 'wide'] }, sort: 'RELEVANCE', offset: 0, limit: 25, facets: false });
  expect(statements).toHaveLength(1);
  const plan: Array<{ 'QUERY PLAN': string }> = await app.ds.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${statements[0].sql}`, statements[0].params);
  const text = plan.map((r) => r['QUERY PLAN']).join('\n');
  // each topic's order read from its index, and the sort over every match never run
  expect(text.match(/Index Only Scan using search_topic_rank_order/g)).toHaveLength(2);
  expect(text).not.toMatch(/Sort Key: \(+\(?d\.topic_weights/);
});

async function ranksMatchDocuments(): Promise<void> {
  const [{ missing, extra }]: Array<{ missing: number; extra: number }> = await app.ds.query(`
    WITH want AS (SELECT d.id, w.key AS topic, w.value::float8 AS weight, d.total_followers FROM search_document d, jsonb_each_text(d.topic_weights) w),
         have AS (SELECT id, topic, weight, total_followers FROM search_topic_rank)
    SELECT (SELECT count(*)::int FROM (SELECT * FROM want EXCEPT SELECT * FROM have) x) AS missing,
           (SELECT count(*)::int FROM (SELECT * FROM have EXCEPT SELECT * FROM want) x) AS extra`);
  expect({ missing, extra }).toEqual({ missing: 0, extra: 0 });
}

test('the migration ranks the documents already indexed, under the same keys, and its triggers keep them', async () => {
  const run = async (step: 'up' | 'down') => {
    const runner = app.ds.createQueryRunner();
    try {
      await runner.startTransaction();
      await new TopicRank1765900000000()[step](runner);
      await runner.commitTransaction();
    } catch (err) {
      await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  };
  const indexes = () =>
    app.ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_topic_rank' ORDER BY indexname`) as Promise<unknown[]>;
  const before = await indexes();
  expect(before).toHaveLength(2);
  await run('down');
  await run('up'); // over the 6,000 documents indexed
  await ranksMatchDocuments();
  expect(await indexes()).toEqual(before);
  // the triggers came with it: a write moves the ranks
  const moved = { ...docs[0], totalFollowers: docs[0].totalFollowers + 3 };
  await engine.upsert([moved]);
  docs = [moved, ...docs.slice(1)];
  await ranksMatchDocuments();
  const res = await engine.search({ text: '', filter: { topics: ['mid', 'wide'] }, sort: 'RELEVANCE', offset: 0, limit: 25, facets: false });
  expect(res.hits.map((h) => h.id)).toEqual(expected({ topics: ['mid', 'wide'] }).slice(0, 25).map((d) => d.id));
});

test('the ranks follow every write: weights and followers changed, topics dropped, removals, deletions, a clear', async () => {
  await ranksMatchDocuments();
  const [{ n }]: Array<{ n: number }> = await app.ds.query(`SELECT count(*)::int AS n FROM search_topic_rank`);
  expect(n).toBe(docs.reduce((s, d) => s + d.topicSlugs.length, 0));

  // changed: new weights for some, more followers for others, every topic dropped for a few
  const changed = docs.slice(0, 60).map((d, i) => {
    if (i % 3 === 0) return { ...d, topicWeights: { ...d.topicWeights, wide: 0.1 }, topicSlugs: [...new Set([...d.topicSlugs, 'wide'])] };
    if (i % 3 === 1) return { ...d, totalFollowers: d.totalFollowers + 7 };
    return { ...d, topicWeights: {}, topicSlugs: [], topics: [], topicNames: [] };
  });
  await engine.upsert(changed);
  docs = [...changed, ...docs.slice(60)];
  await ranksMatchDocuments();
  for (const filter of [{ topics: ['wide'] }, { topics: ['mid', 'wide'] }]) {
    const res = await engine.search({ text: '', filter, sort: 'RELEVANCE', offset: 0, limit: 25, facets: false });
    expect(res.hits.map((h) => h.id)).toEqual(expected(filter).slice(0, 25).map((d) => d.id));
  }

  // a removal inside the caller's transaction (a withdrawal), rolled back, then committed
  const gone = [docs[100].id, docs[101].id];
  await app.ds.transaction(async (tx) => {
    await engine.removeWithin(tx, gone);
    const [{ n: inside }]: Array<{ n: number }> = await tx.query(`SELECT count(*)::int AS n FROM search_topic_rank WHERE id = ANY($1::uuid[])`, [gone]);
    expect(inside).toBe(0);
    throw new Error('rolled back');
  }).catch((err: Error) => expect(err.message).toBe('rolled back'));
  await ranksMatchDocuments();
  await app.ds.transaction((tx) => engine.removeWithin(tx, gone));
  await engine.delete([docs[102].id]);
  docs = docs.filter((d) => !gone.includes(d.id) && d.id !== docs[102].id);
  await ranksMatchDocuments();
  const top = await engine.search({ text: '', filter: { topics: ['wide'] }, sort: 'RELEVANCE', offset: 0, limit: 25, facets: false });
  expect(top.hits.map((h) => h.id)).toEqual(expected({ topics: ['wide'] }).slice(0, 25).map((d) => d.id));

  await engine.clear();
  const [{ left }]: Array<{ left: number }> = await app.ds.query(`SELECT count(*)::int AS left FROM search_topic_rank`);
  expect(left).toBe(0);
});
