/**
 * Large results in the postgres engine (issue 9): unless ranked by text, a result of more than
 * EXACT_TOTAL matches gets an estimated total (flagged; exact when the request is one whose counts
 * are kept, facet-counts.test.ts) and its page is found by walking the
 * sort's index once the matches are dense, or from the matches found by their indexes. Whichever
 * way, the page must be exactly the page a full sort gives: checked here against the order
 * computed from the documents themselves, for text and filters, every walkable sort and two
 * offsets, on both sides of the walk's threshold and below EXACT_TOTAL.
 */
import type { App } from '../../src/app';
import { EXACT_TOTAL, facetCountRow, PostgresSearchEngine } from '../../src/search/postgres.engine';
import type { SearchDocument, SearchFilter, SearchSort } from '../../src/search/search-engine';
import { mulberry32 } from '../../src/domain/prng';
import { createIndexedApp } from '../support/test-app';

const N = 6000;
const rnd = mulberry32(2026);
const uuid = (i: number) => {
  const h = Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, '0');
  return `${h}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
};

/** Word frequencies: "common" in every document, "broad" in 5 of 6, "middling" in 1 of 3, "sparse" in 1 of 10, "rare" in 1 of 40. */
function wordsOf(i: number): string[] {
  return ['common', ...(i % 6 !== 0 ? ['broad'] : []), ...(i % 3 === 0 ? ['middling'] : []), ...(i % 10 === 0 ? ['sparse'] : []), ...(i % 40 === 0 ? ['rare'] : [])];
}

const docs: SearchDocument[] = Array.from({ length: N }, (_, i) => {
  // few distinct values, so ties are broken by id
  const followers = 1000 * Math.floor(rnd() * 50);
  return {
    id: uuid(i), displayName: `Person ${i}`, bio: `${wordsOf(i).join(' ')} notes`, country: i % 4 === 0 ? 'FR' : 'DE', city: null, languages: ['en'],
    topics: [], topicSlugs: [], topicWeights: {}, topicNames: [], platforms: ['INSTAGRAM'], handles: [`p${i}`],
    accounts: [{ platform: 'INSTAGRAM', handle: `p${i}`, url: null, followers, engagementRate: null, verified: false, verificationMethod: null,
      verifiedAt: null, followersSource: 'SELF_REPORTED', followersUpdatedAt: '2026-01-01T00:00:00.000Z' }],
    totalFollowers: followers, engagementRate: Math.floor(rnd() * 20) / 100, contactable: i % 2 === 0, verified: false,
    updatedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(rnd() * 30))).toISOString(),
  };
});

let app: App;
let engine: PostgresSearchEngine;

beforeAll(async () => {
  ({ app, engine } = await createIndexedApp(docs));
}, 120_000);

afterAll(async () => {
  await app.close();
});

const key: Record<Exclude<SearchSort, 'RELEVANCE'>, (d: SearchDocument) => number> = {
  FOLLOWERS: (d) => d.totalFollowers,
  ENGAGEMENT: (d) => d.engagementRate,
  RECENTLY_UPDATED: (d) => Date.parse(d.updatedAt),
};

function expected(word: string | null, filter: SearchFilter, sort: keyof typeof key): SearchDocument[] {
  return docs
    .filter((d, i) => (word === null || wordsOf(i).includes(word)) && (!filter.countries || filter.countries.includes(d.country!)) && (!filter.contactableOnly || d.contactable))
    .sort((a, b) => key[sort](b) - key[sort](a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const cases: Array<[string | null, SearchFilter]> = [
  ['common', {}], // 6,000: walked
  ['broad', { countries: ['DE'] }], // 3,750: near the walk's threshold, either way
  ['middling', {}], // 2,000: sorted
  ['broad', { contactableOnly: true }], // 2,500
  ['sparse', {}], // 600: exact
  ['rare', { countries: ['FR'] }], // 150 ... all of them in FR: i % 40 === 0 implies i % 4 === 0
  [null, { countries: ['FR'] }], // 1,500 without text
];

describe.each(cases)('"%s" with %j', (word, filter) => {
  test.each(['FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED'] as const)('sorted by %s: the exact page at offsets 0 and 200, the total exact up to EXACT_TOTAL, else flagged and close', async (sort) => {
    const all = expected(word, filter, sort);
    for (const offset of [0, 200]) {
      const res = await engine.search({ text: word ?? '', filter, sort, offset, limit: 200, facets: false });
      expect(res.hits.map((h) => h.id)).toEqual(all.slice(offset, offset + 200).map((d) => d.id));
      // filtered by nothing or one facet key, without text: the total is a kept count, exact
      if (all.length <= EXACT_TOTAL || facetCountRow({ text: word, filter }) !== null) {
        expect(res.total).toBe(all.length);
        expect(res.totalIsEstimate).toBe(false);
      } else {
        expect(res.totalIsEstimate).toBe(true);
        // 1 in 16 documents sampled: well within a third for 1,500 matches or more
        expect(res.total).toBeGreaterThan(EXACT_TOTAL);
        expect(Math.abs(res.total - all.length) / all.length).toBeLessThan(0.34);
      }
    }
  });
});

test('ranked by text, the total is exact however large', async () => {
  const res = await engine.search({ text: 'broad', filter: {}, sort: 'RELEVANCE', offset: 0, limit: 20, facets: false });
  expect(res.total).toBe(expected('broad', {}, 'FOLLOWERS').length);
  expect(res.totalIsEstimate).toBe(false);
});
