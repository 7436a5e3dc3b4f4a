/**
 * Everything the Meilisearch engine sends to Meilisearch, built by pure functions (no I/O), so that
 * it can be unit-tested without a server: index settings, the stored document shape, filters, search
 * parameters, and the conversion of a search result back into a `SearchResponse`.
 *
 * The `meilisearch` package is ESM-only; this file imports TYPES from it only (erased at compile
 * time), so loading it never loads the client.
 */
// tsc resolves this type-only import through `resolution-mode` (the package has no CommonJS entry);
// ts-jest's module host ignores that attribute, and the ignore keeps Jest compiling (types become `any` there only).
// @ts-ignore TS2307 under ts-jest only
import type { SearchParams, Settings } from 'meilisearch' with { 'resolution-mode': 'import' };

import type {
  FacetCount,
  Platform,
  SearchDocument,
  SearchFacets,
  SearchFilter,
  SearchHit,
  SearchRequest,
  SearchResponse,
  SearchSort,
} from './search-engine';
import { RELEVANCE_TOPICS } from './search-engine';

/** The index's primary key. */
export const MEILI_PRIMARY_KEY = 'id';

/**
 * Upper bound of what one search can count and page through. Meilisearch's default (1000) would cap
 * `total` at 1000 and return nothing past the 1000th hit. Beyond this many matches `total` is capped.
 */
export const MEILI_MAX_TOTAL_HITS = 100_000;

/** How many distinct values one facet returns at most (most frequent first, see `sortFacetValuesBy`). */
export const MEILI_MAX_VALUES_PER_FACET = 1000;

/** Facet attribute in the index for each facet of `SearchFacets`. Topic facets count `topicSlugs`. */
export const MEILI_FACET_ATTRIBUTES = {
  topics: 'topicSlugs',
  platforms: 'platforms',
  countries: 'country',
  languages: 'languages',
  verified: 'verified',
} as const satisfies Record<keyof SearchFacets, string>;

const FACET_KEYS = Object.keys(MEILI_FACET_ATTRIBUTES) as (keyof SearchFacets)[];

/**
 * What is stored in Meilisearch for one influencer: the searchable, filterable and sortable
 * fields of a `SearchDocument` only (the index is a projection that only ever has to return ids),
 * plus `updatedAtMs`, the sortable form of `updatedAt`.
 */
export type MeiliDocument = {
  id: string;
  displayName: string;
  bio: string;
  topicNames: string[];
  handles: string[];
  topicSlugs: string[];
  platforms: Platform[];
  country: string | null;
  languages: string[];
  totalFollowers: number;
  engagementRate: number;
  contactable: boolean;
  /** At least one verified public account (the `verifiedOnly` filter and facet). */
  verified: boolean;
  /** ISO 8601, as in `SearchDocument` (kept for inspection; not used by the engine). */
  updatedAt: string;
  /** `updatedAt` as epoch milliseconds, what RECENTLY_UPDATED sorts on. */
  updatedAtMs: number;
  /** Weight per topic, keys as `topicWeightKey()` makes them: what RELEVANCE without text sorts on. */
  topicWeights: Record<string, number>;
};

/** A topic slug as a nested attribute name (`topicWeights.<key>`): letters, digits and `_` only. */
export function topicWeightKey(slug: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new TypeError(`not a topic slug: ${JSON.stringify(slug)}`);
  return slug.replace(/-/g, '_');
}

/**
 * Index settings.
 *
 * Ranking rules: `sort` comes first so that an explicit sort (FOLLOWERS, ENGAGEMENT,
 * RECENTLY_UPDATED) orders the matching documents strictly by that field, as a user choosing
 * "sort by followers" expects; RELEVANCE with text sends no sort, so the `sort` rule is a no-op
 * then (RELEVANCE without text does send one: see `buildSort`).
 * Text matching uses `matchingStrategy: 'all'` (see `buildSearchParams`), so every hit contains every
 * query word and a strict sort never promotes a partial match. The last rule, `id:asc`, is a
 * tie-breaker that makes the order of equally relevant documents deterministic.
 */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ['displayName', 'topicNames', 'handles', 'bio'],
  filterableAttributes: [
    'topicSlugs',
    'platforms',
    'country',
    'languages',
    'totalFollowers',
    'engagementRate',
    'contactable',
    'verified',
    'id',
  ],
  sortableAttributes: ['totalFollowers', 'engagementRate', 'updatedAtMs', 'id', 'topicWeights'],
  displayedAttributes: ['id'],
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'id:asc'],
  typoTolerance: { enabled: true },
  faceting: { maxValuesPerFacet: MEILI_MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
  pagination: { maxTotalHits: MEILI_MAX_TOTAL_HITS },
};

