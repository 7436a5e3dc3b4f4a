/**
 * The read path. The engine ranks ids; `loadListable` (eligibility in its SQL) turns them into
 * what agencies may see and drops anyone not listable right now. We ask the engine for a few
 * more than the page needs so the page stays full when some hits are stale.
 */
import { staleHitsDropped } from '../observability/metrics';
import { InvalidInputError, UnavailableError } from '../domain/errors';
import { foldedWords, typoBudget, typoDistance } from '../domain/text';
import { checkFirst } from '../domain/paging';
import { isDatabaseUnreachable } from '../db/errors';
import type { TopicCatalog } from '../topics/topic-catalog';
import { type PublicProfile } from './document';
import { bestEngagement, totalFollowers } from '../domain/audience';
import { isPlatform } from '../domain/platform';
import { EMPTY_FACETS, type SearchEngine, type SearchFacets, type SearchFilter, type SearchSort } from './search-engine';
import { checkCountry, checkLanguage } from '../validation';

/** Public profiles for ids, in order; null for whoever is not listable right now. */
export type LoadListable = (ids: readonly string[]) => Promise<Array<PublicProfile | null>>;

export interface SearchArgs {
  query?: string | null;
  filter?: SearchFilter | null;
  sort: SearchSort;
  first: number;
  after?: string | null;
  /** Compute facets (default true). */
  facets?: boolean;
}

export interface TopicMatchResult {
  slug: string;
  weight: number;
  matchedBy: Array<'FILTER' | 'QUERY'>;
  evidence: string;
}

export interface SearchEdgeResult {
  cursor: string;
  score: number;
  profile: PublicProfile;
  matchedTopics: TopicMatchResult[];
}

