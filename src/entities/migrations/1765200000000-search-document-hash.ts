import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `source_hash`: what each search document was built from (the document and the statement that
 * builds it, see PostgresSearchEngine.upsert). A write of the same document again is skipped, so
 * a full reindex of an index that is right reads, and writes only what changed.
 */
export class SearchDocumentHash1765200000000 implements MigrationInterface {
  name = 'SearchDocumentHash1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_document ADD COLUMN source_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_document DROP COLUMN source_hash`);
  }
}
