import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN index on `search_document.words` found the documents that still held a word when a
 * document left (to clean the vocabulary). Since `search_vocabulary.docs` counts them
 * (VocabularyCounts1765300000000) no statement reads it, and every index write still paid for it:
 * some 30 posting-list entries per document.
 */
export class DropWordsIndex1765600000000 implements MigrationInterface {
  name = 'DropWordsIndex1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS search_document_words`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS search_document_words ON search_document USING gin (words)`);
  }
}