export interface SearchPage {
  edges: SearchEdgeResult[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** The engine's count less the stale hits this request saw (see `InfluencerSearchConnection.totalCount`). */
  totalCount: number;
  /** The engine estimated the total (a large result). */
  totalCountIsEstimate: boolean;
  facets: SearchFacets;
}

const badInput = (message: string, field: string) => new InvalidInputError(message, field);

export function encodeCursor(position: number): string {
  return Buffer.from(`p:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^p:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badInput('"after" is not a cursor returned by this API.', 'after');
  return Number(m[1]);
}

/** Clear errors for a filter an agency got wrong, instead of an empty result. */
export function checkFilter(filter: SearchFilter, topics: TopicCatalog): void {
  for (const k of ['topics', 'platforms', 'countries', 'languages'] as const) {
    if ((filter[k]?.length ?? 0) > 100) throw badInput(`filter.${k} takes at most 100 values.`, `filter.${k}`);
  }
  filter.topics?.forEach((slug, i) => {
    if (!topics.get(slug)) throw badInput(`Unknown topic "${slug}"; the topics query lists the slugs.`, `filter.topics[${i}]`);
  });
  filter.platforms?.forEach((p, i) => {
    if (!isPlatform(p)) throw badInput(`Unknown platform "${p}".`, `filter.platforms[${i}]`);
  });
  filter.countries?.forEach((c, i) => {
    const e = checkCountry(`filter.countries[${i}]`, c);
    if (e) throw badInput(e.message, e.field ?? 'filter.countries');
  });
  filter.languages?.forEach((l, i) => {
    const e = checkLanguage(`filter.languages[${i}]`, l);
    if (e) throw badInput(e.message, e.field ?? 'filter.languages');
  });
  for (const k of ['minFollowers', 'maxFollowers'] as const) {
    const v = filter[k];
    if (v != null && (!Number.isInteger(v) || v < 0)) throw badInput(`${k} must be a whole number of at least 0.`, `filter.${k}`);
  }
  if (filter.minFollowers != null && filter.maxFollowers != null && filter.minFollowers > filter.maxFollowers) {
    throw badInput('minFollowers is more than maxFollowers.', 'filter.minFollowers');
  }
  const e = filter.minEngagementRate;
  if (e != null && (!Number.isFinite(e) || e < 0 || e > 1)) throw badInput('minEngagementRate is a fraction from 0 to 1 (0.03 for 3%).', 'filter.minEngagementRate');
}

/**
 * The filter, checked again on the fresh profile: the index may still hold yesterday's country
 * or an account that just went private. Same semantics as the engines (the contract suite holds
 * them to it): any value within a list, all conditions together.
 */
export function matchesFilter(p: PublicProfile, f: SearchFilter, catalog: TopicCatalog): boolean {
  const followers = totalFollowers(p.accounts);
  const engagement = bestEngagement(p.accounts);
  const slugs = new Set(p.topics.flatMap((t) => catalog.lineage(t.slug).map((l) => l.slug)));
  const countries = f.countries?.map((c) => c.toUpperCase());
  const languages = f.languages?.map((l) => l.toLowerCase());
  return (
    (!f.topics?.length || f.topics.some((t) => slugs.has(t))) &&
    (!f.platforms?.length || p.accounts.some((a) => f.platforms!.includes(a.platform))) &&
    (!countries?.length || (p.country !== null && countries.includes(p.country))) &&
    (!languages?.length || p.languages.some((l) => languages.includes(l))) &&
    (f.minFollowers == null || followers >= f.minFollowers) &&
    (f.maxFollowers == null || followers <= f.maxFollowers) &&
    (f.minEngagementRate == null || engagement >= f.minEngagementRate) &&
    (!f.contactableOnly || p.contactable) &&
    (!f.verifiedOnly || p.verified)
  );
}

/**
 * The first query word that one of these topics' names matches as the engines match text: as
 * the start of a name word or, failing that, within the word's typo budget (`typos` > 0).
 */
function queryHit(lineage: ReturnType<TopicCatalog['lineage']>, queryWords: string[], catalog: TopicCatalog) {
  for (const word of queryWords) {
    for (const topic of lineage) {
      const token = catalog.nameWords(topic.slug).find((t) => t.startsWith(word));
      if (token) return { word, topic, token, typos: 0 };
    }
  }
  for (const word of queryWords) {
    const budget = typoBudget(word);
    if (budget === 0) continue;
    for (const topic of lineage) {
      for (const token of catalog.nameWords(topic.slug)) {
        const typos = typoDistance(token, word);
        if (typos <= budget) return { word, topic, token, typos };
      }
    }
  }
  return undefined;
}

/** Which of a person's topics made them match, how strongly (their own weight) and why. */
export function matchTopics(profile: PublicProfile, filterTopics: string[], queryWords: string[], catalog: TopicCatalog): TopicMatchResult[] {
  const out: TopicMatchResult[] = [];
  for (const t of profile.topics) {
    const lineage = catalog.lineage(t.slug);
    const evidence: string[] = [];
    const matchedBy: Array<'FILTER' | 'QUERY'> = [];
    const viaFilter = lineage.find((l) => filterTopics.includes(l.slug));
    if (viaFilter) {
      matchedBy.push('FILTER');
      evidence.push(viaFilter.slug === t.slug ? `filter topic "${viaFilter.slug}"` : `filter topic "${viaFilter.slug}" (its group)`);
    }
    const hit = queryWords.length ? queryHit(lineage, queryWords, catalog) : undefined;
    if (hit) {
      matchedBy.push('QUERY');
      evidence.push(
        hit.typos === 0
          ? `query word "${hit.word}" in topic name "${hit.topic.name}"`
          : `query word "${hit.word}" taken for "${hit.token}" (${hit.typos === 1 ? 'one letter' : 'two letters'} off) in topic name "${hit.topic.name}"`,
      );
    }
    if (matchedBy.length) {
      out.push({
        slug: t.slug,
        weight: t.weight,
        matchedBy,
        evidence: `${t.name}: weight ${t.weight.toFixed(2)}, stated by the influencer; matched by ${evidence.join(' and ')}.`,
      });
    }
  }
  return out.sort((a, b) => b.weight - a.weight);
}

export class SearchService {
  constructor(
    private readonly engine: SearchEngine,
    private readonly topics: TopicCatalog,
  ) {}

  /**
   * One page of results. `loadListable` returns, in order, the public profile of each id that is
   * listable right now and null for the others, in one statement (the request's DataLoader).
   */
  async search(args: SearchArgs, loadListable: LoadListable): Promise<SearchPage> {
    checkFirst(args.first);
    const filter: SearchFilter = args.filter ?? {};
    checkFilter(filter, this.topics);
    const text = (args.query ?? '').trim();
    if (text.length > 200) throw badInput('"query" is at most 200 characters.', 'query');
    const start = args.after ? decodeCursor(args.after) : 0;

    const kept: Array<{ position: number; score: number; profile: PublicProfile }> = [];
    let position = start;
    let total = 0;
    let estimate = false;
    let facets: SearchFacets | null = null;
    // hits the engine still counted but that are no longer listable (or no longer match)
    let stale = 0;
    // Over-fetch: a few stale hits (the index lagging the rule) must not shorten the page. Stale
    // hits are rare (withdrawals leave the postgres index in their own transaction), so 5% above
    // 100 (a short page takes another round), checked only when needed (below).
    const fetchSize = Math.min(200, args.first + Math.max(5, Math.ceil(args.first * 0.05)));
    for (let round = 0; round < 5 && kept.length < args.first; round++) {
      let res;
      try {
        res = await this.engine.search({ text, filter, sort: args.sort, offset: position, limit: fetchSize, facets: facets === null && args.facets !== false });
      } catch (err) {
        // the postgres engine lives in the database: when that is down, say so (DATABASE_UNAVAILABLE)
        if (isDatabaseUnreachable(err)) throw err;
        throw new UnavailableError('Search is unavailable right now; try again shortly.', 'search', { cause: err });
      }
      total = res.total;
      estimate = res.totalIsEstimate === true;
      facets ??= res.facets;
      // One SQL statement, with the eligibility rule in it, for the hits the page still needs;
      // the over-fetched rest only when some of those were stale (every id checked costs a check
      // of the rule, and stale hits are rare).
      for (let from = 0; from < res.hits.length && kept.length < args.first; ) {
        const batch = res.hits.slice(from, from === 0 ? args.first - kept.length : undefined);
        const loaded = await loadListable(batch.map((h) => h.id));
        batch.forEach((h, i) => {
          const p = loaded[i];
          if (!p || !matchesFilter(p, filter, this.topics)) {
            stale++;
            return;
          }
          if (kept.length < args.first) kept.push({ position: position + from + i, score: h.score, profile: p });
        });
        from += batch.length;
      }
      if (res.hits.length < fetchSize) {
        position += res.hits.length;
        break;
      }
      position += res.hits.length;
    }
    if (stale) staleHitsDropped.inc(stale);
    const queryWords = foldedWords(text).filter((w) => w.length >= 2);
    const edges = kept.map((k) => ({
      cursor: encodeCursor(k.position + 1),
      score: k.score,
      profile: k.profile,
      matchedTopics: matchTopics(k.profile, filter.topics ?? [], queryWords, this.topics),
    }));
    const last = kept.at(-1);
    return {
      edges,
      totalCount: Math.max(start + kept.length, total - stale),
      totalCountIsEstimate: estimate,
      facets: facets ?? EMPTY_FACETS,
      pageInfo: {
        hasPreviousPage: start > 0,
        hasNextPage: last ? last.position + 1 < total : false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
