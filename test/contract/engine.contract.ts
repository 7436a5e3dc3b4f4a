/**
 * The search engine contract: what every `SearchEngine` must do, as jest tests, against a fixed,
 * hand-made set of 30 documents. `engineContract(name, makeEngine)` defines the tests; one test
 * file per engine calls it (see postgres.contract.test.ts and meilisearch.contract.test.ts).
 *
 * Expected results are either written out by hand (names) or computed by a small in-memory model of
 * the contract (`matches`, `expectedFacets`, `sortedIds`) over the same fixture; tests that use the
 * model also check that the expected set is neither empty nor everything, so that they can fail.
 *
 * Conventions the contract relies on (both engines implement them): ties of every sort are broken
 * by id ascending; countries are upper-case ISO codes and languages lower-case codes, both in the
 * documents and in filters; facet lists hold each value once, with a count, most frequent first.
 */
import { TAXONOMY } from '../../src/data/taxonomy';
import type {
  DocumentAccount, FacetCount, Platform, SearchDocument, SearchEngine, SearchFacets, SearchFilter, SearchRequest,
  SearchResponse, SearchSort,
} from '../../src/search/search-engine';

// ---------------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------------

/** Ids are UUIDs (what influencer ids are, and what the postgres engine stores) that are valid
 * Meilisearch ids too. Their order is deliberately unrelated to the fixture order (n * 11 mod 31
 * permutes 1..30), and documents are inserted in yet another order, so an engine that does not
 * break ties by id cannot pass by accident. */
export function fixtureId(n: number): string {
  return `00000000-0000-4000-8000-${((n * 11) % 31).toString(16).padStart(12, '0')}`;
}

/** An id no fixture document has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-0000000fffff';

interface Spec {
  n: number;
  name: string;
  bio: string;
  country: string | null;
  city: string | null;
  languages: string[];
  /** Child topic slugs of the taxonomy; their groups are added as in `toSearchDocument`. */
  topics: string[];
  accounts: Array<[Platform, string, number, number | null]>;
  contactable: boolean;
  updatedAt: string;
}

const TOPIC = new Map(TAXONOMY.map((t) => [t.slug, t]));

function lineage(slug: string): Array<{ slug: string; name: string }> {
  const t = TOPIC.get(slug);
  if (!t) throw new Error(`fixture uses unknown topic ${slug}`);
  const parent = t.parent ? TOPIC.get(t.parent) : undefined;
  return parent ? [t, parent] : [t];
}

function build(s: Spec): SearchDocument {
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  // every third person has their first account verified (issue 11: the verifiedOnly filter and facet)
  const verified = s.n % 3 === 0;
  const accounts: DocumentAccount[] = s.accounts.map(([platform, handle, followers, engagementRate], k) => ({
    platform, handle, url: `https://example.test/${platform.toLowerCase()}/${handle}`, followers, engagementRate,
    verified: verified && k === 0, verificationMethod: verified && k === 0 ? 'PROFILE_CODE' : null,
    verifiedAt: verified && k === 0 ? '2026-01-02T03:04:05.000Z' : null, followersSource: 'SELF_REPORTED', followersUpdatedAt: '2026-01-01T00:00:00.000Z',
  }));
  const lines = s.topics.flatMap(lineage);
  const topics = s.topics.map((slug, i) => ({ slug, name: TOPIC.get(slug)!.name, weight: i === 0 ? 1 : 0.5 }));
  const topicWeights: Record<string, number> = {};
  for (const t of topics) for (const l of lineage(t.slug)) topicWeights[l.slug] = Math.max(topicWeights[l.slug] ?? 0, t.weight);
  return {
    id: fixtureId(s.n),
    displayName: s.name,
    bio: s.bio,
    country: s.country,
    city: s.city,
    languages: s.languages,
    topics,
    topicSlugs: unique(lines.map((t) => t.slug)),
    topicWeights,
    topicNames: unique(lines.map((t) => t.name)),
    platforms: unique(accounts.map((a) => a.platform)),
    handles: accounts.map((a) => a.handle),
    accounts,
    totalFollowers: accounts.reduce((n, a) => n + a.followers, 0),
    engagementRate: Math.max(0, ...accounts.map((a) => a.engagementRate ?? 0)),
    contactable: s.contactable,
    verified: accounts.some((a) => a.verified),
    updatedAt: s.updatedAt,
  };
}

const T_TIE = '2026-03-01T09:00:00.000Z';

