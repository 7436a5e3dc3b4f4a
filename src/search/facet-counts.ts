/**
 * Kept facet counts for the postgres engine (`search_facet_count`, migrations
 * `FacetCounts1765500000000` and `WideFacetCounts1765700000000`): for every pair of facet keys,
 * how many documents hold both.
 *
 * A document's keys are `*` (every document), `t:<topic slug>`, `p:<platform>`, `c:<country>`,
 * `l:<language>`, `v:<true|false>` (verified) and `x` (contactable). The row of a key is the
 * facet counts of a search without text filtered by that key alone, and its `*` cell that
 * search's exact total; the row `*` is the unfiltered search. Every key has its row: a search
 * filtered by one topic, one country or one language reads about 40 cells instead of the few
 * thousand documents that match it (30-40 ms each at 100,000 documents).
 *
 * The pairs are counted here, in Node, from the facet fields that the index writes return (old and
 * new): PostgreSQL aggregated them several times slower (`unnest` twice, then a hash aggregate).
 * Each write applies its counts in its own transaction, so they match the documents when it
 * commits; with one exception that keeps bulk writes fast. A document has about ten times as
 * many pairs in the rows of topics, countries and languages (the "wide" rows: many values, each
 * held by few) as in the others, and applying them batch by batch halved the speed of a reindex
 * into an empty index. So a write of BULK documents or more appends its wide pairs to
 * `search_facet_pending` (one row of three arrays) and `foldPending` adds them to the counts
 * later, all the pending writes' pairs summed into one update. Until then those rows lag the
 * documents, as a cached facet count may: the postgres engine folds 5 s after a bulk write (a
 * stream of them folds every 5 s), the indexer when it has drained the outbox, a rebuild when it
 * ends, and the engine when it starts (pending rows that a stopped process left). A lagging
 * count never changes which people a page shows: the engine counts the matches themselves before
 * it trusts a small kept count (postgres.engine.ts).
 */
import type { Queryable } from '../consent/eligibility';

/** A stored document's facet fields, as the index's columns hold them. */
export interface FacetFields {
  topic_slugs: string[];
  platforms: string[];
  country: string | null;
  languages: string[];
  contactable: boolean;
  verified: boolean;
}

/** The columns of `search_document` that FacetFields reads. */
export const FACET_COLUMNS = 'topic_slugs, platforms, country, languages, contactable, verified';

/** Writes of this many documents or more leave their wide pairs pending (see above). */
export const BULK = 100;

/** The rows of the keys with many values, each held by a few documents: topics, countries, languages. */
export function wideRow(key: string): boolean {
  return key.startsWith('t:') || key.startsWith('c:') || key.startsWith('l:');
}

/** A document's facet keys, each once. */
export function facetKeys(d: FacetFields): string[] {
  const keys = new Set<string>(['*', `v:${d.verified === true}`]);
  for (const t of d.topic_slugs ?? []) keys.add(`t:${t}`);
  for (const p of d.platforms ?? []) keys.add(`p:${p}`);
  if (d.country != null) keys.add(`c:${d.country}`);
  for (const l of d.languages ?? []) keys.add(`l:${l}`);
  if (d.contactable) keys.add('x');
  return [...keys];
}

/** Changes in pair counts: documents that come (+1) or go (-1). */
export class FacetDelta {
  // keys numbered as they come, pairs as numbers (cond * SPAN + facet): a document of a reindex
  // counts about 120 pairs, and string pairs made that Node's largest cost per document
  private static readonly SPAN = 2 ** 20;
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly counts = new Map<number, number>();

