/**
 * The request mix of the load benchmark (issue 9): what a team typing into the search box sends.
 * A share of the requests (`distinctShare`, at least half in the benchmark's mix) are distinct and never repeated within
 * one mix: search-box prefixes, typos, word pairs, random filter and sort combinations; the rest
 * are drawn from a few popular searches. Deterministic for a seed (mulberry32).
 */
import { SORTS } from '../src/search/search-engine';
import { PLATFORMS } from '../src/domain/platform';
import { mulberry32 } from '../src/domain/prng';

export interface Vocabulary {
  /** Words of the index (search_vocabulary), 4 letters or more. */
  words: string[];
  /** Per sampled document, its words: word pairs come from one document, so they can match. */
  documents: string[][];
  topics: string[];
  countries: string[];
  languages: string[];
}

export interface SearchVariables {
  q?: string;
  f?: Record<string, unknown>;
  s?: string;
  n: number;
}

export const FIRST20 = `query Search($q: String, $f: InfluencerFilter, $s: InfluencerSort, $n: Int!) {
  searchInfluencers(query: $q, filter: $f, sort: $s, first: $n) {
    totalCount
    edges { cursor node { id displayName country topics { topic { slug } weight } accounts { platform handle followers } }
      matchedTopics { topic { slug } weight evidence } }
    pageInfo { hasNextPage endCursor } } }`;

export const WITH_FACETS = `query Broad($q: String, $f: InfluencerFilter, $s: InfluencerSort, $n: Int!) {
  searchInfluencers(query: $q, filter: $f, sort: $s, first: $n) {
    totalCount
    edges { cursor node { id displayName country topics { topic { slug } weight } accounts { platform handle followers } }
      matchedTopics { topic { slug } weight evidence } }
    pageInfo { hasNextPage endCursor }
    facets { topics { value count } platforms { value count } countries { value count } languages { value count } } } }`;

/** Reads the mix's vocabulary from an index (any `query`: a DataSource, a pg Client's rows). */
export async function loadVocabulary(query: (sql: string) => Promise<Array<Record<string, any>>>): Promise<Vocabulary> {
  const words = await query(`SELECT word FROM search_vocabulary WHERE length(word) >= 4 AND word !~ '[0-9]' ORDER BY md5(word) LIMIT 5000`);
  const docs = await query(`SELECT words FROM search_document ORDER BY md5(id::text) LIMIT 3000`);
  const topics = await query(`SELECT slug FROM topic ORDER BY slug`);
  const countries = await query(`SELECT DISTINCT country AS v FROM search_document WHERE country IS NOT NULL ORDER BY 1`);
  const languages = await query(`SELECT DISTINCT unnest(languages) AS v FROM search_document ORDER BY 1`);
  return {
    words: words.map((w) => w.word as string),
    documents: docs.map((d) => (d.words as string[]).filter((w) => w.length >= 3 && !/[0-9]/.test(w))).filter((w) => w.length >= 2),
    topics: topics.map((t) => t.slug as string),
    countries: countries.map((c) => c.v as string),
    languages: languages.map((l) => l.v as string),
  };
}

/** The popular searches: what most of a team types first. */
export const POPULAR: SearchVariables[] = [
  { q: 'fitness', f: { minFollowers: 10000 }, n: 20 },
  { q: 'yoga', n: 20 },
  { q: 'travel', n: 20 },
  { q: 'food', f: { countries: ['FR'] }, n: 20 },
  { f: { topics: ['fitness'], countries: ['DE'] }, n: 20 },
  { q: 'fashion', s: 'FOLLOWERS', n: 20 },
  { f: { platforms: ['TIKTOK'], minFollowers: 10000 }, s: 'FOLLOWERS', n: 20 },
  { q: 'gaming', f: { languages: ['en'], contactableOnly: true }, n: 20 },
];

/** The mix's PRNG: mulberry32, deterministic for a seed. */
export const rng = mulberry32;

export class Mix {
  private readonly r: () => number;
  private readonly seen = new Set<string>();
  distinct = 0;
  popular = 0;