const SPECS: Spec[] = [
  { n: 1, name: 'Zoë Müller', bio: 'Vinyasa teacher sharing slow morning flows from Berlin.', country: 'DE', city: 'Berlin', languages: ['de', 'en'],
    topics: ['yoga', 'meditation'], accounts: [['INSTAGRAM', 'zoeflows', 48_000, 0.051], ['YOUTUBE', 'zoeflowsyt', 12_000, 0.032]],
    contactable: true, updatedAt: '2026-03-10T08:00:00.000Z' },
  { n: 2, name: 'José Núñez', bio: 'Pastry chef. Croissants, tarts and laminated dough.', country: 'ES', city: 'Madrid', languages: ['es', 'en'],
    topics: ['patisserie', 'baking'], accounts: [['INSTAGRAM', 'josepastry', 120_000, 0.034], ['TIKTOK', 'josepastrytt', 300_000, 0.072]],
    contactable: true, updatedAt: '2026-02-11T10:30:00.000Z' },
  { n: 3, name: 'Björn Lindqvist', bio: 'Marathon runner and trail lover.', country: 'SE', city: 'Stockholm', languages: ['sv', 'en'],
    topics: ['running'], accounts: [['YOUTUBE', 'bjornlifts', 75_000, 0.028]],
    contactable: false, updatedAt: T_TIE },
  { n: 4, name: 'Tom Baker', bio: 'Ultra distance coach. Training plans for busy people.', country: 'GB', city: 'London', languages: ['en'],
    topics: ['running'], accounts: [['INSTAGRAM', 'tbruns', 22_000, 0.041], ['X', 'tbrunsx', 3_000, 0.012]],
    contactable: true, updatedAt: '2026-01-05T12:00:00.000Z' },
  { n: 5, name: 'Hannah Lee', bio: 'Weekend baker of sourdough and rye loaves.', country: 'US', city: 'Portland', languages: ['en'],
    topics: ['baking'], accounts: [['PINTEREST', 'hannahloaves', 64_000, 0.019]],
    contactable: true, updatedAt: '2026-02-20T07:15:00.000Z' },
  { n: 6, name: 'Amélie Laurent', bio: 'Éclairs, macarons et mille-feuille, pas à pas.', country: 'FR', city: 'Paris', languages: ['fr', 'en'],
    topics: ['patisserie'], accounts: [['INSTAGRAM', 'amelie_paris', 230_000, 0.038], ['BLOG', 'amelielaurent', 9_000, null]],
    contactable: false, updatedAt: '2026-03-12T18:45:00.000Z' },
  { n: 7, name: 'Chloé Dubois', bio: 'Weekend patisserie classes for beginners, no fancy tools needed.', country: 'FR', city: 'Lyon', languages: ['fr'],
    topics: ['home-cooking'], accounts: [['YOUTUBE', 'chloecuisine', 41_000, 0.027]],
    contactable: true, updatedAt: '2026-01-28T09:00:00.000Z' },
  { n: 8, name: 'Priya Sharma', bio: 'Yoga and Ayurvedic nutrition for everyday life.', country: 'IN', city: 'Mumbai', languages: ['en', 'hi'],
    topics: ['yoga', 'nutrition'], accounts: [['INSTAGRAM', 'priyaflow', 510_000, 0.022], ['YOUTUBE', 'priyaflowtv', 90_000, 0.015]],
    contactable: true, updatedAt: '2026-03-14T06:00:00.000Z' },
  { n: 9, name: 'Lucas Silva', bio: 'Surf and yoga retreats on the coast near Lisbon.', country: 'PT', city: 'Lisbon', languages: ['pt', 'en'],
    topics: ['surfing'], accounts: [['INSTAGRAM', 'lucassurfs', 33_000, 0.047]],
    contactable: false, updatedAt: '2026-02-02T16:20:00.000Z' },
  { n: 10, name: 'Ana Costa', bio: 'Plant-based recipes from my Lisbon kitchen.', country: 'PT', city: 'Lisbon', languages: ['pt'],
    topics: ['vegan-cooking'], accounts: [['TIKTOK', 'anacostacooks', 150_000, 0.061]],
    contactable: true, updatedAt: '2026-03-03T11:11:00.000Z' },
  { n: 11, name: 'Kenji Watanabe', bio: 'Competitive shooter player and streamer.', country: 'JP', city: 'Tokyo', languages: ['ja', 'en'],
    topics: ['esports', 'pc-gaming'], accounts: [['TWITCH', 'kenjiplays', 210_000, 0.045], ['YOUTUBE', 'kenjiclips', 95_000, 0.02]],
    contactable: true, updatedAt: '2026-03-09T22:00:00.000Z' },
  { n: 12, name: 'Sofia Rossi', bio: 'Thrifted outfits and sustainable style.', country: 'IT', city: 'Milan', languages: ['it', 'en'],
    topics: ['vintage-fashion', 'streetwear'], accounts: [['INSTAGRAM', 'sofiathrifts', 87_000, 0.036], ['TIKTOK', 'sofiathriftstt', 40_000, 0.058]],
    contactable: true, updatedAt: T_TIE },
  { n: 13, name: 'Mateo García', bio: 'Malbec notes and steakhouse reviews.', country: 'AR', city: 'Buenos Aires', languages: ['es'],
    topics: ['wine', 'restaurant-reviews'], accounts: [['INSTAGRAM', 'mateomalbec', 27_000, 0.03]],
    contactable: false, updatedAt: '2026-01-19T13:40:00.000Z' },
  { n: 14, name: 'Emma Schmidt', bio: 'Balcony gardening in small city flats.', country: 'DE', city: 'Munich', languages: ['de'],
    topics: ['gardening', 'houseplants'], accounts: [['INSTAGRAM', 'emmasbalkon', 50_000, 0.044]],
    contactable: true, updatedAt: '2026-02-25T08:30:00.000Z' },
  { n: 15, name: 'Olivia Brown', bio: 'Affordable makeovers and colour palettes for rented flats.', country: 'GB', city: 'Manchester', languages: ['en'],
    topics: ['interior-design'], accounts: [['PINTEREST', 'oliviainteriors', 120_000, 0.021], ['INSTAGRAM', 'oliviainteriorsig', 30_000, 0.026]],
    contactable: false, updatedAt: '2026-03-05T14:00:00.000Z' },
  { n: 16, name: 'Noah Johnson', bio: 'Teaching TypeScript to beginners.', country: 'US', city: 'Austin', languages: ['en'],
    topics: ['software-development'], accounts: [['YOUTUBE', 'noahcodes', 180_000, 0.025], ['LINKEDIN', 'noahjohnsondev', 15_000, 0.01]],
    contactable: true, updatedAt: '2026-01-30T17:00:00.000Z' },
  { n: 17, name: 'Aisha Bello', bio: 'Makeup for deep skin tones and everyday glow.', country: 'NG', city: 'Lagos', languages: ['en', 'yo'],
    topics: ['makeup', 'skincare'], accounts: [['INSTAGRAM', 'aishaglow', 260_000, 0.049], ['TIKTOK', 'aishaglowtt', 90_000, 0.066]],
    contactable: true, updatedAt: '2026-03-11T19:30:00.000Z' },
  { n: 18, name: "Liam O'Connor", bio: 'Collecting and repairing old consoles.', country: 'IE', city: 'Dublin', languages: ['en', 'ga'],
    topics: ['retro-gaming'], accounts: [['YOUTUBE', 'liamretro', 12_000, 0.039]],
    contactable: false, updatedAt: '2026-02-14T10:00:00.000Z' },
  { n: 19, name: 'Mia Wagner', bio: 'Reformer pilates and breathwork.', country: 'AT', city: 'Vienna', languages: ['de', 'en'],
    topics: ['pilates', 'meditation'], accounts: [['INSTAGRAM', 'miamoves', 38_000, 0.05]],
    contactable: true, updatedAt: '2026-02-27T07:00:00.000Z' },
  { n: 20, name: 'Lena Novak', bio: 'Living in a van, photographing mountain roads.', country: null, city: null, languages: ['en', 'cs'],
    topics: ['van-life', 'travel-photography'], accounts: [['INSTAGRAM', 'lenaonwheels', 70_000, 0.045]],
    contactable: true, updatedAt: '2026-03-08T12:00:00.000Z' },
  { n: 21, name: 'Ethan Clark', bio: 'Index funds, explained simply.', country: 'CA', city: 'Toronto', languages: ['en', 'fr'],
    topics: ['investing'], accounts: [['YOUTUBE', 'ethanexplains', 140_000, 0.018], ['X', 'ethanclarkx', 25_000, 0.009]],
    contactable: false, updatedAt: '2026-01-12T15:00:00.000Z' },
  { n: 22, name: 'Yuki Tanaka', bio: 'Hand-drip coffee and kissaten stories.', country: 'JP', city: 'Osaka', languages: ['ja'],
    topics: ['coffee'], accounts: [['INSTAGRAM', 'yukidrip', 19_000, 0.057]],
    contactable: true, updatedAt: '2026-02-08T03:00:00.000Z' },
  { n: 23, name: 'Ingrid Håkansson', bio: 'Fjord hikes and long-distance trail running.', country: 'NO', city: 'Bergen', languages: ['no', 'en'],
    topics: ['running', 'backpacking'], accounts: [['INSTAGRAM', 'ingridoutdoors', 44_000, 0.042]],
    contactable: true, updatedAt: '2026-03-13T05:45:00.000Z' },
  { n: 24, name: 'Carlos Méndez', bio: 'Tacos al pastor and street stalls at midnight.', country: 'MX', city: 'Mexico City', languages: ['es', 'en'],
    topics: ['street-food'], accounts: [['TIKTOK', 'carlostacos', 410_000, 0.081], ['YOUTUBE', 'carlostacosyt', 60_000, 0.03]],
    contactable: true, updatedAt: '2026-03-02T20:00:00.000Z' },
  // 25 and 26 are twins for everything a query on their bio can see: equal relevance, equal
  // followers, engagement and update time; only the id decides their order.
  { n: 25, name: 'Fatima Zahra', bio: 'Board game reviews and strategy guides.', country: 'MA', city: 'Marrakesh', languages: ['ar', 'fr'],
    topics: ['tabletop-games'], accounts: [['YOUTUBE', 'fatimaplays', 12_000, 0.045]],
    contactable: true, updatedAt: T_TIE },
  { n: 26, name: 'Pablo Ortiz', bio: 'Board game reviews and strategy guides.', country: 'ES', city: 'Valencia', languages: ['es'],
    topics: ['tabletop-games'], accounts: [['YOUTUBE', 'pabloplays', 12_000, 0.045]],
    contactable: false, updatedAt: T_TIE },
  { n: 27, name: 'Grace Kim', bio: 'Ten-step routines, honestly reviewed.', country: 'KR', city: 'Seoul', languages: ['ko', 'en'],
    topics: ['skincare', 'k-beauty'], accounts: [['YOUTUBE', 'gracekimbeauty', 330_000, 0.029], ['INSTAGRAM', 'gracekimig', 200_000, 0.033]],
    contactable: true, updatedAt: '2026-02-17T09:30:00.000Z' },
  { n: 28, name: 'Oscar Nilsson', bio: 'Life with three rescue greyhounds.', country: 'SE', city: 'Gothenburg', languages: ['sv'],
    topics: ['pets'], accounts: [['INSTAGRAM', 'oscarshounds', 29_000, 0.045]],
    contactable: false, updatedAt: '2026-01-22T11:00:00.000Z' },
  { n: 29, name: 'Nora Fischer', bio: 'Astrophotography from the Alps.', country: 'CH', city: 'Zurich', languages: ['de', 'fr'],
    topics: ['space'], accounts: [['INSTAGRAM', 'norastars', 16_000, 0.054]],
    contactable: true, updatedAt: '2026-02-05T21:00:00.000Z' },
  { n: 30, name: 'Zoe Park', bio: 'Trail running and mountain yoga at sunrise.', country: 'US', city: 'Seattle', languages: ['en', 'ko'],
    topics: ['running'], accounts: [['INSTAGRAM', 'zoeparkruns', 26_000, 0.037]],
    contactable: true, updatedAt: '2026-03-07T06:30:00.000Z' },
];