/** Meilisearch accepts as document id: 1 to 511 bytes of a-z A-Z 0-9 - _. */
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/;

function assertFiniteNumber(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${what} must be a finite number, got ${String(value)}`);
  }
}

function assertNonNegativeInteger(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Converts a `SearchDocument` into what is stored in Meilisearch; throws on a value Meilisearch would mis-store. */
export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  if (typeof doc.id !== 'string' || !DOCUMENT_ID.test(doc.id)) {
    throw new TypeError(`document id ${JSON.stringify(doc.id)} is not a valid Meilisearch document id`);
  }
  assertFiniteNumber(doc.totalFollowers, `totalFollowers of ${doc.id}`);
  assertFiniteNumber(doc.engagementRate, `engagementRate of ${doc.id}`);
  const updatedAtMs = Date.parse(doc.updatedAt);
  if (!Number.isFinite(updatedAtMs)) {
    throw new TypeError(`updatedAt of ${doc.id} is not a valid date: ${JSON.stringify(doc.updatedAt)}`);
  }
  return {
    id: doc.id,
    displayName: doc.displayName,
    bio: doc.bio,
    topicNames: [...doc.topicNames],
    handles: [...doc.handles],
    topicSlugs: [...doc.topicSlugs],
    platforms: [...doc.platforms],
    country: doc.country,
    languages: [...doc.languages],
    totalFollowers: doc.totalFollowers,
    engagementRate: doc.engagementRate,
    contactable: doc.contactable,
    verified: doc.verified === true,
    updatedAt: doc.updatedAt,
    updatedAtMs,
    topicWeights: Object.fromEntries(
      Object.entries(doc.topicWeights ?? {}).map(([slug, w]) => {
        assertFiniteNumber(w, `topic weight ${slug} of ${doc.id}`);
        return [topicWeightKey(slug), w];
      }),
    ),
  };
}

/**
 * A Meilisearch filter string literal for `value`: double-quoted, with every backslash and every
 * double quote escaped by a backslash. Meilisearch's parser ends a quoted value at the first
 * unescaped `"` and skips the character after each `\`, so no content (quotes, backslashes,
 * `OR`/`AND`/`NOT`/`TO`/`IN`/`EXISTS`, `=`, `!=`, `>`, brackets, commas, newlines) can end the literal
 * early; it then unescapes `\"` and `\\`, giving back exactly `value`.
 */
