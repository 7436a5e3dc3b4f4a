import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `postgres` search engine's index: a projection table, written only by the indexer from
 * sanitized documents. No foreign key to influencer on purpose: like any engine's index it may
 * lag the source of truth for a moment, and the read path re-checks the rule anyway.
 */
export class SearchDocument1764100000000 implements MigrationInterface {
  name = 'SearchDocument1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- unaccent() is only STABLE (it reads its dictionary); pinning the dictionary makes it
      -- safe to use in stored and indexed expressions.
      CREATE FUNCTION search_fold(t text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $fn$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $fn$;

      CREATE TABLE search_document (
        id              uuid PRIMARY KEY,
        doc             jsonb NOT NULL,
        country         text,
        languages       text[] NOT NULL,
        topic_slugs     text[] NOT NULL,
        platforms       text[] NOT NULL,
        total_followers bigint NOT NULL,
        engagement_rate double precision NOT NULL,
        contactable     boolean NOT NULL,
        updated_at      timestamptz NOT NULL,
        -- folded (lower case, no accents) name, handles, topics and bio: typo tolerance by trigrams
        search_text     text NOT NULL,
        -- weights: name and handles A, topics B, bio C
        tsv             tsvector NOT NULL
      );
      CREATE INDEX search_document_tsv ON search_document USING gin (tsv);
      CREATE INDEX search_document_trgm ON search_document USING gin (search_text gin_trgm_ops);
      CREATE INDEX search_document_topics ON search_document USING gin (topic_slugs);
      CREATE INDEX search_document_platforms ON search_document USING gin (platforms);
      CREATE INDEX search_document_languages ON search_document USING gin (languages);
      CREATE INDEX search_document_country ON search_document (country);
      CREATE INDEX search_document_followers ON search_document (total_followers DESC, id);
      CREATE INDEX search_document_engagement ON search_document (engagement_rate DESC, id);
      CREATE INDEX search_document_updated ON search_document (updated_at DESC, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS search_document; DROP FUNCTION IF EXISTS search_fold(text);`);
  }
}
