import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recountFacets } from '../../search/facet-counts';

/**
 * `search_facet_count`: for every pair of a document's facet keys, how many documents hold both,
 * kept by every index write like the vocabulary's word counts (src/search/facet-counts.ts says
 * what a key is and why). Counted here from the documents already indexed.
 */
export class FacetCounts1765500000000 implements MigrationInterface {
  name = 'FacetCounts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_facet_count (
        cond text NOT NULL,
        facet text NOT NULL,
        docs integer NOT NULL,
        PRIMARY KEY (cond, facet)
      )
    `);
    await recountFacets(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE search_facet_count`);
  }
}
