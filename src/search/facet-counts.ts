/**
 * Kept facet counts for the postgres engine (`search_facet_count`, migration
 * `FacetCounts1765500000000`): for every pair of facet keys, how many documents hold both.
 *
 * A document's keys are `*` (every document), `t:<topic slug>`, `p:<platform>`, `c:<country>`,
 * `l:<language>`, `v:<true|false>` (verified) and `x` (contactable). The row of a key is the
 * facet counts of a search without text filtered by that key alone, and its `*` cell that
 * search's exact total; the row `*` is the unfiltered search.
 *
 * Rows are kept for the filters that match a large share of everyone, whose facets would otherwise
 * read tens of thousands of matches: none (`*`: 700 ms at 100,000 documents), contactable (330 ms),
 * a platform (130 ms), verified. Topics, countries and languages have many values that each match
 * a few thousand (30-40 ms to read); rows for them would make every document count ten times as
 * many pairs and halve the speed of a reindex into an empty index.
 *
 * The pairs are counted here, in Node, from the facet fields that the index writes return (old and
 * new): PostgreSQL aggregated them several times slower (`unnest` twice, then a hash aggregate).
 * Each write applies its counts in the transaction of the write itself, so they always match the
 * documents.
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

/** The keys that have a row: the filters whose counts are kept. */
export function keptRow(key: string): boolean {
  return key === '*' || key === 'x' || key.startsWith('v:') || key.startsWith('p:');
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

/** Changes in pair counts, keyed "cond\u0000facet"; documents that come (+1) or go (-1). */
export class FacetDelta {
  private readonly counts = new Map<string, number>();

  add(d: FacetFields, k: 1 | -1): void {
    const keys = facetKeys(d);
    for (const a of keys) {
      if (!keptRow(a)) continue;
      for (const b of keys) {
        // `x` is a filter, not a facet: no column of it
        if (b === 'x') continue;
        const pair = `${a}\u0000${b}`;
        this.counts.set(pair, (this.counts.get(pair) ?? 0) + k);
      }
    }
  }

  /** The pairs whose count moves. */
  rows(): { cond: string[]; facet: string[]; docs: number[] } {
    const out = { cond: [] as string[], facet: [] as string[], docs: [] as number[] };
    for (const [pair, k] of this.counts) {
      if (k === 0) continue;
      const [a, b] = pair.split('\u0000');
      out.cond.push(a);
      out.facet.push(b);
      out.docs.push(k);
    }
    return out;
  }

  /** Adds the changes to `search_facet_count` through `db` (the write's own transaction). */
  async apply(db: Queryable): Promise<void> {
    const r = this.rows();
    if (!r.cond.length) return;
    // in key order: two writers lock the rows they share in the same order, so cannot deadlock
    await db.query(
      `INSERT INTO search_facet_count AS f (cond, facet, docs)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS d(cond, facet, docs) ORDER BY cond COLLATE "C", facet COLLATE "C"
       ON CONFLICT (cond, facet) DO UPDATE SET docs = f.docs + EXCLUDED.docs`,
      [r.cond, r.facet, r.docs],
    );
  }
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

/** Recounts every pair from the documents (the migration that adds the table), in batches of ids. */
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