export function escapeFilterValue(value: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(`filter value must be a string, got ${typeof value}`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A number for a filter comparison; throws on NaN and ±Infinity (and on non-numbers). */
export function formatFilterNumber(value: number): string {
  assertFiniteNumber(value, 'filter number');
  // String(-0) is "0"; finite numbers print as digits, '.', '-', 'e', '+' only.
  return String(value);
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function anyOf(attribute: string, values: readonly string[] | undefined): string[] | null {
  if (values == null || values.length === 0) return null;
  return uniq(values).map((value) => `${attribute} = ${escapeFilterValue(value)}`);
}

/**
 * The filter in Meilisearch's array form: the outer array is ANDed, each inner array is ORed.
 * One inner array per constrained field: any of the listed topics (over `topicSlugs`, which holds
 * the ancestors too), platforms, countries or languages; `totalFollowers >= min`, `<= max`;
 * `engagementRate >= min`; `contactable = true`. An absent or empty list and `contactableOnly: false`
 * do not constrain. An empty filter gives `[]` (`buildSearchParams` then sends no filter).
 */
export function buildFilter(filter: SearchFilter): string[][] {
  const groups: string[][] = [];
  const lists: [string, readonly string[] | undefined][] = [
    ['topicSlugs', filter.topics],
    ['platforms', filter.platforms],
    ['country', filter.countries],
    ['languages', filter.languages],
  ];
  for (const [attribute, values] of lists) {
    const group = anyOf(attribute, values);
    if (group !== null) groups.push(group);
  }
  if (filter.minFollowers != null) {
    groups.push([`totalFollowers >= ${formatFilterNumber(filter.minFollowers)}`]);
  }
  if (filter.maxFollowers != null) {
    groups.push([`totalFollowers <= ${formatFilterNumber(filter.maxFollowers)}`]);
  }
  if (filter.minEngagementRate != null) {
    groups.push([`engagementRate >= ${formatFilterNumber(filter.minEngagementRate)}`]);
  }
  if (filter.contactableOnly === true) {
    groups.push(['contactable = true']);
  }
  if (filter.verifiedOnly === true) {
    groups.push(['verified = true']);
  }
  return groups;
}

const SORT_FIELDS: Record<SearchSort, string | null> = {
  RELEVANCE: null,
  FOLLOWERS: 'totalFollowers:desc',
  ENGAGEMENT: 'engagementRate:desc',
  RECENTLY_UPDATED: 'updatedAtMs:desc',
};

/**
 * The `sort` parameter: none for RELEVANCE with text (ties broken by the `id:asc` ranking rule),
 * else the field then `id:asc`. RELEVANCE without text has no text relevance to rank by: like the
 * postgres engine, it orders by the influencer's own weight for each filter topic in turn (at
 * most RELEVANCE_TOPICS), then by followers; without topics, by followers alone (the contract
 * suite holds both engines to it).
 */
export function buildSort(sort: SearchSort, hasText = true, topics: readonly string[] = []): string[] | undefined {
  if (!Object.prototype.hasOwnProperty.call(SORT_FIELDS, sort)) {
    throw new RangeError(`unknown sort ${String(sort)}`);
  }
  if (sort === 'RELEVANCE' && !hasText && topics.length) {
    // documents without the weight (never, when the topic filter applies) come last
    const weights = [...new Set(topics)].slice(0, RELEVANCE_TOPICS).map((t) => `topicWeights.${topicWeightKey(t)}:desc`);
    return [...weights, SORT_FIELDS.FOLLOWERS!, 'id:asc'];
  }
  const field = sort === 'RELEVANCE' && !hasText ? SORT_FIELDS.FOLLOWERS : SORT_FIELDS[sort];
  return field === null ? undefined : [field, 'id:asc'];
}

/**
 * Which Meilisearch page holds the requested window. Searches use exhaustive pagination
 * (`page`/`hitsPerPage`) because only then is `totalHits` an exact count (with `offset`/`limit`
 * Meilisearch returns `estimatedTotalHits`, an estimate), which is what `SearchResponse.total` promises.
 * `hitsPerPage` is the smallest page size >= limit whose page `page` contains all of
 * [offset, offset + limit); `skip` is where the window starts in that page.
 */
export interface PageWindow {
  /** 1-based. */
  page: number;
  hitsPerPage: number;
  skip: number;
  limit: number;
}

export function pageWindow(offset: number, limit: number): PageWindow {
  assertNonNegativeInteger(offset, 'offset');
  assertNonNegativeInteger(limit, 'limit');
  if (limit === 0) return { page: 1, hitsPerPage: 0, skip: 0, limit };
  if (offset % limit === 0) return { page: offset / limit + 1, hitsPerPage: limit, skip: 0, limit };
  if (offset >= MEILI_MAX_TOTAL_HITS) {
    // Meilisearch returns no hit past maxTotalHits whatever the page size: keep the work bounded.
    return { page: Math.floor(offset / limit) + 1, hitsPerPage: limit, skip: 0, limit };
  }
  const end = offset + limit;
  // Page index k (0-based) with size s holds [k*s, (k+1)*s): it contains the window iff
  // k*s <= offset and end <= (k+1)*s. The smallest such s for a given k is max(limit, ceil(end/(k+1))),
  // which does not increase with k, so the largest workable k gives the smallest page. k = 0 always works.
  for (let k = Math.floor(offset / limit); k >= 0; k--) {
    const size = Math.max(limit, Math.ceil(end / (k + 1)));
    if (k * size <= offset) return { page: k + 1, hitsPerPage: size, skip: offset - k * size, limit };
  }
  /* istanbul ignore next: k = 0 always returns */
  throw new Error('unreachable');
}

/** What `buildSearchParams` returns: the client's `SearchParams` with exhaustive pagination. */
export type MeiliSearchParams = SearchParams & {
  q: string;
  page: number;
  hitsPerPage: number;
  showRankingScore: true;
  attributesToRetrieve: string[];
};

/**
 * The body of one search. Deviation from a plain `{ offset, limit }`: see `PageWindow` (exact totals);
 * `toSearchResponse` cuts the requested window out of the returned page.
 */
export function buildSearchParams(req: SearchRequest): MeiliSearchParams {
  const window = pageWindow(req.offset, req.limit);
  const q = typeof req.text === 'string' ? req.text.trim() : '';
  const params: MeiliSearchParams = {
    q,
    page: window.page,
    hitsPerPage: window.hitsPerPage,
    showRankingScore: true,
    attributesToRetrieve: [MEILI_PRIMARY_KEY],
  };
  if (q !== '') params.matchingStrategy = 'all';
  const filter = buildFilter(req.filter);
  if (filter.length > 0) params.filter = filter;
  const sort = buildSort(req.sort, q !== '', req.filter.topics ?? []);
  if (sort !== undefined) params.sort = sort;
  if (req.facets) params.facets = FACET_KEYS.map((key) => MEILI_FACET_ATTRIBUTES[key]);
  return params;
}

/** The part of a Meilisearch search response that is read (the client's `SearchResponse` fits it). */
export interface MeiliSearchResult {
  hits: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Exhaustive count, present with page/hitsPerPage. */
  totalHits?: number;
  /** Estimate, present with offset/limit; only used if `totalHits` is absent. */
  estimatedTotalHits?: number;
  facetDistribution?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

function facetCounts(distribution: Readonly<Record<string, number>> | undefined): FacetCount[] {
  if (distribution === undefined) return [];
  return Object.entries(distribution)
    .map(([value, count]): FacetCount => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * Converts a search result into a `SearchResponse`: hits (id, score = `_rankingScore`) of the window
 * `req.offset`/`req.limit` asked for, the exact total, and, if `req.facets`, the facet counts
 * (each list by count desc, then value asc); without `req.facets`, empty facet lists.
 */
export function toSearchResponse(
  result: MeiliSearchResult,
  req: Pick<SearchRequest, 'offset' | 'limit' | 'facets'>,
): SearchResponse {
  const window = pageWindow(req.offset, req.limit);
  const hits: SearchHit[] = result.hits.slice(window.skip, window.skip + window.limit).map((hit): SearchHit => {
    const id = hit[MEILI_PRIMARY_KEY];
    if (typeof id !== 'string') {
      throw new TypeError(`Meilisearch hit without a string id: ${JSON.stringify(hit)}`);
    }
    const score = hit._rankingScore;
    return { id, score: typeof score === 'number' ? score : 0 };
  });
  const total = result.totalHits ?? result.estimatedTotalHits;
  if (typeof total !== 'number') {
    throw new TypeError('Meilisearch search result without totalHits');
  }
  const distribution = result.facetDistribution ?? {};
  const facets: SearchFacets = {
    topics: req.facets ? facetCounts(distribution[MEILI_FACET_ATTRIBUTES.topics]) : [],
    platforms: req.facets ? facetCounts(distribution[MEILI_FACET_ATTRIBUTES.platforms]) : [],
    countries: req.facets ? facetCounts(distribution[MEILI_FACET_ATTRIBUTES.countries]) : [],
    languages: req.facets ? facetCounts(distribution[MEILI_FACET_ATTRIBUTES.languages]) : [],
    verified: req.facets ? facetCounts(distribution[MEILI_FACET_ATTRIBUTES.verified]) : [],
  };
  return { hits, total, facets };
}
