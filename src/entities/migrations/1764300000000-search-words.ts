import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo tolerance by edit distance, per query word (as Meilisearch does it: none below 5 letters,
 * one from 5, two from 9), instead of one trigram similarity over the whole query, which let a
 * multi-word query match documents holding only some of its words.
 * `words` holds the document's distinct folded words, checked with levenshtein_less_equal once
 * the trigram index has narrowed the candidates.
 */
export class SearchWords1764300000000 implements MigrationInterface {
  name = 'SearchWords1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
      ALTER TABLE search_document ADD COLUMN words text[] NOT NULL DEFAULT '{}';
      UPDATE search_document SET words = ARRAY(
        SELECT DISTINCT w FROM regexp_split_to_table(search_text, '[^[:alnum:]]+') w WHERE w <> '');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_document DROP COLUMN words;`);
  }
}
