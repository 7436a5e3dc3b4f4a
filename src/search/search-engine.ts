/**
 * The one interface every search engine implements. The index is a projection of PostgreSQL:
 * it only ever receives `SearchDocument`s built by `src/search/document.ts` from listable
 * influencers, and it can be rebuilt from the database at any time.
 */

import type { Queryable } from '../consent/eligibility';
import type { Platform } from '../domain/platform';
import type { FollowersSource, VerificationMethod } from '../domain/verification';

export type { Platform };

/**
 * RELEVANCE: with text, the engine's text relevance. Without text, the influencer's own weight
 * for the first filter topic, then for the next ones, then followers: "most about yoga" first.
 * Without text or topic filter, most followers first. Ties always by id.
 */
export const SORTS = ['RELEVANCE', 'FOLLOWERS', 'ENGAGEMENT', 'RECENTLY_UPDATED'] as const;
/** How many filter topics RELEVANCE without text orders by (in the filter's order). */
export const RELEVANCE_TOPICS = 5;
export type SearchSort = (typeof SORTS)[number];

/** A public social account as agencies may see it (private accounts never get here). */
export interface DocumentAccount {
  platform: Platform;
  handle: string;
  url: string | null;
  followers: number;
  engagementRate: number | null;
  /** Its owner proved it is theirs, and the proof has not expired. */
  verified: boolean;
  verificationMethod: VerificationMethod | null;
  /** ISO 8601, when verified. */
  verifiedAt: string | null;
  /** Where `followers` comes from, and since when (ISO 8601). */
  followersSource: FollowersSource;
  followersUpdatedAt: string;
}

export interface DocumentTopic {
  slug: string;
  name: string;
  /** The influencer's own weight for the topic, 0 < weight <= 1. */
  weight: number;
}

/** What agencies may see of a listable influencer: public fields only, never contact details. */
export interface PublicFields {
  id: string;
  displayName: string;
  bio: string;
  country: string | null;
  city: string | null;
  languages: string[];
  /** The influencer's own topics. */
  topics: DocumentTopic[];
  /** Public accounts only; private ones never get here. */
  accounts: DocumentAccount[];
  /** CONTACT consent granted and current. */
  contactable: boolean;
  /** At least one public account is verified. */
  verified: boolean;
}

/** What an engine stores for one listable influencer. Nothing private is ever part of it. */
export interface SearchDocument extends PublicFields {
  /** Slugs of the influencer's topics and of all their ancestors (a parent matches its children). */
  topicSlugs: string[];
  /**
   * The influencer's own weight per topic slug, groups included (a group weighs as much as its
   * heaviest topic): what RELEVANCE orders by when a topic filter is given without text.
   */
  topicWeights: Record<string, number>;
  /** Topic names and their ancestors' names, for free-text search. */
  topicNames: string[];
  platforms: Platform[];
  handles: string[];
  /** Sum of followers over public accounts. */
  totalFollowers: number;
  /** Highest engagement rate over public accounts (0 when none is known). */
  engagementRate: number;
  /** ISO 8601 time of the last change that altered the document. */
  updatedAt: string;
}

export interface SearchFilter {
  topics?: string[];
  platforms?: Platform[];
  countries?: string[];
  languages?: string[];
  minFollowers?: number;
  maxFollowers?: number;
  minEngagementRate?: number;
  contactableOnly?: boolean;
  verifiedOnly?: boolean;
}

export interface SearchRequest {
  /** Free text over name, bio, handles and topic names; empty or absent means "everything". */
  text?: string | null;
  filter: SearchFilter;
  sort: SearchSort;
  offset: number;
  limit: number;
  /** Compute facet counts (over the whole filtered result, not just the page). */
  facets: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchFacets {
  topics: FacetCount[];
  platforms: FacetCount[];
  countries: FacetCount[];
  languages: FacetCount[];
  /** "true" / "false": with or without a verified public account. */
  verified: FacetCount[];
}

export interface SearchHit {
  id: string;
  /** Engine-specific relevance; only comparable within one response. */
  score: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  /** Number of documents matching text and filter, over all pages. */
  total: number;
  /**
   * True when `total` is an estimate (large results: counting them exactly would cost more than
   * the page; cf. Meilisearch's estimatedTotalHits). Absent or false: exact.
   */
  totalIsEstimate?: boolean;
  facets: SearchFacets;
}

export const EMPTY_FACETS: SearchFacets = { topics: [], platforms: [], countries: [], languages: [], verified: [] };

export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Create the index and apply settings; idempotent, called at start-up before any document. */
  applySettings(): Promise<void>;
  /** Insert or replace documents by id; resolves once the engine has applied them. */
  upsert(docs: SearchDocument[]): Promise<void>;
  /** Remove documents by id; unknown ids are ignored; resolves once the engine has applied it. */
  delete(ids: string[]): Promise<void>;
  /**
   * Engines kept in the application's own database only: the same removal inside the caller's
   * transaction (`src/search/removal.ts`), so that it commits with the change that unlists.
   */
  removeWithin?(tx: Queryable, ids: string[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResponse>;
  /**
   * Brings up to date what the engine derives from its documents and may let lag behind a bulk
   * write (the postgres engine's facet counts); a rebuild calls it when done. Optional.
   */
  settle?(): Promise<void>;
  /** Every document id in the index (for verification against the eligible set). */
  listIds(): Promise<string[]>;
  /** Remove every document. */
  clear(): Promise<void>;
  /** Cheap reachability check for /readyz; throws when the engine cannot serve. */
  ping?(): Promise<void>;
}