export const DOCS: readonly SearchDocument[] = SPECS.map(build);

/** Fixture order shuffled (not id order, not `n` order): the order documents are upserted in. */
const INSERT_ORDER: readonly SearchDocument[] = [...DOCS].sort(
  (a, b) => a.displayName.length - b.displayName.length || (a.displayName < b.displayName ? 1 : a.displayName > b.displayName ? -1 : 0),
);

const byName = new Map(DOCS.map((d) => [d.displayName, d]));
/** The id of the fixture document with this display name. */
export function idOf(name: string): string {
  const d = byName.get(name);
  if (!d) throw new Error(`no fixture document named ${name}`);
  return d.id;
}
const nameById = new Map(DOCS.map((d) => [d.id, d.displayName]));

// ---------------------------------------------------------------------------------------------
// Model of the contract over the fixture
// ---------------------------------------------------------------------------------------------

/** Lower case, no accents: how every engine compares text. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of everything free text searches: name, bio, handles and topic names. */
function words(d: SearchDocument): string[] {
  return fold([d.displayName, d.bio, ...d.handles, ...d.topicNames].join(' ')).split(/[^a-z0-9]+/).filter(Boolean);
}

/** Ids of the documents having a word equal to `word` (or starting with it, for `prefix`). */
function withWord(word: string, prefix = false, docs: readonly SearchDocument[] = DOCS): string[] {
  return docs.filter((d) => words(d).some((w) => (prefix ? w.startsWith(word) : w === word))).map((d) => d.id);
}

function matches(d: SearchDocument, f: SearchFilter): boolean {
  const anyOf = (have: readonly string[], want?: readonly string[]) => !want?.length || want.some((w) => have.includes(w));
  return (
    anyOf(d.topicSlugs, f.topics) &&
    anyOf(d.platforms, f.platforms) &&
    anyOf(d.country ? [d.country] : [], f.countries) &&
    anyOf(d.languages, f.languages) &&
    (f.minFollowers == null || d.totalFollowers >= f.minFollowers) &&
    (f.maxFollowers == null || d.totalFollowers <= f.maxFollowers) &&
    (f.minEngagementRate == null || d.engagementRate >= f.minEngagementRate) &&
    (!f.contactableOnly || d.contactable) &&
    (!f.verifiedOnly || d.verified)
  );
}

function filtered(f: SearchFilter, docs: readonly SearchDocument[] = DOCS): SearchDocument[] {
  return docs.filter((d) => matches(d, f));
}

const cmpId = (a: SearchDocument, b: SearchDocument) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Ids in the order of an explicit sort: the field descending, then id ascending. */
function sortedIds(docs: readonly SearchDocument[], sort: Exclude<SearchSort, 'RELEVANCE'>): string[] {
  const key = (d: SearchDocument) =>
    sort === 'FOLLOWERS' ? d.totalFollowers : sort === 'ENGAGEMENT' ? d.engagementRate : Date.parse(d.updatedAt);
  return [...docs].sort((a, b) => key(b) - key(a) || cmpId(a, b)).map((d) => d.id);
}

function count(values: string[]): FacetCount[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, c]) => ({ value, count: c }));
}