  constructor(
    private readonly v: Vocabulary,
    seed: number,
    private readonly distinctShare = 0.6,
  ) {
    this.r = rng(seed);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }

  private some<T>(xs: readonly T[], max: number): T[] {
    const n = 1 + Math.floor(this.r() * max);
    return [...new Set(Array.from({ length: n }, () => this.pick(xs)))];
  }

  /** A word as typed with one mistake: a letter swapped with the next, dropped, or replaced. */
  private typo(word: string): string {
    const i = 1 + Math.floor(this.r() * (word.length - 2));
    const k = this.r();
    if (k < 0.34) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    if (k < 0.67) return word.slice(0, i) + word.slice(i + 1);
    return word.slice(0, i) + 'aeiourstn'[Math.floor(this.r() * 9)] + word.slice(i + 1);
  }

  private filter(): Record<string, unknown> {
    const f: Record<string, unknown> = {};
    const r = this.r;
    if (r() < 0.45) f.topics = this.some(this.v.topics, 2);
    if (r() < 0.35) f.countries = this.some(this.v.countries, 3);
    if (r() < 0.3) f.platforms = this.some(PLATFORMS, 2);
    if (r() < 0.25) f.languages = this.some(this.v.languages, 2);
    if (r() < 0.3) f.minFollowers = this.pick([1000, 5000, 10000, 50000, 100000]);
    if (r() < 0.1) f.maxFollowers = Math.max(Number(f.minFollowers ?? 0) * 10, this.pick([20000, 100000, 500000]));
    if (r() < 0.15) f.minEngagementRate = this.pick([0.01, 0.02, 0.03, 0.05]);
    if (r() < 0.2) f.contactableOnly = true;
    return f;
  }

  private distinctOne(): SearchVariables {
    const r = this.r;
    const k = r();
    let q: string | undefined;
    let f: Record<string, unknown> | undefined;
    if (k < 0.25) {
      const w = this.pick(this.v.words);
      q = w.slice(0, Math.max(2, Math.min(w.length, 2 + Math.floor(r() * (w.length - 1))))); // a prefix as typed
    } else if (k < 0.45) {
      const w = this.pick(this.v.words.filter((x) => x.length >= 5));
      q = this.typo(w);
    } else if (k < 0.65) {
      const words = this.pick(this.v.documents);
      q = `${this.pick(words)} ${this.pick(words)}`;
    } else {
      f = this.filter();
      if (r() < 0.3) q = this.pick(this.v.words);
    }
    if (q && r() < 0.3) f = this.filter();
    const s = r() < 0.5 ? 'RELEVANCE' : this.pick(SORTS);
    return { ...(q ? { q } : {}), ...(f && Object.keys(f).length ? { f } : {}), s, n: 20 };
  }

  /** The next request's variables: distinct with probability distinctShare, else a popular one. */
  next(): SearchVariables {
    if (this.r() >= this.distinctShare) {
      this.popular++;
      return this.pick(POPULAR);
    }
    for (;;) {
      const v = this.distinctOne();
      const key = JSON.stringify(v);
      if (this.seen.has(key) || POPULAR.some((p) => JSON.stringify(p) === key)) continue;
      this.seen.add(key);
      this.distinct++;
      return v;
    }
  }

  /** Broad matches, first 100 with facets: no text or one broad condition. */
  broad(): SearchVariables {
    const r = this.r;
    const k = r();
    const f: Record<string, unknown> =
      k < 0.2 ? {} :
      k < 0.5 ? { topics: [this.pick(this.v.topics)] } :
      k < 0.65 ? { platforms: [this.pick(PLATFORMS)] } :
      k < 0.8 ? { countries: [this.pick(this.v.countries)] } :
      k < 0.9 ? { languages: [this.pick(this.v.languages)] } : { contactableOnly: true };
    return { ...(Object.keys(f).length ? { f } : {}), s: this.pick(SORTS), n: 100 };
  }
}
