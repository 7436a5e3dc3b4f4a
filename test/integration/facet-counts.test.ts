/**
 * Kept facet counts (issue 9): `search_facet_count` holds, for every filter key (none, a topic, a
 * platform, a country, a language, contactable, verified) and every facet key, how many documents
 * have both, and every index write keeps it; bulk writes leave the pairs of the topic, country and
 * language rows pending until a fold. A search without text filtered by nothing or by one key
 * reads its facets and exact total from there instead of from every match.
 * Checked here: after random upserts, rewrites, deletes and in-transaction removals the kept counts
 * equal a recount from the documents (after a bulk write, once folded; two folds at once add
 * nothing twice; a fold left undone by a stopped process happens at the next start), and those
 * searches answer exactly what reading the matches answers (the same filter with a condition that
 * excludes nobody takes the reading path).
 */
import type { App } from '../../src/app';
import { facetCountRow, PostgresSearchEngine } from '../../src/search/postgres.engine';
import type { SearchDocument, SearchFilter, SearchSort } from '../../src/search/search-engine';
import { BULK, recountFacets, wideRow } from '../../src/search/facet-counts';
import { mulberry32 } from '../../src/domain/prng';
import { createTestApp } from '../support/test-app';
import { seedDemo } from '../../src/seed/seed';

