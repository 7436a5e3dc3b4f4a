import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo tolerance through a vocabulary: the distinct words of all documents, with a trigram
 * index. A query word is expanded into the vocabulary words within its edit-distance budget,
 * and documents are then found through the tsvector index like any other word. Checking
 * word_similarity() against each candidate document's whole text instead cost ~0.2 ms per
 * candidate (a typo'd common word took ~600 ms at 100,000 documents).
 * The vocabulary holds words of names too, so it is personal data: the engine removes a word as
 * soon as no document holds it (found through the GIN index on search_document.words).
 */
export class SearchVocabulary1764500000000 implements MigrationInterface {
  name = 'SearchVocabulary1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_vocabulary (word text PRIMARY KEY);
      CREATE INDEX search_vocabulary_trgm ON search_vocabulary USING gin (word gin_trgm_ops);
      CREATE INDEX search_document_words ON search_document USING gin (words);
      INSERT INTO search_vocabulary (word) SELECT DISTINCT w FROM search_document d, unnest(d.words) w;
      DROP INDEX IF EXISTS search_document_trgm;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE search_vocabulary;
      DROP INDEX search_document_words;
      CREATE INDEX search_document_trgm ON search_document USING gin (search_text gin_trgm_ops);
    `);
  }
}