  private idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.push(key) - 1;
      this.ids.set(key, id);
    }
    return id;
  }

  add(d: FacetFields, k: 1 | -1): void {
    const keys = facetKeys(d);
    const ids = keys.map((key) => this.idOf(key));
    for (const a of ids) {
      for (let j = 0; j < ids.length; j++) {
        // `x` is a filter, not a facet: no column of it
        if (keys[j] === 'x') continue;
        const pair = a * FacetDelta.SPAN + ids[j];
        this.counts.set(pair, (this.counts.get(pair) ?? 0) + k);
      }
    }
  }

  /** The pairs whose count moves, of the rows `which` selects. */
  rows(which: (cond: string) => boolean = () => true): { cond: string[]; facet: string[]; docs: number[] } {
    const out = { cond: [] as string[], facet: [] as string[], docs: [] as number[] };
    for (const [pair, k] of this.counts) {
      if (k === 0) continue;
      const a = this.keys[Math.floor(pair / FacetDelta.SPAN)];
      if (!which(a)) continue;
      out.cond.push(a);
      out.facet.push(this.keys[pair % FacetDelta.SPAN]);
      out.docs.push(k);
    }
    return out;
  }

  /**
   * Adds the changes to `search_facet_count` through `db` (the write's own transaction); with
   * `defer`, the wide rows' changes go to `search_facet_pending` instead, for `foldPending`.
   */
  async apply(db: Queryable, opts: { defer?: boolean } = {}): Promise<void> {
    const now = this.rows(opts.defer ? (cond) => !wideRow(cond) : undefined);
    await addCounts(db, now);
    if (!opts.defer) return;
    const later = this.rows(wideRow);
    if (later.cond.length) {
      await db.query(`INSERT INTO search_facet_pending (cond, facet, docs) VALUES ($1::text[], $2::text[], $3::int[])`, [later.cond, later.facet, later.docs]);
    }
  }
}

/** Adds changes to the counts, in key order: two writers lock the rows they share in the same order, so cannot deadlock. */
async function addCounts(db: Queryable, r: { cond: string[]; facet: string[]; docs: number[] }): Promise<void> {
  if (!r.cond.length) return;
  await db.query(
    `INSERT INTO search_facet_count AS f (cond, facet, docs)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS d(cond, facet, docs) ORDER BY cond COLLATE "C", facet COLLATE "C"
     ON CONFLICT (cond, facet) DO UPDATE SET docs = f.docs + EXCLUDED.docs`,
    [r.cond, r.facet, r.docs],
  );
}

/** How many writes' pairs wait for a fold (the facet counts lag them until then); /metrics shows it. */
export async function pendingFolds(db: Queryable): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM search_facet_pending`);
  return n;
}

/**
 * Adds every pending write's pairs to the counts and removes them, in one statement (its own
 * transaction when `db` is a pool). Two folds at once cannot add the same pairs twice: the second
 * waits for the rows the first deletes, then finds them gone; writes that commit meanwhile stay
 * pending for the next fold.
 */
export async function foldPending(db: Queryable): Promise<void> {
  await db.query(
    `WITH taken AS (DELETE FROM search_facet_pending RETURNING cond, facet, docs),
     sums AS (SELECT u.cond, u.facet, sum(u.docs)::int AS docs FROM taken, unnest(taken.cond, taken.facet, taken.docs) AS u(cond, facet, docs)
              GROUP BY u.cond, u.facet)
     INSERT INTO search_facet_count AS f (cond, facet, docs)
     SELECT cond, facet, docs FROM sums WHERE docs <> 0 ORDER BY cond COLLATE "C", facet COLLATE "C"
     ON CONFLICT (cond, facet) DO UPDATE SET docs = f.docs + EXCLUDED.docs`,
  );
}

/** The changes of written rows: each returned pair of new and old fields (old null: a new document). */
export function deltaOf(changes: Array<{ new: FacetFields | null; old: FacetFields | null }>): FacetDelta {
  const delta = new FacetDelta();
  for (const c of changes) {
    if (c.new) delta.add(c.new, 1);
    if (c.old) delta.add(c.old, -1);
  }
  return delta;
}

/** Recounts every pair from the documents (the migrations that add the tables), in batches of ids. */
export async function recountFacets(db: Queryable): Promise<void> {
  const delta = new FacetDelta();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: Array<FacetFields & { id: string }> = await db.query(
      `SELECT id, ${FACET_COLUMNS} FROM search_document WHERE id > $1 ORDER BY id LIMIT 10000`,
      [after],
    );
    if (!rows.length) break;
    for (const r of rows) delta.add(r, 1);
    after = rows[rows.length - 1].id;
  }
  await db.query(`DELETE FROM search_facet_count`);
  await delta.apply(db);
}
