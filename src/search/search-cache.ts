/**
 * A short-lived cache of what the engine answers (ranked ids, total, facets) in front of any
 * engine, keyed by the normalised request and the index version. Safe for consent because the
 * read path re-checks every hit against the eligibility rule (src/search/search.service.ts): a
 * cached id of someone who withdrew is dropped like any stale hit, so a cache can make a total
 * or a facet count lag (as the index itself may), never show a person.
 *
 * - Every write that adds or changes documents (upsert, clear) starts a new index version here,
 *   so whoever opts in is findable through this process at once; removals need none (the rule
 *   hides the person already). The write is also announced (`announce`, NOTIFY search_index), and
 *   every process that hears it starts a new version too. While a process is listening, its
 *   entries live up to `listeningTtlMs`; while it is not (no LISTEN connection), `ttlMs`, which
 *   then bounds how long a write by another process's indexer can go unseen.
 * - The least recently used answer goes first when `maxEntries` is reached.
 * - Ids are fetched by windows of WINDOW from the engine, so the pages of one search share them.
 * - Concurrent identical misses share one engine call.
 * - Facets of broad searches (no text, at most one filter condition) are kept for `facetsTtlMs`
 *   across versions: counts over tens of thousands of documents barely move, and computing them
 *   is what makes those searches slow.
 */
import { foldedWords } from '../domain/text';
import type { SearchEngine, SearchFacets, SearchFilter, SearchRequest, SearchResponse } from './search-engine';

export interface SearchCacheOptions {
  /** How long an answer is reused while index writes elsewhere are not heard; 0 turns the cache off. */
  ttlMs: number;
  /** How long an answer is reused while every index write is heard (`listening`); default ttlMs. */
  listeningTtlMs?: number;
  /** How long the facets of a broad search are reused. */
  facetsTtlMs: number;
  /** Most answers kept (the least recently used go first). */
  maxEntries?: number;
  now?: () => number;
}

/** Where index writes are announced (NOTIFY) to every process's cache. */
export const SEARCH_INDEX_CHANNEL = 'search_index';

/** Ids fetched per engine call: a window holds several pages of 20 and a page of 100 with its over-fetch. */
export const WINDOW = 200;

interface Entry {
  at: number;
  response: Promise<SearchResponse>;
}

/** The filter as a stable key: conditions in a fixed order, codes in the case the engines use. */
function filterKey(f: SearchFilter): unknown[] {
  return [
    f.topics ?? null, f.platforms ?? null, f.countries?.map((c) => c.toUpperCase()) ?? null, f.languages?.map((l) => l.toLowerCase()) ?? null,
    f.minFollowers ?? null, f.maxFollowers ?? null, f.minEngagementRate ?? null, f.contactableOnly === true, f.verifiedOnly === true,
  ];
}

/** No text and at most one filter condition: its facets count a large share of everyone. */
function broad(req: SearchRequest): boolean {
  return !foldedWords(req.text ?? '').length && filterKey(req.filter).filter((v) => v !== null && v !== false).length <= 1;
}

export class SearchCache {
  private version = 0;
  private readonly answers = new Map<string, Entry>();
  private readonly facets = new Map<string, { at: number; facets: SearchFacets }>();
  private readonly now: () => number;
  private readonly max: number;
  private listening = false;
  hits = 0;
  misses = 0;

  constructor(
    private readonly engine: SearchEngine,
    private readonly opts: SearchCacheOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.max = opts.maxEntries ?? 2000;
  }

  /** The index changed in a way a cached answer could miss (someone added or changed). */
  invalidate(): void {
    this.version++;
    this.answers.clear();
  }

  /**
   * Whether every index write is heard now (a LISTEN connection is up). Either way what is
   * cached goes: writes made before listening began were not heard, and once it stops the
   * shorter lifetime applies to everything.
   */
  setListening(on: boolean): void {
    this.listening = on;
    this.invalidate();
  }

  private get ttl(): number {
    return this.listening ? (this.opts.listeningTtlMs ?? this.opts.ttlMs) : this.opts.ttlMs;
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    if (this.opts.ttlMs <= 0) return this.engine.search(req);
    const start = Math.floor(req.offset / WINDOW) * WINDOW;
    // a request across a window's edge (deep, or wider than a window) goes to the engine as it is
    const windowed = req.offset + req.limit <= start + WINDOW;
    const base = { text: foldedWords(req.text ?? '').join(' '), filter: filterKey(req.filter), sort: req.sort };
    const facetKey = req.facets && broad(req) ? JSON.stringify(base.filter) : null;
    const now = this.now();
    const cachedFacets = facetKey ? this.facets.get(facetKey) : undefined;
    const facetsFresh = cachedFacets && now - cachedFacets.at < this.opts.facetsTtlMs ? cachedFacets.facets : null;
    const needFacets = req.facets && !facetsFresh;
    const key = JSON.stringify([this.version, base, windowed ? start : req.offset, windowed ? WINDOW : req.limit, needFacets]);
    let entry = this.answers.get(key);
    if (entry && now - entry.at >= this.ttl) {
      this.answers.delete(key);
      entry = undefined;
    }
    if (entry) {
      this.hits++;
      // the most recently used goes last, so the popular searches are the last to be evicted
      this.answers.delete(key);
      this.answers.set(key, entry);
    } else {
      this.misses++;
      const version = this.version;
      entry = {
        at: now,
        response: this.engine.search({ ...req, offset: windowed ? start : req.offset, limit: windowed ? WINDOW : req.limit, facets: needFacets }),
      };
      this.answers.set(key, entry);
      if (this.answers.size > this.max) this.answers.delete(this.answers.keys().next().value!);
      // a failure is not kept; an answer computed across an invalidation is not kept either
      entry.response.then(
        () => version !== this.version && this.answers.delete(key),
        () => this.answers.delete(key),
      );
    }
    const res = await entry.response;
    if (needFacets && facetKey) {
      this.facets.set(facetKey, { at: now, facets: res.facets });
      if (this.facets.size > this.max) this.facets.delete(this.facets.keys().next().value!);
    }
    const skip = windowed ? req.offset - start : 0;
    return {
      ...res,
      hits: res.hits.slice(skip, skip + req.limit),
      facets: req.facets ? (facetsFresh ?? res.facets) : res.facets,
    };
  }
}

/**
 * The engine with its searches answered through a SearchCache, and its writes invalidating it
 * here and, through `announce` (after the write), in every process that listens.
 */
export function cachedEngine(engine: SearchEngine, opts: SearchCacheOptions & { announce?: () => Promise<void> }): SearchEngine & { cache: SearchCache } {
  const cache = new SearchCache(engine, opts);
  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop === 'cache') return cache;
      if (prop === 'search') return (req: SearchRequest) => cache.search(req);
      if (prop === 'upsert' || prop === 'clear') {
        return async (...args: unknown[]) => {
          try {
            return await (target[prop] as (...a: unknown[]) => Promise<void>).apply(target, args);
          } finally {
            cache.invalidate();
            // a failed write may still have written part of its batch: announced either way
            await opts.announce?.();
          }
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as SearchEngine & { cache: SearchCache };
}