const rnd = mulberry32(909);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const TOPICS = ['yoga', 'running', 'fitness', 'food', 'travel'];
const PLATFORMS = ['INSTAGRAM', 'YOUTUBE', 'TIKTOK'] as const;
const COUNTRIES = ['FR', 'DE', 'IT', null];
const LANGUAGES = ['en', 'fr', 'de'];
const uuid = (i: number) => `${Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: Math.floor(rnd() * (max + 1)) }, () => pick(xs)))];

function doc(id: string, i: number): SearchDocument {
  const topicSlugs = some(TOPICS, 3);
  const platforms = some(PLATFORMS, 2);
  const followers = Math.floor(rnd() * 100_000);
  return {
    id, displayName: `Facet Person ${i}`, bio: 'counted', country: pick(COUNTRIES), city: null, languages: some(LANGUAGES, 2),
    topics: [], topicSlugs, topicWeights: Object.fromEntries(topicSlugs.map((t) => [t, 0.5])), topicNames: [], platforms, handles: [`fp${i}`],
    accounts: [], totalFollowers: followers, engagementRate: rnd() / 10, contactable: rnd() < 0.5, verified: rnd() < 0.3,
    updatedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(rnd() * 300))).toISOString(),
  };
}

let app: App;
let engine: PostgresSearchEngine;
beforeAll(async () => {
  app = await createTestApp();
  // folds only when a test asks (settle), so what is pending can be seen
  engine = new PostgresSearchEngine(app.ds, app.ds, { foldDelayMs: 3_600_000 });
  await engine.clear();
}, 60_000);
afterAll(() => app.close());

/** The kept counts and a recount from the documents, as sorted lists of "cond facet docs". */
async function keptAndRecounted(): Promise<[string[], string[]]> {
  const kept: Array<{ r: string }> = await app.ds.query(`SELECT cond || ' ' || facet || ' ' || docs AS r FROM search_facet_count WHERE docs <> 0 ORDER BY 1`);
  // counted again here in SQL, independently of src/search/facet-counts.ts
  const recount: Array<{ r: string }> = await app.ds.query(
    `WITH k AS (
       SELECT ARRAY(SELECT DISTINCT x FROM (
                SELECT '*' AS x UNION ALL SELECT 'v:' || d.verified::text
                UNION ALL SELECT 't:' || t FROM unnest(d.topic_slugs) t UNION ALL SELECT 'p:' || p FROM unnest(d.platforms) p
                UNION ALL SELECT 'c:' || d.country WHERE d.country IS NOT NULL UNION ALL SELECT 'l:' || l FROM unnest(d.languages) l
                UNION ALL SELECT 'x' WHERE d.contactable) s) AS keys
       FROM search_document d)
     SELECT a || ' ' || b || ' ' || count(*) AS r FROM k, unnest(k.keys) a, unnest(k.keys) b
     WHERE b <> 'x' GROUP BY a, b ORDER BY 1`,
  );
  return [kept.map((x) => x.r), recount.map((x) => x.r)];
}

const narrow = (rows: string[]) => rows.filter((r) => !wideRow(r.split(' ')[0]));
const pending = async () => (await app.ds.query(`SELECT count(*)::int AS n FROM search_facet_pending`))[0].n as number;

test('every write keeps the counts equal to a recount: upserts, rewrites, deletes, removals inside a transaction', async () => {
  const ids = Array.from({ length: 400 }, (_, i) => uuid(i));
  // a bulk write: the topic, country and language rows wait for the fold, the others do not
  expect(ids.length).toBeGreaterThanOrEqual(BULK);
  await engine.upsert(ids.map((id, i) => doc(id, i)));
  let [kept, recount] = await keptAndRecounted();
  expect(recount.length).toBeGreaterThan(150);
  expect(narrow(kept)).toEqual(narrow(recount));
  expect(kept).not.toEqual(recount);
  expect(await pending()).toBe(1);
  // meanwhile a search that reads a lagging row still gets the exact page, and a total no lower than the matches it counted
  for (const filter of [{ topics: ['yoga'] }, { countries: ['FR'] }]) {
    const kept = await engine.search({ text: '', filter, sort: 'FOLLOWERS', offset: 0, limit: 20, facets: false });
    const read = await engine.search({ text: '', filter: { ...filter, minFollowers: 0 }, sort: 'FOLLOWERS', offset: 0, limit: 20, facets: false });
    expect(kept.hits).toEqual(read.hits);
    expect(kept.total).toBe(read.total);
  }
  await engine.settle();
  expect(await pending()).toBe(0);
  [kept, recount] = await keptAndRecounted();
  expect(kept).toEqual(recount);
  // small writes (under BULK documents) count every row in their own transaction
  for (let round = 0; round < 6; round++) {
    // some people change (new topics, country, platforms...), some leave, some come back
    const changed = ids.filter(() => rnd() < 0.2);
    await engine.upsert(changed.map((id, i) => doc(id, 1000 * round + i)));
    await engine.delete(ids.filter(() => rnd() < 0.05));
    const inTx = ids.filter(() => rnd() < 0.02);
    await app.ds.transaction((tx) => engine.removeWithin(tx, inTx));
    // a removal rolled back leaves the counts as they were
    await app.ds
      .transaction(async (tx) => {
        await engine.removeWithin(tx, ids.slice(0, 50));
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    [kept, recount] = await keptAndRecounted();
    expect({ round, kept }).toEqual({ round, kept: recount });
  }
  expect(await pending()).toBe(0);
  // the recount the migration runs over an existing index finds the same
  const before = kept;
  await recountFacets(app.ds);
  expect((await keptAndRecounted())[0]).toEqual(before);
});

test('bulk writes: two folds at once add nothing twice; a rolled-back one leaves nothing; a stopped process\u2019s is folded at the next start', async () => {
  const ids = Array.from({ length: 2 * BULK }, (_, i) => uuid(5000 + i));
  await engine.upsert(ids.map((id, i) => doc(id, 5000 + i)));
  await engine.upsert(ids.map((id, i) => doc(id, 6000 + i))); // everyone changes: old pairs out, new in
  expect(await pending()).toBe(2);
  const other = new PostgresSearchEngine(app.ds);
  await Promise.all([engine.settle(), other.settle(), engine.settle()]);
  let [kept, recount] = await keptAndRecounted();
  expect(kept).toEqual(recount);

  // a bulk removal inside a transaction that rolls back leaves neither pending pairs nor counts
  await app.ds
    .transaction(async (tx) => {
      await engine.removeWithin(tx, ids);
      expect(await tx.query(`SELECT count(*)::int AS n FROM search_facet_pending`)).toEqual([{ n: 1 }]);
      throw new Error('rolled back');
    })
    .catch(() => undefined);
  expect(await pending()).toBe(0);
  expect((await keptAndRecounted())[0]).toEqual(kept);

  // a process that wrote in bulk and stopped before folding: the next one folds when it starts
  await engine.delete(ids);
  expect(await pending()).toBe(1);
  await new PostgresSearchEngine(app.ds).applySettings();
  expect(await pending()).toBe(0);
  [kept, recount] = await keptAndRecounted();
  expect(kept).toEqual(recount);
});

test('which requests read the kept counts: no text, and nothing or one kept key as the filter', () => {
  expect(facetCountRow({ text: '', filter: {} })).toBe('*');
  expect(facetCountRow({ text: '  ', filter: { platforms: ['TIKTOK'] } })).toBe('p:TIKTOK');
  expect(facetCountRow({ filter: { contactableOnly: true } })).toBe('x');
  expect(facetCountRow({ filter: { verifiedOnly: true } })).toBe('v:true');
  expect(facetCountRow({ text: null, filter: { contactableOnly: false, topics: [] } })).toBe('*');
  expect(facetCountRow({ filter: { topics: ['yoga'] } })).toBe('t:yoga');
  expect(facetCountRow({ filter: { countries: ['fr'] } })).toBe('c:FR');
  expect(facetCountRow({ filter: { languages: ['EN'] } })).toBe('l:en');
  // text, several values of a condition, two conditions, a range: read
  expect(facetCountRow({ text: 'yoga', filter: {} })).toBeNull();
  expect(facetCountRow({ filter: { topics: ['yoga', 'food'] } })).toBeNull();
  expect(facetCountRow({ filter: { platforms: ['TIKTOK', 'YOUTUBE'] } })).toBeNull();
  expect(facetCountRow({ filter: { platforms: ['TIKTOK'], countries: ['FR'] } })).toBeNull();
  expect(facetCountRow({ filter: { minFollowers: 0 } })).toBeNull();
  expect(facetCountRow({ filter: { contactableOnly: true, verifiedOnly: true } })).toBeNull();
});

const filters: SearchFilter[] = [
  {}, { platforms: ['YOUTUBE'] }, { platforms: ['TWITCH'] }, { contactableOnly: true }, { verifiedOnly: true },
  { topics: ['yoga'] }, { topics: ['gaming'] }, { countries: ['fr'] }, { languages: ['EN'] },
];
test.each(filters)('kept counts answer %j exactly as reading the matches does', async (filter) => {
  expect(facetCountRow({ filter })).not.toBeNull();
  for (const sort of ['RELEVANCE', 'FOLLOWERS', 'RECENTLY_UPDATED'] as SearchSort[]) {
    const kept = await engine.search({ text: '', filter, sort, offset: 0, limit: 50, facets: true });
    // followers >= 0 excludes nobody, and takes the request off the kept counts
    const read = await engine.search({ text: '', filter: { ...filter, minFollowers: 0 }, sort, offset: 0, limit: 50, facets: true });
    expect(kept.hits).toEqual(read.hits);
    expect(kept.facets).toEqual(read.facets);
    // under 1,000 matches the reading path counts them exactly
    expect(read.totalIsEstimate).toBe(false);
    expect(kept.total).toBe(read.total);
    expect(kept.totalIsEstimate).toBe(false);
    if (kept.total > 0) expect(kept.facets.platforms.length + kept.facets.verified.length).toBeGreaterThan(0);
  }
});

test('the indexer drains a bulk backlog (a seed) and leaves nothing pending when it is done', async () => {
  await seedDemo(app, 150, 77);
  // one batch of 150 people: a bulk write, whose topic, country and language pairs wait for a fold
  expect(await app.indexer.drain()).toBeGreaterThanOrEqual(150);
  expect(await pending()).toBe(0);
  const [kept, recount] = await keptAndRecounted();
  expect(kept).toEqual(recount);
  const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM search_document WHERE id IN (SELECT id FROM influencer)`);
  expect(n).toBeGreaterThan(100);
});