function expectedFacets(docs: readonly SearchDocument[]): SearchFacets {
  return {
    topics: count(docs.flatMap((d) => d.topicSlugs)),
    platforms: count(docs.flatMap((d) => d.platforms)),
    countries: count(docs.flatMap((d) => (d.country ? [d.country] : []))),
    languages: count(docs.flatMap((d) => d.languages)),
    verified: count(docs.map((d) => String(d.verified))),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const ALL = 100;

function req(partial: Partial<SearchRequest> = {}): SearchRequest {
  return { text: null, filter: {}, sort: 'RELEVANCE', offset: 0, limit: ALL, facets: false, ...partial };
}

/** Hit ids as a plain array of this realm (a client may build its arrays in another one). */
function ids(res: SearchResponse): string[] {
  return Array.from(res.hits, (h) => h.id);
}

function names(idList: readonly string[]): string[] {
  return idList.map((id) => nameById.get(id) ?? id);
}

/** Same members, any order; reported by name so that failures are readable. */
function expectSameSet(actual: readonly string[], expected: readonly string[]): void {
  expect(names([...actual]).sort()).toEqual(names([...expected]).sort());
  expect(new Set(actual).size).toBe(actual.length);
}

function byValue(list: readonly FacetCount[]): FacetCount[] {
  return Array.from(list, (f) => ({ value: f.value, count: f.count })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function expectFacets(actual: SearchFacets, expected: SearchFacets): void {
  for (const key of ['topics', 'platforms', 'countries', 'languages', 'verified'] as const) {
    expect({ [key]: byValue(actual[key]) }).toEqual({ [key]: byValue(expected[key]) });
    // most frequent first
    const counts = Array.from(actual[key], (f) => f.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  }
}

/** Filter values that try to break out of a quoted literal, a query language or SQL. */
const HOSTILE = [
  '"',
  '\\',
  '\\"',
  'x" OR topicSlugs EXISTS OR "',
  "yoga' OR '1'='1",
  'yoga") OR ("1" = "1',
  'running\\" OR platforms = \\"YOUTUBE',
  'DE" OR country != "DE',
  '"en" OR languages EXISTS',
  'INSTAGRAM\n) OR (platforms = INSTAGRAM',
  "'; DROP TABLE search_document; --",
  'yoga TO running',
  '*',
  '%',
  '',
];

// ---------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------

export function engineContract(
  name: string,
  makeEngine: () => Promise<{ engine: SearchEngine; cleanup(): Promise<void> }>,
): void {
  describe(`${name} search engine contract`, () => {
    let engine: SearchEngine;
    let cleanup: (() => Promise<void>) | undefined;

    async function reset(): Promise<void> {
      await engine.clear();
      await engine.upsert([...INSERT_ORDER]);
    }
    async function search(partial: Partial<SearchRequest>): Promise<SearchResponse> {
      return engine.search(req(partial));
    }
    async function textIds(text: string, partial: Partial<SearchRequest> = {}): Promise<string[]> {
      return ids(await search({ text, ...partial }));
    }

    beforeAll(async () => {
      const made = await makeEngine();
      engine = made.engine;
      cleanup = made.cleanup;
      await engine.applySettings();
    });

    afterAll(async () => {
      await cleanup?.();
    });

    test('the fixture is what the tests assume', () => {
      expect(DOCS).toHaveLength(30);
      expect(new Set(DOCS.map((d) => d.id)).size).toBe(30);
      expect(INSERT_ORDER.map((d) => d.id)).not.toEqual([...DOCS].sort(cmpId).map((d) => d.id));
    });

    // -------------------------------------------------------------------------------------------
    describe('settings, upsert and listIds', () => {
      beforeEach(async () => {
        await engine.clear();
      });

      test('applySettings is idempotent and keeps the documents', async () => {
        await engine.applySettings();
        await engine.upsert([...INSERT_ORDER]);
        await engine.applySettings();
        await engine.applySettings();
        expect((await engine.listIds()).sort()).toEqual(DOCS.map((d) => d.id).sort());
        expectSameSet(await textIds('yoga'), withWord('yoga'));
        expect((await search({})).total).toBe(30);
      });

      test('upsert then listIds gives every id exactly once; the index starts empty after clear', async () => {
        expect(await engine.listIds()).toEqual([]);
        await engine.upsert(DOCS.slice(0, 10));
        await engine.upsert(DOCS.slice(10));
        const listed = await engine.listIds();
        expect(listed).toHaveLength(30);
        expect([...listed].sort()).toEqual(DOCS.map((d) => d.id).sort());
      });

      test('upsert of nothing is a no-op', async () => {
        await engine.upsert(DOCS.slice(0, 3));
        await engine.upsert([]);
        expect((await engine.listIds()).sort()).toEqual(DOCS.slice(0, 3).map((d) => d.id).sort());
      });

      test('upsert replaces a document: new values are searchable and filterable, old ones are gone', async () => {
        await engine.upsert([...INSERT_ORDER]);
        const nora = DOCS.find((d) => d.displayName === 'Nora Fischer')!;
        expect(await textIds('astrophotography')).toContain(nora.id);
        expect(ids(await search({ filter: { countries: ['CH'] } }))).toEqual([nora.id]);

        const changed: SearchDocument = {
          ...nora,
          displayName: 'Nora Keller',
          bio: 'Glacier hiking diaries.',
          country: 'AT',
          languages: ['it'],
          topics: [{ slug: 'gardening', name: 'Gardening', weight: 1 }],
          topicSlugs: ['gardening', 'home'],
          topicNames: ['Gardening', 'Home & garden'],
          totalFollowers: 999_999,
          engagementRate: 0.2,
          contactable: false,
          updatedAt: '2026-04-01T00:00:00.000Z',
        };
        await engine.upsert([changed]);

        expect((await engine.listIds()).sort()).toEqual(DOCS.map((d) => d.id).sort());
        expect((await search({})).total).toBe(30);
        expect(await textIds('astrophotography')).not.toContain(nora.id);
        expect(await textIds('fischer')).not.toContain(nora.id);
        expect(await textIds('glacier')).toEqual([nora.id]);
        expect(await textIds('keller')).toEqual([nora.id]);
        expect(ids(await search({ filter: { countries: ['CH'] } }))).toEqual([]);
        expect(ids(await search({ filter: { countries: ['AT'] } }))).toContain(nora.id);
        expect(ids(await search({ filter: { languages: ['it'] } }))).toContain(nora.id);
        expect(ids(await search({ filter: { topics: ['space'] } }))).toEqual([]);
        expect(ids(await search({ filter: { topics: ['home'] } }))).toContain(nora.id);
        expect(ids(await search({ filter: { contactableOnly: true } }))).not.toContain(nora.id);
        expect(ids(await search({ sort: 'FOLLOWERS', limit: 1 }))).toEqual([nora.id]);
        expect(ids(await search({ sort: 'ENGAGEMENT', limit: 1 }))).toEqual([nora.id]);
        expect(ids(await search({ sort: 'RECENTLY_UPDATED', limit: 1 }))).toEqual([nora.id]);
        const facets = (await search({ facets: true })).facets;
        expect(facets.countries.find((f) => f.value === 'CH')).toBeUndefined();
        expect(facets.topics.find((f) => f.value === 'space')).toBeUndefined();
      });

      test('a handle with dots, dashes or underscores is found whole and by each of its words', async () => {
        await engine.upsert([...INSERT_ORDER]);
        const nora = DOCS.find((d) => d.displayName === 'Nora Fischer')!;
        await engine.upsert([{ ...nora, handles: ['lena.moves', 'zeno-sings', 'quill_cooks', 'www.orbit.example'] }]);
        for (const q of ['lena.moves', 'lena moves', 'moves', 'zeno-sings', 'sings', 'quill_cooks', 'cooks', 'orbit.example', 'orbit', '@lena.moves']) {
          expect([q, await textIds(q)]).toEqual([q, [nora.id]]);
        }
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('free text', () => {
      beforeAll(reset);

      test('a match in the name ranks above a match in the bio only', async () => {
        // "Tom Baker" has it in his name, Hannah Lee ("Weekend baker of sourdough") in her bio only.
        const hits = await textIds('baker');
        expect(hits[0]).toBe(idOf('Tom Baker'));
        expect(hits).toContain(idOf('Hannah Lee'));
        const withAccent = await textIds('nunez');
        expect(withAccent[0]).toBe(idOf('José Núñez'));
      });

      test('an exact topic word finds exactly the people with it (topic names and bios)', async () => {
        const meditation = withWord('meditation');
        expectSameSet(meditation, [idOf('Zoë Müller'), idOf('Mia Wagner')]);
        expectSameSet(await textIds('meditation'), meditation);

        const running = withWord('running');
        expectSameSet(running, [idOf('Björn Lindqvist'), idOf('Tom Baker'), idOf('Ingrid Håkansson'), idOf('Zoe Park')]);
        expectSameSet(await textIds('Running'), running);
      });

      test('a word does not match another word more than two letters away that it contains or is part of', async () => {
        // "gardening" is not "garden" (the "Home & garden" group of Olivia, an interior designer),
        // "astrophotography" is not "photography" (Lena's "Travel photography"): 3 and 5 letters away,
        // beyond the one or two letter mistakes typo tolerance is for.
        expectSameSet(withWord('gardening'), [idOf('Emma Schmidt')]);
        expect(withWord('garden')).toContain(idOf('Olivia Brown'));
        expectSameSet(await textIds('gardening'), [idOf('Emma Schmidt')]);
        expectSameSet(withWord('photography'), [idOf('Lena Novak')]);
        expectSameSet(await textIds('astrophotography'), [idOf('Nora Fischer')]);
      });

      test('a topic group name finds the people in its child topics', async () => {
        // topicNames holds the group names too: "Gaming" is the group of esports, retro and tabletop.
        const gaming = withWord('gaming');
        expectSameSet(gaming, [idOf('Kenji Watanabe'), idOf("Liam O'Connor"), idOf('Fatima Zahra'), idOf('Pablo Ortiz')]);
        expectSameSet(await textIds('gaming'), gaming);
      });

      test('handles are searchable', async () => {
        expect(await textIds('bjornlifts')).toEqual([idOf('Björn Lindqvist')]);
        expect(await textIds('carlostacos')).toEqual([idOf('Carlos Méndez')]);
      });

      test('every word of a multi-word query must match', async () => {
        // Lucas (yoga + Lisbon) only: not the other yoga people, not Ana (Lisbon, no yoga).
        expect(names(await textIds('yoga lisbon'))).toEqual(['Lucas Silva']);
        expect(names(await textIds('lisbon yoga'))).toEqual(['Lucas Silva']);
        // Björn has "trail" in his bio and "Running" as a topic: the words may come from different fields
        expectSameSet(await textIds('trail running'), [idOf('Björn Lindqvist'), idOf('Ingrid Håkansson'), idOf('Zoe Park')]);
      });

      test('a strict sort never promotes a document that matches only some of the words', async () => {
        // Priya (yoga, 600k followers) and Ana (Lisbon, 150k) both outrank Lucas (yoga + Lisbon, 33k)
        // by followers: they must not be hits at all.
        for (const sort of ['FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED', 'RELEVANCE'] as const) {
          const res = await search({ text: 'yoga lisbon', sort, facets: true });
          expect({ sort, hits: names(ids(res)), total: res.total }).toEqual({ sort, hits: ['Lucas Silva'], total: 1 });
          expectFacets(res.facets, expectedFacets(DOCS.filter((d) => d.displayName === 'Lucas Silva')));
        }
      });

      test('a prefix finds the words it starts ("yog" finds yoga people)', async () => {
        const yoga = withWord('yog', true);
        expectSameSet(yoga, [idOf('Zoë Müller'), idOf('Priya Sharma'), idOf('Lucas Silva'), idOf('Zoe Park')]);
        expectSameSet(await textIds('yog'), yoga);
        expectSameSet(await textIds('astroph'), [idOf('Nora Fischer')]);
        expectSameSet(await textIds('greyhou'), [idOf('Oscar Nilsson')]);
      });

      test('one or two letter mistakes still find the right people', async () => {
        expectSameSet(await textIds('yogga'), withWord('yoga'));
        expectSameSet(await textIds('pattiserie'), withWord('patisserie'));
        expectSameSet(await textIds('greyhonds'), [idOf('Oscar Nilsson')]);
        expectSameSet(await textIds('astrophotograpy'), [idOf('Nora Fischer')]);
        expectSameSet(await textIds('kisaten'), [idOf('Yuki Tanaka')]);
        expect((await textIds('lindqvsit'))[0]).toBe(idOf('Björn Lindqvist'));
      });

      test('two neighbours swapped are one mistake, as Meilisearch counts them', async () => {
        // "runnign" (7 letters, a budget of one) is two changes away from "running" letter by letter
        const running = withWord('running');
        expect(running.length).toBeGreaterThan(1);
        expectSameSet(await textIds('runnign'), running);
        expectSameSet(await textIds('meidtatoin'), withWord('meditation')); // two swaps in 10 letters
      });

      test('two letters changed far apart in a long word still find it', async () => {
        // "greyhounds" (10 letters, a budget of two): the two changes share no trigram, so the
        // word keeps 5 of its 11 (similarity 0.29, below pg_trgm's default threshold of 0.3)
        expectSameSet(await textIds('gzeyhounxs'), [idOf('Oscar Nilsson')]);
        // three are beyond the budget
        expect(await textIds('gzeyhxunxs')).toEqual([]);
      });

      test('accents do not matter, in the query or in the document', async () => {
        // query without accents, document with them
        expectSameSet(await textIds('zoe'), [idOf('Zoë Müller'), idOf('Zoe Park')]);
        expectSameSet(await textIds('muller'), [idOf('Zoë Müller')]);
        expectSameSet(await textIds('bjorn'), [idOf('Björn Lindqvist')]);
        expectSameSet(await textIds('hakansson'), [idOf('Ingrid Håkansson')]);
        expectSameSet(await textIds('eclairs'), [idOf('Amélie Laurent')]);
        // query with accents, document without them
        expectSameSet(await textIds('Zoë'), [idOf('Zoë Müller'), idOf('Zoe Park')]);
        expectSameSet(await textIds('Pâtisserie'), withWord('patisserie'));
        expect(withWord('patisserie')).toContain(idOf('Chloé Dubois')); // bio "Weekend patisserie classes", no accent
        expect(withWord('patisserie')).toContain(idOf('Amélie Laurent')); // topic "Pâtisserie" only
        expectSameSet(await textIds('Núñez'), [idOf('José Núñez')]);
        expectSameSet(await textIds('MÜLLER'), [idOf('Zoë Müller')]);
      });

      test('text and filters combine', async () => {
        const f: SearchFilter = { countries: ['DE', 'IN'] };
        const expected = withWord('yoga', false, filtered(f));
        expectSameSet(expected, [idOf('Zoë Müller'), idOf('Priya Sharma')]);
        const res = await search({ text: 'yoga', filter: f });
        expectSameSet(ids(res), expected);
        expect(res.total).toBe(2);
      });

      test('empty, blank and absent text mean everything', async () => {
        for (const text of [null, undefined, '', '   ']) {
          const res = await search({ text, sort: 'FOLLOWERS' });
          expect(res.total).toBe(30);
          expect(ids(res)).toEqual(sortedIds(DOCS, 'FOLLOWERS'));
        }
      });

      test('a word nobody has finds nothing', async () => {
        const res = await search({ text: 'xylophonist', facets: true });
        expect(res.total).toBe(0);
        expect(ids(res)).toEqual([]);
        expectFacets(res.facets, expectedFacets([]));
      });

      test('query syntax characters in the text do not break the search', async () => {
        for (const text of ["yoga & | ! :* ( ) ' \\", 'yoga:*', '"yoga"', "'yoga'", 'yoga)', '(yoga', '!yoga', 'yoga\\']) {
          const res = await search({ text });
          expect(res.total).toBe(res.hits.length);
          // whatever else an engine reads in them, these queries still find the yoga people
          expect(ids(res)).toEqual(expect.arrayContaining(withWord('yoga')));
        }
        for (const text of ['%', '_', '*', '\\', "'", '"', ':*', '&', '|', '!', '()', '%yoga%']) {
          const res = await search({ text, limit: 5 });
          expect(res.total).toBeGreaterThanOrEqual(res.hits.length);
          expect(res.hits.length).toBeLessThanOrEqual(5);
        }
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('filters', () => {
      beforeAll(reset);

      const cases: Array<[string, SearchFilter, string[] | null]> = [
        ['a child topic', { topics: ['yoga'] }, ['Zoë Müller', 'Priya Sharma']],
        ['a parent group matches its children', { topics: ['fitness'] },
          ['Zoë Müller', 'Priya Sharma', 'Björn Lindqvist', 'Tom Baker', 'Mia Wagner', 'Ingrid Håkansson', 'Zoe Park']],
        ['any of several topics', { topics: ['patisserie', 'gardening'] }, ['José Núñez', 'Amélie Laurent', 'Emma Schmidt']],
        ['a group and one of its children', { topics: ['gaming', 'esports'] },
          ['Kenji Watanabe', "Liam O'Connor", 'Fatima Zahra', 'Pablo Ortiz']],
        ['one platform', { platforms: ['TWITCH'] }, ['Kenji Watanabe']],
        ['any of several platforms', { platforms: ['PINTEREST', 'LINKEDIN', 'BLOG'] },
          ['Hannah Lee', 'Olivia Brown', 'Noah Johnson', 'Amélie Laurent']],
        ['one country', { countries: ['FR'] }, ['Amélie Laurent', 'Chloé Dubois']],
        ['any of several countries', { countries: ['SE', 'NO'] }, ['Björn Lindqvist', 'Oscar Nilsson', 'Ingrid Håkansson']],
        ['one language', { languages: ['ko'] }, ['Grace Kim', 'Zoe Park']],
        ['any of several languages', { languages: ['sv', 'cs'] }, ['Björn Lindqvist', 'Oscar Nilsson', 'Lena Novak']],
        ['minFollowers (inclusive)', { minFollowers: 305_000 }, ['José Núñez', 'Priya Sharma', 'Kenji Watanabe', 'Aisha Bello', 'Carlos Méndez', 'Grace Kim']],
        ['maxFollowers (inclusive)', { maxFollowers: 19_000 }, ['Liam O\'Connor', 'Fatima Zahra', 'Pablo Ortiz', 'Nora Fischer', 'Yuki Tanaka']],
        ['minFollowers and maxFollowers (both inclusive)', { minFollowers: 50_000, maxFollowers: 70_000 },
          ['Emma Schmidt', 'Hannah Lee', 'Lena Novak', 'Zoë Müller']],
        ['min equal to max', { minFollowers: 50_000, maxFollowers: 50_000 }, ['Emma Schmidt']],
        ['min above max matches nothing', { minFollowers: 70_001, maxFollowers: 70_000 }, []],
        ['minEngagementRate (inclusive)', { minEngagementRate: 0.058 }, ['Sofia Rossi', 'José Núñez', 'Ana Costa', 'Aisha Bello', 'Carlos Méndez']],
        ['minEngagementRate 0 keeps everyone', { minEngagementRate: 0 }, null],
        ['contactableOnly', { contactableOnly: true }, null],
        ['contactableOnly: false does not filter', { contactableOnly: false }, null],
        ['verifiedOnly', { verifiedOnly: true }, null],
        ['verifiedOnly: false does not filter', { verifiedOnly: false }, null],
        ['verifiedOnly with another filter', { verifiedOnly: true, contactableOnly: true }, null],
        ['empty lists do not filter', { topics: [], platforms: [], countries: [], languages: [] }, null],
        ['a topic nobody has', { topics: ['crypto'] }, []],
      ];

      test.each(cases)('%s', async (_label, filter, expectedNames) => {
        const expected = filtered(filter).map((d) => d.id);
        if (expectedNames) expectSameSet(expected, expectedNames.map(idOf)); // the model agrees with the hand-written answer
        const res = await search({ filter });
        expectSameSet(ids(res), expected);
        expect(res.total).toBe(expected.length);
      });

      test('contactableOnly keeps exactly the contactable people', async () => {
        const expected = DOCS.filter((d) => d.contactable).map((d) => d.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(30);
        expectSameSet(ids(await search({ filter: { contactableOnly: true } })), expected);
      });

      test('verifiedOnly keeps exactly the people with a verified account', async () => {
        const expected = DOCS.filter((d) => d.verified).map((d) => d.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(DOCS.length);
        expectSameSet(ids(await search({ filter: { verifiedOnly: true } })), expected);
      });

      test('minEngagementRate is inclusive at an exact value', async () => {
        expect(ids(await search({ filter: { minEngagementRate: 0.05, maxFollowers: 40_000 } }))).toEqual(
          expect.arrayContaining([idOf('Mia Wagner'), idOf('Nora Fischer')]),
        );
        expect(ids(await search({ filter: { minEngagementRate: 0.0501 } }))).not.toContain(idOf('Mia Wagner'));
      });

      test('all filters combined are ANDed', async () => {
        const filter: SearchFilter = {
          topics: ['fitness', 'food'],
          platforms: ['INSTAGRAM', 'TIKTOK'],
          countries: ['DE', 'AT', 'ES', 'IN', 'PT', 'US'],
          languages: ['en', 'de'],
          minFollowers: 30_000,
          maxFollowers: 600_000,
          minEngagementRate: 0.02,
          contactableOnly: true,
        };
        const expected = filtered(filter).map((d) => d.id);
        expectSameSet(expected, ['Zoë Müller', 'José Núñez', 'Priya Sharma', 'Mia Wagner'].map(idOf));
        const res = await search({ filter, facets: true });
        expectSameSet(ids(res), expected);
        expect(res.total).toBe(4);
        // dropping any one constraint never shrinks the result
        for (const key of Object.keys(filter) as Array<keyof SearchFilter>) {
          const looser = { ...filter, [key]: undefined };
          const r = await search({ filter: looser });
          expectSameSet(ids(r), filtered(looser).map((d) => d.id));
          expect(r.total).toBeGreaterThanOrEqual(4);
        }
      });

      test('filter values with quotes, backslashes and operators match nothing and break nothing', async () => {
        const fields = ['topics', 'countries', 'languages', 'platforms'] as const;
        for (const field of fields) {
          for (const value of HOSTILE) {
            const filter = { [field]: [value] } as SearchFilter;
            const res = await search({ filter, facets: true });
            expect({ field, value, total: res.total, hits: ids(res) }).toEqual({ field, value, total: 0, hits: [] });
          }
          // alongside a real value, they add nothing to it
          const real = { topics: 'yoga', countries: 'FR', languages: 'ko', platforms: 'TWITCH' }[field];
          const filter = { [field]: [...HOSTILE, real] } as SearchFilter;
          expectSameSet(ids(await search({ filter })), filtered({ [field]: [real] } as SearchFilter).map((d) => d.id));
        }
        // the index is intact afterwards
        expect((await search({})).total).toBe(30);
        expect((await engine.listIds()).length).toBe(30);
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('facets', () => {
      beforeAll(reset);

      test('without a filter: counts over every document, parent groups included', async () => {
        const res = await search({ facets: true, limit: 3 });
        expect(res.hits).toHaveLength(3);
        const expected = expectedFacets(DOCS);
        expectFacets(res.facets, expected);
        // a few hand-checked counts
        const topics = new Map(Array.from(res.facets.topics, (f) => [f.value, f.count]));
        expect(topics.get('fitness')).toBe(7);
        expect(topics.get('running')).toBe(4);
        expect(topics.get('gaming')).toBe(4);
        expect(topics.get('food')).toBe(8);
        const countries = new Map(Array.from(res.facets.countries, (f) => [f.value, f.count]));
        expect(countries.get('US')).toBe(3);
        expect([...countries.values()].reduce((a, b) => a + b, 0)).toBe(29); // Lena has no country
        const platforms = new Map(Array.from(res.facets.platforms, (f) => [f.value, f.count]));
        expect(platforms.get('INSTAGRAM')).toBe(19);
      });

      test('counts cover the whole filtered result, not just the page', async () => {
        const filter: SearchFilter = { languages: ['en'], minFollowers: 20_000 };
        const matching = filtered(filter);
        expect(matching.length).toBeGreaterThan(10);
        for (const offset of [0, 5, 1000]) {
          const res = await search({ filter, facets: true, limit: 2, offset, sort: 'FOLLOWERS' });
          expect(res.total).toBe(matching.length);
          expectFacets(res.facets, expectedFacets(matching));
        }
      });

      test('counts follow the text query', async () => {
        const res = await search({ text: 'yoga', facets: true, limit: 1 });
        const matching = DOCS.filter((d) => withWord('yoga').includes(d.id));
        expect(res.total).toBe(matching.length);
        expectFacets(res.facets, expectedFacets(matching));
      });

      test('a filtered facet still counts the other values of the matching people', async () => {
        // filtering on yoga keeps counting the other topics (and the group) of the yoga people
        const res = await search({ filter: { topics: ['yoga'] }, facets: true });
        const topics = new Map(Array.from(res.facets.topics, (f) => [f.value, f.count]));
        expect(topics.get('yoga')).toBe(2);
        expect(topics.get('fitness')).toBe(2);
        expect(topics.get('meditation')).toBe(1);
        expect(topics.get('nutrition')).toBe(1);
        expect(topics.has('running')).toBe(false);
      });

      test('facets: false returns empty facet lists', async () => {
        const res = await search({ facets: false });
        expect(res.facets).toEqual({ topics: [], platforms: [], countries: [], languages: [], verified: [] });
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('sorting', () => {
      beforeAll(reset);

      test.each(['FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED'] as const)('%s: descending, ties by id', async (sort) => {
        const expected = sortedIds(DOCS, sort);
        const res = await search({ sort });
        expect(names(ids(res))).toEqual(names(expected));
      });

      test('the fixture has ties for every explicit sort', () => {
        const dup = (xs: Array<number | string>) => xs.length !== new Set(xs).size;
        expect(dup(DOCS.map((d) => d.totalFollowers))).toBe(true);
        expect(dup(DOCS.map((d) => d.engagementRate))).toBe(true);
        expect(dup(DOCS.map((d) => d.updatedAt))).toBe(true);
      });

      test.each(['FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED'] as const)('%s with text and a filter sorts the matches strictly', async (sort) => {
        const filter: SearchFilter = { languages: ['en'] };
        const expected = sortedIds(DOCS.filter((d) => withWord('running').includes(d.id) && matches(d, filter)), sort);
        expect(expected.length).toBeGreaterThanOrEqual(3);
        expect(names(await textIds('running', { sort, filter }))).toEqual(names(expected));
      });

      test('RELEVANCE with text: best match first, equally relevant documents by id', async () => {
        const res = await search({ text: 'strategy', sort: 'RELEVANCE' });
        const twins = [idOf('Fatima Zahra'), idOf('Pablo Ortiz')].sort();
        expect(ids(res)).toEqual(twins);
        expect(res.hits[0].score).toBe(res.hits[1].score);
        const baker = await search({ text: 'baker', sort: 'RELEVANCE' });
        expect(baker.hits[0].score).toBeGreaterThan(baker.hits[baker.hits.length - 1].score);
      });

      test('RELEVANCE without text: most followers first, ties by id', async () => {
        expect(ids(await search({ sort: 'RELEVANCE' }))).toEqual(sortedIds(DOCS, 'FOLLOWERS'));
      });

      test('RELEVANCE without text, with topic filters: own weight for the first topic, then the next, then followers', async () => {
        const byWeights = (topics: string[]) => {
          const w = (d: SearchDocument, t: string) => d.topicWeights[t] ?? -1;
          return DOCS.filter((d) => matches(d, { topics }))
            .slice()
            .sort((a, b) => {
              for (const t of topics) if (w(a, t) !== w(b, t)) return w(b, t) - w(a, t);
              return b.totalFollowers - a.totalFollowers || (a.id < b.id ? -1 : 1);
            })
            .map((d) => d.id);
        };
        let mixed = 0;
        for (const topics of [['yoga'], ['fitness'], ['food'], ['baking', 'patisserie'], ['meditation', 'running']]) {
          const expected = byWeights(topics);
          expect(expected.length).toBeGreaterThanOrEqual(2);
          // the fixture gives weight 1 to a person's first topic and 0.5 to the others
          const weights = new Set(DOCS.filter((d) => matches(d, { topics })).map((d) => d.topicWeights[topics[0]] ?? -1));
          if (weights.size > 1) mixed++;
          expect(ids(await search({ sort: 'RELEVANCE', filter: { topics } }))).toEqual(expected);
        }
        // the order by weight is really exercised, not only the order by followers
        expect(mixed).toBeGreaterThanOrEqual(2);
      });

      test('RELEVANCE is deterministic, with and without text', async () => {
        for (const text of [null, 'yoga', 'running', 'board game']) {
          const first = ids(await search({ text, sort: 'RELEVANCE' }));
          for (let i = 0; i < 3; i++) expect(ids(await search({ text, sort: 'RELEVANCE' }))).toEqual(first);
        }
        expect(ids(await search({ sort: 'RELEVANCE' }))).toHaveLength(30);
      });

      test('scores are non-increasing in RELEVANCE order', async () => {
        for (const text of ['yoga', 'running', 'baker', 'pattiserie']) {
          const scores = Array.from((await search({ text, sort: 'RELEVANCE' })).hits, (h) => h.score);
          expect(scores.length).toBeGreaterThan(0);
          expect(scores).toEqual([...scores].sort((a, b) => b - a));
        }
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('pagination', () => {
      beforeAll(reset);

      const requests: Array<[string, Partial<SearchRequest>]> = [
        ['RELEVANCE, no text', { sort: 'RELEVANCE' }],
        ['FOLLOWERS', { sort: 'FOLLOWERS' }],
        ['ENGAGEMENT', { sort: 'ENGAGEMENT' }],
        ['RECENTLY_UPDATED', { sort: 'RECENTLY_UPDATED' }],
        ['RELEVANCE with text', { sort: 'RELEVANCE', text: 'running' }],
        ['RELEVANCE with a filter', { sort: 'RELEVANCE', filter: { languages: ['en'] } }],
        ['FOLLOWERS with a filter', { sort: 'FOLLOWERS', filter: { contactableOnly: true } }],
      ];

      test.each(requests)('%s: pages are disjoint and cover the total exactly', async (_label, partial) => {
        const full = await search(partial);
        expect(full.total).toBe(full.hits.length);
        expect(full.total).toBeGreaterThan(3);
        for (const size of [1, 3, 7]) {
          const seen: string[] = [];
          for (let offset = 0; offset < full.total + size; offset += size) {
            const page = await search({ ...partial, offset, limit: size });
            expect(page.total).toBe(full.total);
            expect(page.hits.length).toBe(Math.max(0, Math.min(size, full.total - offset)));
            seen.push(...ids(page));
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen).toEqual(ids(full));
        }
      });

      test('offsets that are not a multiple of the limit', async () => {
        const full = ids(await search({ sort: 'FOLLOWERS' }));
        for (const [offset, limit] of [[5, 7], [1, 2], [29, 4], [13, 10], [3, 30]]) {
          expect(ids(await search({ sort: 'FOLLOWERS', offset, limit }))).toEqual(full.slice(offset, offset + limit));
        }
      });

      test('total is exact and independent of the page', async () => {
        expect((await search({ limit: 1 })).total).toBe(30);
        expect((await search({ offset: 29, limit: 10 })).total).toBe(30);
        const past = await search({ offset: 30, limit: 10 });
        expect(past.total).toBe(30);
        expect(past.hits).toHaveLength(0);
        expect((await search({ offset: 500, limit: 10, filter: { countries: ['FR'] } })).total).toBe(2);
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('delete and clear', () => {
      beforeEach(reset);

      test('deleted documents are gone as soon as delete resolves, and never come back', async () => {
        const gone = [idOf('Zoë Müller'), idOf('Kenji Watanabe')];
        await engine.delete(gone);
        const check = async () => {
          const listed = await engine.listIds();
          expect(listed).toHaveLength(28);
          for (const id of gone) expect(listed).not.toContain(id);
          expect((await search({})).total).toBe(28);
          expect(await textIds('zoe')).toEqual([idOf('Zoe Park')]);
          expect(await textIds('kenjiplays')).toEqual([]);
          expect(ids(await search({ filter: { platforms: ['TWITCH'] } }))).toEqual([]);
          for (const sort of ['FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED', 'RELEVANCE'] as const) {
            const all = ids(await search({ sort }));
            for (const id of gone) expect(all).not.toContain(id);
          }
          const facets = (await search({ facets: true })).facets;
          expect(facets.platforms.find((f) => f.value === 'TWITCH')).toBeUndefined();
          expectFacets(facets, expectedFacets(DOCS.filter((d) => !gone.includes(d.id))));
        };
        await check();
        // other writes and a settings pass do not resurrect them
        await engine.upsert(DOCS.filter((d) => !gone.includes(d.id)).slice(0, 5));
        await engine.applySettings();
        await engine.delete([idOf('Tom Baker')]);
        await engine.upsert([DOCS.find((d) => d.displayName === 'Tom Baker')!]);
        await check();
      });

      test('deleting unknown, already deleted, repeated or no ids is fine', async () => {
        await engine.delete([]);
        await engine.delete([UNKNOWN_ID]);
        await engine.delete([idOf('Grace Kim'), idOf('Grace Kim'), UNKNOWN_ID]);
        await engine.delete([idOf('Grace Kim')]);
        const listed = await engine.listIds();
        expect(listed).toHaveLength(29);
        expect(listed).not.toContain(idOf('Grace Kim'));
      });

      test('a deleted document can be added again', async () => {
        const grace = DOCS.find((d) => d.displayName === 'Grace Kim')!;
        await engine.delete([grace.id]);
        expect(await textIds('gracekimbeauty')).toEqual([]);
        await engine.upsert([grace]);
        expect(await textIds('gracekimbeauty')).toEqual([grace.id]);
        expect((await engine.listIds()).length).toBe(30);
      });

      test('clear removes everything; the index is usable afterwards', async () => {
        await engine.clear();
        expect(await engine.listIds()).toEqual([]);
        const res = await search({ facets: true });
        expect(res.total).toBe(0);
        expect(res.hits).toEqual([]);
        expectFacets(res.facets, expectedFacets([]));
        expect(await textIds('yoga')).toEqual([]);
        await engine.clear(); // clearing an empty index is fine
        await engine.upsert(DOCS.slice(0, 2));
        expect((await engine.listIds()).sort()).toEqual(DOCS.slice(0, 2).map((d) => d.id).sort());
        expect((await search({})).total).toBe(2);
      });
    });
  });
}
