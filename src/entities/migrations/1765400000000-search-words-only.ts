import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents written before the index split text into words the way a query does kept tokens such
 * as "lena.moves" whole (PostgreSQL's parser reads them as host names), so searching that handle
 * found nobody. Each such token becomes its words, with the same weights and as often: the
 * ranking is that of a fresh write. (A `reindex` rewrites every document anyway: the source hash
 * covers the statement that builds it.)
 */
export class SearchWordsOnly1765400000000 implements MigrationInterface {
  name = 'SearchWordsOnly1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE search_document d SET tsv = t.tsv
        FROM (SELECT s.id,
                     setweight(to_tsvector('simple', regexp_replace(coalesce(string_agg(u.lexeme, ' ') FILTER (WHERE u.w = 'A'), ''), '[^[:alnum:]]+', ' ', 'g')), 'A')
                     || setweight(to_tsvector('simple', regexp_replace(coalesce(string_agg(u.lexeme, ' ') FILTER (WHERE u.w = 'B'), ''), '[^[:alnum:]]+', ' ', 'g')), 'B')
                     || setweight(to_tsvector('simple', regexp_replace(coalesce(string_agg(u.lexeme, ' ') FILTER (WHERE u.w = 'C'), ''), '[^[:alnum:]]+', ' ', 'g')), 'C')
                     || setweight(to_tsvector('simple', regexp_replace(coalesce(string_agg(u.lexeme, ' ') FILTER (WHERE u.w = 'D'), ''), '[^[:alnum:]]+', ' ', 'g')), 'D') AS tsv
              FROM search_document s
              CROSS JOIN LATERAL (SELECT x.lexeme, w FROM unnest(s.tsv) x, unnest(x.weights) w) u
              WHERE EXISTS (SELECT 1 FROM unnest(s.tsv) x WHERE x.lexeme ~ '[^[:alnum:]]')
              GROUP BY s.id) t
       WHERE d.id = t.id
    `);
  }

  async down(): Promise<void> {
    // the split tokens are what a search needs; there is nothing to undo
  }
}
