import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `search_vocabulary.docs`: how many documents hold each word, kept by every index write. A word
 * leaves the vocabulary when its count reaches 0, instead of asking the documents' GIN index for
 * every word of a withdrawn person (its posting lists: 100-300 ms per withdrawal at 100,000).
 */
export class VocabularyCounts1765300000000 implements MigrationInterface {
  name = 'VocabularyCounts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE search_vocabulary ADD COLUMN docs integer NOT NULL DEFAULT 0;
      UPDATE search_vocabulary v SET docs = c.n
        FROM (SELECT w, count(*)::int AS n FROM search_document, unnest(words) w GROUP BY w) c
        WHERE c.w = v.word;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_vocabulary DROP COLUMN docs`);
  }
}
