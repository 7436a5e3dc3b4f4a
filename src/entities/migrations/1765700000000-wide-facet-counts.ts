import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recountFacets } from '../../search/facet-counts';

/**
 * Facet counts for every filter key, topics, countries and languages too, and
 * `search_facet_pending`: the pairs of the rows of those keys that bulk writes leave for later
 * (src/search/facet-counts.ts says why). Counted again here from the documents already indexed.
 */
export class WideFacetCounts1765700000000 implements MigrationInterface {
  name = 'WideFacetCounts1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_facet_pending (
        id bigserial PRIMARY KEY,
        cond text[] NOT NULL,
        facet text[] NOT NULL,
        docs integer[] NOT NULL
      )
    `);
    await recountFacets(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE search_facet_pending`);
    await q.query(`DELETE FROM search_facet_count WHERE cond LIKE 't:%' OR cond LIKE 'c:%' OR cond LIKE 'l:%'`);
  }
}
