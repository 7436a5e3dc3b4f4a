import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `doc` copy of each search document was never read (the read path loads fresh data through
 * the eligibility rule) and made every row about twice as wide, slowing the facet scans. Data
 * minimisation agrees: keep only what searching needs.
 */
export class SearchDocumentSlim1764400000000 implements MigrationInterface {
  name = 'SearchDocumentSlim1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_document DROP COLUMN doc;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_document ADD COLUMN doc jsonb NOT NULL DEFAULT '{}'::jsonb;`);
  }
}
