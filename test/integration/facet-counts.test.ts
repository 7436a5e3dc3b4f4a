/**
 * Kept facet counts (issue 9): `search_facet_count` holds, for the kept filter keys (none,
 * contactable, verified, a platform) and every facet key, how many documents have both, and every
 * index write keeps it. A search without text filtered by nothing or by one kept key reads its
 * facets and exact total from there instead of from every match.
 * Checked here: after random upserts, rewrites, deletes and in-transaction removals the kept counts
 * equal a recount from the documents, and those searches answer exactly what reading the matches
 * answers (the same filter with a condition that excludes nobody takes the reading path).
 */
import type { App } from '../../src/app';
import { facetCountRow, PostgresSearchEngine } from '../../src/search/postgres.engine';
import type { SearchDocument, SearchFilter, SearchSort } from '../../src/search/search-engine';
import { recountFacets } from '../../src/search/facet-counts';
import { mulberry32 } from '../../src/domain/prng';
import { createTestApp } from '../support/test-app';

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
  engine = new PostgresSearchEngine(app.ds);
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
     WHERE b <> 'x' AND (a IN ('*', 'x') OR a LIKE 'v:%' OR a LIKE 'p:%') GROUP BY a, b ORDER BY 1`,
  );
  return [kept.map((x) => x.r), recount.map((x) => x.r)];
}

test('every write keeps the counts equal to a recount: upserts, rewrites, deletes, removals inside a transaction', async () => {
  const ids = Array.from({ length: 400 }, (_, i) => uuid(i));
  await engine.upsert(ids.map((id, i) => doc(id, i)));
  let [kept, recount] = await keptAndRecounted();
  expect(recount.length).toBeGreaterThan(50);
  expect(kept).toEqual(recount);
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
  // the recount the migration runs over an existing index finds the same
  const before = kept;
  await recountFacets(app.ds);
  expect((await keptAndRecounted())[0]).toEqual(before);
});

test('which requests read the kept counts: no text, and nothing or one kept key as the filter', () => {
  expect(facetCountRow({ text: '', filter: {} })).toBe('*');
  expect(facetCountRow({ text: '  ', filter: { platforms: ['TIKTOK'] } })).toBe('p:TIKTOK');
  expect(facetCountRow({ filter: { contactableOnly: true } })).toBe('x');
  expect(facetCountRow({ filter: { verifiedOnly: true } })).toBe('v:true');
  expect(facetCountRow({ text: null, filter: { contactableOnly: false, topics: [] } })).toBe('*');
  // many values, each matching few: read
  expect(facetCountRow({ filter: { topics: ['yoga'] } })).toBeNull();
  expect(facetCountRow({ filter: { countries: ['fr'] } })).toBeNull();
  expect(facetCountRow({ filter: { languages: ['EN'] } })).toBeNull();
  expect(facetCountRow({ text: 'yoga', filter: {} })).toBeNull();
  expect(facetCountRow({ filter: { platforms: ['TIKTOK', 'YOUTUBE'] } })).toBeNull();
  expect(facetCountRow({ filter: { platforms: ['TIKTOK'], countries: ['FR'] } })).toBeNull();
  expect(facetCountRow({ filter: { minFollowers: 0 } })).toBeNull();
  expect(facetCountRow({ filter: { contactableOnly: true, verifiedOnly: true } })).toBeNull();
});

const filters: SearchFilter[] = [{}, { platforms: ['YOUTUBE'] }, { platforms: ['TWITCH'] }, { contactableOnly: true }, { verifiedOnly: true }];
test.each(filters)('kept counts answer %j exactly as reading the matches does', async (filter) => {
  expect(facetCountRow({ filter })).not.toBeNull();
  for (const sort of ['RELEVANCE', 'FOLLOWERS', 'RECENTLY_UPDATED'] as SearchSort[]) {
    const kept = await engine.search({ text: '', filter, sort, offset: 0, limit: 50, facets: true });
    // followers >= 0 excludes nobody, and takes the request off the kept counts
    const read = await engine.search({ text: '', filter: { ...filter, minFollowers: 0 }, sort, offset: 0, limit: 50, facets: true });
    expect(kept.hits).toEqual(read.hits);
    expect(kept.facets).toEqual(read.facets);
    const [{ n }]: Array<{ n: number }> = await app.ds.query(
      `SELECT count(*)::int AS n FROM search_document d WHERE ${filter.platforms ? `d.platforms && $1::text[]`
        : filter.contactableOnly ? `d.contactable AND $1::text[] IS NOT NULL` : filter.verifiedOnly ? `d.verified AND $1::text[] IS NOT NULL` : `$1::text[] IS NOT NULL`}`,
      [filter.platforms ?? []],
    );
    expect(kept.total).toBe(n);
    expect(kept.totalIsEstimate).toBe(false);
    if (n > 0) expect(kept.facets.platforms.length + kept.facets.verified.length).toBeGreaterThan(0);
  }
});
