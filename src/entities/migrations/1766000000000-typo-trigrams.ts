import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo candidates found through the rarest trigrams of the query word (src/search/typo.sql.ts).
 *
 * - `search_vocabulary.trigrams`: each word's trigrams as pg_trgm makes them (`show_trgm`),
 *   with a GIN index, in place of the `gin_trgm_ops` index: a lookup asks for the words holding
 *   any of a few chosen trigrams, which pg_trgm's similarity operator cannot express.
 * - `search_trigram`: how many vocabulary words hold each trigram, for the lookup to choose the
 *   rarest. A count only orders the choice, never decides a word, so it is refreshed as a whole
 *   now and then (`search_trigram_refresh`, `search_trigram_state`), not kept by every write.
 */
export class TypoTrigrams1766000000000 implements MigrationInterface {
  name = 'TypoTrigrams1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_vocabulary ADD COLUMN trigrams text[] GENERATED ALWAYS AS (show_trgm(word)) STORED`);
    await q.query(`CREATE INDEX search_vocabulary_trigrams ON search_vocabulary USING gin (trigrams)`);
    await q.query(`DROP INDEX search_vocabulary_trgm`);
    await q.query(`CREATE TABLE search_trigram (trgm text PRIMARY KEY, words integer NOT NULL)`);
    await q.query(`CREATE TABLE search_trigram_state (id boolean PRIMARY KEY DEFAULT true CHECK (id), refreshed_at timestamptz NOT NULL)`);
    await q.query(`INSERT INTO search_trigram (trgm, words) SELECT t, count(*) FROM search_vocabulary, unnest(trigrams) t GROUP BY t`);
    await q.query(`INSERT INTO search_trigram_state (refreshed_at) VALUES (now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE search_trigram_state`);
    await q.query(`DROP TABLE search_trigram`);
    await q.query(`CREATE INDEX search_vocabulary_trgm ON search_vocabulary USING gin (word gin_trgm_ops)`);
    await q.query(`DROP INDEX search_vocabulary_trigrams`);
    await q.query(`ALTER TABLE search_vocabulary DROP COLUMN trigrams`);
  }
}
