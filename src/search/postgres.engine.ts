/**
 * The default engine: a `search_document` table in the same PostgreSQL. Full-text ranking with
 * weighted tsvectors (name and handles above topics above bio) by ts_rank; every query word must
 * match as a prefix or, from five letters on, within its typo budget: candidate words come from
 * the `search_vocabulary` table (its trigram index narrows them) and the edit distance
 * (levenshtein) decides. Accent-insensitive through `search_fold()` (unaccent); facets by SQL.
 * One statement per search, whatever the page size.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Queryable } from '../consent/eligibility';
import { isUuid } from '../domain/ids';
import { BULK, deltaOf, FACET_COLUMNS, foldPending, type FacetFields } from './facet-counts';
import { foldedWords, typoBudget } from '../domain/text';
import {
  EMPTY_FACETS, RELEVANCE_TOPICS, type FacetCount, type SearchDocument, type SearchEngine,
  type SearchRequest, type SearchResponse, type SearchSort,
} from './search-engine';

const MAX_TEXT = 200;
const MAX_WORDS = 8;
/** Unless ranked by text, totals up to this are exact; above it, estimated (`SearchResponse.totalIsEstimate`). */
export const EXACT_TOTAL = 1000;
/** The estimate counts the matches among 1 in SAMPLE documents (by id: uuids are random). */
const SAMPLE = 16;
const SAMPLE_BOUND = '10000000-0000-0000-0000-000000000000';
/** From this many (estimated) matches on, a page is found by walking the sort's index (about 5% of 85,000 listable: a page of 200 within some 4,000 rows). */
const WALK_FROM = 4000;
/** How old the typo lookups' trigram counts may grow before settle() counts them anew (src/search/typo.sql.ts). */
const TRIGRAM_COUNTS_MAX_AGE = '10 minutes';
/** The text condition (the query CTE `q` holds the tsquery). */
const TEXT_MATCH = 'd.tsv @@ q.mq';

/** The query's distinct words, folded as search_fold() folds (src/domain/text.ts), at most MAX_WORDS. */
export function queryWords(text: string): string[] {
  return [...new Set(foldedWords(text.slice(0, MAX_TEXT)))].slice(0, MAX_WORDS);
}

/** Builds the WHERE clause and its parameters for a request; values are always bound, never inlined. */
export function buildPostgresFilter(req: SearchRequest, params: unknown[]): string[] {
  const where: string[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const f = req.filter;
  if (f.topics?.length) where.push(`d.topic_slugs && ${bind(f.topics)}::text[]`);
  if (f.platforms?.length) where.push(`d.platforms && ${bind(f.platforms)}::text[]`);
  if (f.countries?.length) where.push(`d.country = ANY(${bind(f.countries.map((c) => c.toUpperCase()))}::text[])`);
  if (f.languages?.length) where.push(`d.languages && ${bind(f.languages.map((l) => l.toLowerCase()))}::text[]`);
  if (f.minFollowers != null) where.push(`d.total_followers >= ${bind(f.minFollowers)}::bigint`);
  if (f.maxFollowers != null) where.push(`d.total_followers <= ${bind(f.maxFollowers)}::bigint`);
  if (f.minEngagementRate != null) where.push(`d.engagement_rate >= ${bind(f.minEngagementRate)}::float8`);
  if (f.contactableOnly) where.push(`d.contactable`);
  if (f.verifiedOnly) where.push(`d.verified`);
  return where;
}

/**
 * The `search_facet_count` row that holds a request's facets and exact total: a search without
 * text, filtered by nothing (`*`) or by one condition with one value (src/search/facet-counts.ts).
 * Null for anything else (the matches are counted and faceted by reading them).
 */
export function facetCountRow(req: Pick<SearchRequest, 'text' | 'filter'>): string | null {
  if (queryWords(req.text ?? '').length) return null;
  const f = req.filter;
  const keys: string[] = [];
  const one = (prefix: string, values: string[] | undefined) => {
    if (values === undefined || values.length === 0) return true;
    if (values.length > 1) return false;
    keys.push(prefix + values[0]);
    return true;
  };
  if (f.minFollowers != null || f.maxFollowers != null || f.minEngagementRate != null) return null;
  if (!one('t:', f.topics) || !one('p:', f.platforms) || !one('c:', f.countries?.map((c) => c.toUpperCase())) || !one('l:', f.languages?.map((l) => l.toLowerCase()))) return null;
  if (f.contactableOnly) keys.push('x');
  if (f.verifiedOnly) keys.push('v:true');
  return keys.length === 0 ? '*' : keys.length === 1 ? keys[0] : null;
}

/** `weights`: one `tw<i>` column per filter topic, in the filter's order (RELEVANCE without text). */
function orderBy(sort: SearchSort, hasText: boolean, weights: string[] = []): string {
  switch (sort) {
    case 'RELEVANCE':
      if (hasText) return 'score DESC, id';
      return [...weights.map((w) => `${w} DESC NULLS LAST`), 'total_followers DESC', 'id'].join(', ');
    case 'FOLLOWERS':
      return 'total_followers DESC, id';
    case 'ENGAGEMENT':
      return 'engagement_rate DESC, id';
    case 'RECENTLY_UPDATED':
      return 'updated_at DESC, id';
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

/**
 * Adds each word's change in documents (a `delta` CTE: word, k) to the vocabulary, in word order
 * (two writers cannot deadlock); returns the words no document holds any more as `dropped`.
 */
const countWords = (changed: string) => `,
         counted AS (INSERT INTO search_vocabulary AS v (word, docs) SELECT word, k FROM delta WHERE k <> 0 ORDER BY word
                     ON CONFLICT (word) DO UPDATE SET docs = v.docs + EXCLUDED.docs RETURNING v.word, v.docs)
         SELECT coalesce(array_agg(word) FILTER (WHERE docs <= 0), '{}') AS dropped, ${changed} AS changed FROM counted`;

/** A written row's facet fields as JSON (FacetFields), or null when there is no such row. */
const facetJson = (r: string) =>
  `CASE WHEN ${r}.id IS NULL THEN NULL ELSE json_build_object(${FACET_COLUMNS.split(', ').map((c) => `'${c}', ${r}.${c}`).join(', ')}) END`;

/**
 * Text as the words a query is split into (src/domain/text.ts foldedWords, and the `words`
 * column): PostgreSQL's parser would otherwise keep "lena.moves" or "a.b.example" as one token
 * (a host name), which a search for "lena.moves" (the words lena and moves) never matches.
 */
const WORDS_ONLY = (sql: string): string => `regexp_replace(${sql}, '[^[:alnum:]]+', ' ', 'g')`;

/** Writes documents (a JSON array, $1) with their source hashes ($2). */
const UPSERT = `WITH input AS (
           SELECT d, (d->>'id')::uuid AS id, ($2::text[])[ord] AS hash, f.name_handles, f.topics, f.bio,
                  concat_ws(' ', f.name_handles, f.topics, f.bio) AS search_text
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, ord)
           CROSS JOIN LATERAL (
             SELECT coalesce((SELECT string_agg(h, ' ') FROM jsonb_array_elements_text(d->'handles') h), '') AS handles,
                    coalesce((SELECT string_agg(n, ' ') FROM jsonb_array_elements_text(d->'topicNames') n), '') AS topics
           ) t
           CROSS JOIN LATERAL (
             SELECT search_fold(concat_ws(' ', d->>'displayName', t.handles)) AS name_handles,
                    search_fold(t.topics) AS topics, search_fold(d->>'bio') AS bio
           ) f
           WHERE NOT EXISTS (SELECT 1 FROM search_document s WHERE s.id = (d->>'id')::uuid AND s.source_hash = ($2::text[])[ord])
         ),
         old AS (SELECT id, words, ${FACET_COLUMNS} FROM search_document WHERE id IN (SELECT id FROM input)),
         upserted AS (INSERT INTO search_document AS s (id, country, languages, topic_slugs, platforms, total_followers,
                                          engagement_rate, contactable, updated_at, search_text, tsv, words, topic_weights, verified, source_hash)
         SELECT i.id, d->>'country',
                ARRAY(SELECT jsonb_array_elements_text(d->'languages')),
                ARRAY(SELECT jsonb_array_elements_text(d->'topicSlugs')),
                ARRAY(SELECT jsonb_array_elements_text(d->'platforms')),
                (d->>'totalFollowers')::bigint, (d->>'engagementRate')::float8, (d->>'contactable')::boolean,
                (d->>'updatedAt')::timestamptz,
                i.search_text,
                setweight(to_tsvector('simple', ${WORDS_ONLY('i.name_handles')}), 'A')
                  || setweight(to_tsvector('simple', ${WORDS_ONLY('i.topics')}), 'B')
                  || setweight(to_tsvector('simple', ${WORDS_ONLY("coalesce(i.bio, '')")}), 'C'),
                ARRAY(SELECT DISTINCT w FROM regexp_split_to_table(i.search_text, '[^[:alnum:]]+') w WHERE w <> ''),
                coalesce(d->'topicWeights', '{}'::jsonb), coalesce((d->>'verified')::boolean, false), i.hash
         FROM input i
         ON CONFLICT (id) DO UPDATE SET
           country = EXCLUDED.country, languages = EXCLUDED.languages,
           topic_slugs = EXCLUDED.topic_slugs, platforms = EXCLUDED.platforms,
           total_followers = EXCLUDED.total_followers, engagement_rate = EXCLUDED.engagement_rate,
           contactable = EXCLUDED.contactable, updated_at = EXCLUDED.updated_at,
           search_text = EXCLUDED.search_text, tsv = EXCLUDED.tsv, words = EXCLUDED.words,
           topic_weights = EXCLUDED.topic_weights, verified = EXCLUDED.verified, source_hash = EXCLUDED.source_hash
         WHERE (s.*) IS DISTINCT FROM (EXCLUDED.*)
         RETURNING id, words, ${FACET_COLUMNS}),
         delta AS (
           SELECT x AS word, sum(k)::int AS k FROM (
             SELECT x, 1 AS k FROM upserted u LEFT JOIN old o ON o.id = u.id CROSS JOIN LATERAL unnest(u.words) x
             WHERE o.id IS NULL OR NOT (x = ANY(o.words))
             UNION ALL
             SELECT x, -1 FROM old o JOIN upserted u ON u.id = o.id CROSS JOIN LATERAL unnest(o.words) x
             WHERE NOT (x = ANY(u.words))) t
           GROUP BY x)
         ${countWords(`(SELECT coalesce(json_agg(json_build_object('new', ${facetJson('u')}, 'old', ${facetJson('o')})), '[]'::json)
                          FROM upserted u LEFT JOIN old o ON o.id = u.id)`)}`;

/** What a document is built from: the document itself and the statement that builds it. */
const statementHashed = createHash('sha256').update(UPSERT);
/** (The statement is hashed once: a reindex hashes every document, and the statement is 5 kB.) */
const sourceHash = (json: string): string => statementHashed.copy().update(json).digest('base64url');

/** What an index write returns: the words it dropped to 0 documents, the facet fields it changed. */
interface WriteCounts {
  dropped: string[];
  changed: Array<{ new: FacetFields | null; old: FacetFields | null }>;
}

export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  /**
   * `writer`: where index writes go (the indexer's own pool, so a withdrawal does not queue
   * behind searches for a connection); searches use `ds`.
   */
  constructor(
    private readonly ds: DataSource,
    private readonly writer: Pick<DataSource, 'query' | 'transaction'> = ds,
    private readonly opts: { foldDelayMs?: number } = {},
  ) {}

  private foldTimer: NodeJS.Timeout | null = null;

  /**
   * The tables, indexes and functions come with the migrations: nothing to apply at run time but
   * the facet counts that a process stopped before folding left pending.
   */
  async applySettings(): Promise<void> {
    await this.ds.query(`SELECT 1 FROM search_document LIMIT 0`);
    await this.fold();
  }

  /**
   * After writes: the facet counts that bulk writes left pending, added now
   * (src/search/facet-counts.ts), and the trigram counts that order the typo lookups' choice
   * counted anew when TRIGRAM_COUNTS_MAX_AGE old or missing (src/search/typo.sql.ts; not at
   * start-up: a count only makes lookups faster, and counting takes about 0.25 s at 100,000).
   */
  async settle(): Promise<void> {
    await this.fold();
    await this.writer.query(`SELECT search_trigram_refresh($1::interval)`, [TRIGRAM_COUNTS_MAX_AGE]);
  }

  private async fold(): Promise<void> {
    // a fold this process had scheduled is this one
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.foldTimer = null;
    await foldPending(this.writer);
  }

  /**
   * A fold soon after a bulk write (`foldDelayMs`, default 5 s: a stream of bulk writes, a reindex,
   * folds every 5 s, each fold costing about as much whatever it sums); one that fails leaves the
   * pairs pending for the next.
   */
  private foldSoon(): void {
    if (this.foldTimer) return;
    this.foldTimer = setTimeout(() => void this.fold().catch(() => undefined), this.opts.foldDelayMs ?? 5000);
    this.foldTimer.unref();
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 1000) {
      // A document already written from the same source (the same document, by the same
      // statement: source_hash) is not sent again, so a reindex of an index that is right costs
      // reads only. Each text is folded once (search_fold is per character: the folded parts make
      // the folded whole). The vocabulary counts each word's documents (countWords), and the
      // facet counts follow in the same transaction (src/search/facet-counts.ts).
      const batch = docs.slice(i, i + 1000).map((d) => {
        const json = JSON.stringify(d);
        return { id: d.id, json, hash: sourceHash(json) };
      });
      const stored: Array<{ id: string; source_hash: string | null }> = await this.writer.query(
        `SELECT id, source_hash FROM search_document WHERE id = ANY($1::uuid[])`,
        [batch.map((d) => d.id)],
      );
      const known = new Map(stored.map((r) => [r.id, r.source_hash]));
      const changed = batch.filter((d) => known.get(d.id) !== d.hash);
      if (!changed.length) continue;
      await this.writer.transaction(async (tx) =>
        this.counted(tx, await tx.query(UPSERT, [`[${changed.map((d) => d.json).join(',')}]`, changed.map((d) => d.hash)])),
      );
    }
  }

  async delete(ids: string[]): Promise<void> {
    await this.writer.transaction((tx) => this.deleteWith(tx, ids));
  }

  /**
   * The same removal inside the caller's transaction: the index lives in the application's
   * database, so a withdrawal or an erasure can take the document with it when it commits.
   */
  async removeWithin(tx: Queryable, ids: string[]): Promise<void> {
    await this.deleteWith(tx, ids);
  }

  private async deleteWith(db: Queryable, ids: string[]): Promise<void> {
    ids = ids.filter(isUuid);
    if (!ids.length) return;
    await this.counted(
      db,
      await db.query(
        `WITH gone AS (DELETE FROM search_document WHERE id = ANY($1::uuid[]) RETURNING id, words, ${FACET_COLUMNS}),
         delta AS (SELECT x AS word, -count(*)::int AS k FROM gone, unnest(gone.words) x GROUP BY x)
         ${countWords(`(SELECT coalesce(json_agg(json_build_object('new', NULL, 'old', ${facetJson('gone')})), '[]'::json) FROM gone)`)}`,
        [ids],
      ),
    );
  }

  /**
   * After a write, in its transaction: the facet counts of the rows it changed, and the words no
   * document holds any more leave the vocabulary (they may be part of a name).
   */
  private async counted(tx: Queryable, rows: WriteCounts[]): Promise<void> {
    const [{ dropped, changed }] = rows;
    const bulk = changed.length >= BULK;
    await deltaOf(changed).apply(tx, { defer: bulk });
    if (bulk) this.foldSoon();
    if (dropped.length) await tx.query(`DELETE FROM search_vocabulary WHERE word = ANY($1::text[]) AND docs <= 0`, [dropped]);
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const params: unknown[] = [];
    const text = (req.text ?? '').trim();
    let ctes = '';
    let score = '0::float8';
    const where = buildPostgresFilter(req, params);
    let from = 'search_document d';
    const words = queryWords(text);
    if (words.length) {
      // Every word must match, as a prefix of a document word or, when long enough and not itself
      // a word of the index, within its typo budget: the vocabulary's trigram index finds
      // candidate words, the edit distance decides (search_typo_words, src/search/typo.sql.ts).
      // All of it makes one tsquery, so the tsvector index is scanned once.
      const bound = words.map((w) => {
        params.push(w);
        return `$${params.length}`;
      });
      const perWord = words.map((w, i) => {
        const p = `search_fold(${bound[i]}::text)`;
        const k = typoBudget(w);
        const prefix = `to_tsquery('simple', quote_literal(${p}) || ':*')`;
        if (k === 0) return prefix;
        return `CASE WHEN EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.word = ${p}) THEN ${prefix}
                ELSE ${prefix} || coalesce((SELECT to_tsquery('simple', string_agg(quote_literal(w), ' | '))
                  FROM unnest(search_typo_words(${p}, ${k})) w), ${prefix}) END`;
      });
      ctes = `q AS MATERIALIZED (
        SELECT to_tsquery('simple', ${bound.map((b) => `quote_literal(search_fold(${b}::text)) || ':*'`).join(` || ' & ' || `)}) AS tq,
               ${perWord.map((x) => `(${x})`).join(' && ')} AS mq
      ),`;
      where.push(TEXT_MATCH);
      from = 'search_document d, q';
      score = `ts_rank(d.tsv, q.tq)`;
    }
    // RELEVANCE without text and with topics: the influencer's own weight per filter topic
    const weightCols = !words.length && req.sort === 'RELEVANCE'
      ? (req.filter.topics ?? []).slice(0, RELEVANCE_TOPICS).map((slug, i) => {
          params.push(slug);
          const bound = `$${params.length}::text`;
          return { col: `tw${i}`, slug: bound, expr: `(d.topic_weights ->> ${bound})::float8` };
        })
      : [];
    if (weightCols.length) score = `coalesce(${weightCols[0].expr}, 0)`;
    params.push(req.limit, req.offset);
    const [limit, offset] = [`$${params.length - 1}`, `$${params.length}`];
    const order = orderBy(req.sort, words.length > 0, weightCols.map((w) => w.col));
    // Ranked by text (RELEVANCE with words), every match is scored, so they are materialised and
    // the total is exact. Any other order is one the index can walk: the matches are first taken
    // up to EXACT_TOTAL + 1 in any order (`c`); a small result is then counted, ordered and
    // faceted from those rows alone, whatever index order the sort could walk (an index walk that
    // finds nothing reads the whole index); a large one is ordered by walking the sort's index
    // (checking text and filter row by row until the page is full: the broader the match, the
    // sooner), and its total estimated from the documents whose (random) id falls in the first
    // 1/SAMPLE of the id space. Work is bounded by the page, not by how many match.
    const scored = words.length > 0 && req.sort === 'RELEVANCE';
    // The page first (a sort bounded by LIMIT keeps only the top rows), then in order: numbering
    // the rows with a window function first made PostgreSQL sort every match in full.
    const hits = (src: string) =>
      `(SELECT coalesce(json_agg(json_build_object('id', p.id, 'score', p.score) ORDER BY ${order}), '[]'::json)
        FROM (SELECT * FROM ${src} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) p)`;
    // Ranked by topic weight (RELEVANCE without text, filtered by topics): a large result's page
    // walks each filter topic's kept order (search_topic_rank, migration 1765900000000) instead of
    // sorting every match. Topic k's walk takes the matches that hold topic k and none of the
    // topics before it (those come first: a missing weight sorts last), in the order's remaining
    // keys, and stops at the page's end; the walks are disjoint, so the page is the first rows of
    // their union. With a topic repeated or more than RELEVANCE_TOPICS of them, a match could hold
    // none of the walked topics: those are sorted as before.
    const topicWalk = (w: { slug: string }, k: number): string => {
      const cols = weightCols.map((x, j) => `${j < k ? 'NULL::float8' : j === k ? 'r.weight' : x.expr} AS ${x.col}`);
      const before = weightCols.slice(0, k).map((x) => x.slug);
      const conditions = [`r.topic = ${w.slug}`, ...where, ...(before.length ? [`NOT (d.topic_weights ?| ARRAY[${before.join(', ')}])`] : [])];
      return `(SELECT r.id, r.total_followers, ${k === 0 ? 'r.weight' : '0::float8'} AS score, ${cols.join(', ')}
               FROM search_topic_rank r CROSS JOIN LATERAL (SELECT * FROM search_document d WHERE d.id = r.id OFFSET 0) d
               WHERE ${conditions.join(' AND ')}
               ORDER BY r.weight DESC NULLS LAST${weightCols.slice(k + 1).map((x) => `, ${x.expr} DESC NULLS LAST`).join('')}, r.total_followers DESC, r.id
               LIMIT ${limit}::bigint + ${offset}::bigint)`;
    };
    const rankWalk = weightCols.length > 0 && new Set(req.filter.topics).size === weightCols.length
      ? hits(`(${weightCols.map(topicWalk).join(' UNION ALL ')}) u`)
      : null;
    // a large result's page: walked in the sort's order (an index, or the topics' kept orders)
    const walked = rankWalk ?? hits('w');
    // Facets in one pass over the matches, every kind at once
    const facets = (src: string) =>
      req.facets
        ? `(SELECT coalesce(json_agg(json_build_object('k', k, 'value', v, 'count', c) ORDER BY k, c DESC, v), '[]'::json)
            FROM (SELECT f.k, f.v, count(*)::int AS c FROM ${src} m, LATERAL (
                    SELECT 't' AS k, t AS v FROM unnest(m.topic_slugs) t
                    UNION ALL SELECT 'p', p FROM unnest(m.platforms) p
                    UNION ALL SELECT 'c', m.country WHERE m.country IS NOT NULL
                    UNION ALL SELECT 'l', l FROM unnest(m.languages) l
                    UNION ALL SELECT 'v', m.verified::text) f
                  GROUP BY f.k, f.v) x)`
        : `'[]'::json`;
    const small = `n.n <= ${EXACT_TOTAL}`;
    // Filtered by nothing or one facet key: total and facets are kept counts (search_facet_count)
    const facetRow = scored ? null : facetCountRow(req);
    if (facetRow !== null) params.push(facetRow);
    const rowParam = `$${params.length}`;
    // what the matches carry: the sort keys, and the facet fields only when facets are asked for
    // (a search ranked by text materialises every match)
    const columns = `d.id, d.total_followers, d.engagement_rate, d.updated_at${req.facets ? ', d.topic_slugs, d.platforms, d.country, d.languages, d.verified' : ''},
               ${score} AS score${weightCols.map((w) => `, ${w.expr} AS ${w.col}`).join('')}`;
    // The large result's walk (`w`): with text, the text condition is written so that no index
    // can serve it. The planner cannot know how many documents a tsquery computed in the same
    // statement matches (it guesses a few hundred), so it would fetch them all from the text index
    // and sort them; it is known here to be more than EXACT_TOTAL, and walking the sort's index is
    // what costs in proportion to the page.
    const walk = words.length
      ? `, w AS NOT MATERIALIZED (SELECT ${columns} FROM ${from} WHERE ${where.map((c) => (c === TEXT_MATCH ? `coalesce(${c}, false)` : c)).join(' AND ')})`
      : `, w AS NOT MATERIALIZED (SELECT * FROM m)`;
    // A large result's estimated size (the sample) also decides how its page is found: by the
    // walk once the matches are dense enough for it to end soon, else from the matches found by
    // their indexes and sorted.
    const select = scored
      ? `SELECT (SELECT count(*)::int FROM m) AS total, ${hits('m')} AS hits, ${facets('m')} AS facets`
      : facetRow !== null
      ? // The kept count chooses how the page is found, but a page taken from the first matches
        // (\`c\`) must know they are all of them: a wide row can lag a bulk write (facet-counts.ts),
        // so unless the kept count is large, the matches themselves are counted up to EXACT_TOTAL + 1.
        // Walking or sorting every match is right whatever the count.
        `, c AS MATERIALIZED (SELECT * FROM m LIMIT ${EXACT_TOTAL + 1})${walk},
        n AS (SELECT coalesce((SELECT docs FROM search_facet_count WHERE cond = ${rowParam}::text AND facet = '*'), 0) AS n),
        k AS (SELECT CASE WHEN n.n >= ${WALK_FROM} THEN NULL ELSE (SELECT count(*)::int FROM c) END AS k FROM n)
        SELECT CASE WHEN k.k <= ${EXACT_TOTAL} THEN k.k ELSE greatest(n.n, k.k) END AS total,
               CASE WHEN n.n >= ${WALK_FROM} THEN ${walked} WHEN k.k <= ${EXACT_TOTAL} THEN ${hits('c')} ELSE ${hits('m')} END AS hits,
               ${req.facets
                 ? `(SELECT coalesce(json_agg(json_build_object('k', left(facet, 1), 'value', substr(facet, 3), 'count', docs) ORDER BY left(facet, 1), docs DESC, substr(facet, 3)), '[]'::json)
                     FROM search_facet_count WHERE cond = ${rowParam}::text AND facet <> '*' AND docs > 0)`
                 : `'[]'::json`} AS facets
        FROM n, k`
      : `, c AS MATERIALIZED (SELECT * FROM m LIMIT ${EXACT_TOTAL + 1}),
        n AS (SELECT count(*)::int AS n FROM c)${walk},
        s AS MATERIALIZED (SELECT greatest(${EXACT_TOTAL + 1}, count(*)::int * ${SAMPLE}) AS est FROM w WHERE w.id < '${SAMPLE_BOUND}'::uuid)
        SELECT CASE WHEN ${small} THEN n.n ELSE (SELECT est FROM s) END AS total,
               CASE WHEN ${small} THEN ${hits('c')} WHEN (SELECT est FROM s) >= ${WALK_FROM} THEN ${walked} ELSE ${hits('m')} END AS hits,
               CASE WHEN ${small} THEN ${facets('c')} ELSE ${facets('m')} END AS facets
        FROM n`;
    const sql = `
      WITH ${ctes}
      m AS ${scored ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (
        SELECT ${columns}
        FROM ${from}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      )
      ${select}`;
    const [row]: Array<{ total: number; hits: Array<{ id: string; score: number }>; facets: Array<{ k: string; value: string; count: number }> }> =
      await this.ds.query(sql, params);
    const kind = (k: string): FacetCount[] => row.facets.filter((f) => f.k === k).map((f) => ({ value: f.value, count: f.count }));
    return {
      total: row.total,
      totalIsEstimate: !scored && facetRow === null && row.total > EXACT_TOTAL,
      hits: row.hits.map((h) => ({ id: h.id, score: Number(h.score) })),
      facets: req.facets ? { topics: kind('t'), platforms: kind('p'), countries: kind('c'), languages: kind('l'), verified: kind('v') } : EMPTY_FACETS,
    };
  }

  async ping(): Promise<void> {
    await this.ds.query(`SELECT 1 FROM search_document LIMIT 1`);
  }

  async listIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT id FROM search_document ORDER BY id`);
    return rows.map((r) => r.id);
  }

  async clear(): Promise<void> {
    await this.writer.query(`TRUNCATE search_document, search_topic_rank, search_vocabulary, search_facet_count, search_facet_pending, search_trigram`);
  }
}
