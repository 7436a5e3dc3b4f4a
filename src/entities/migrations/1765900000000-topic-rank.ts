import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `search_topic_rank`: each indexed document's place in the order of every topic it holds (its
 * weight for the topic, then its followers), so that a search filtered by topics and ranked by
 * RELEVANCE without text walks a topic's order and stops when the page is full, instead of
 * reading and sorting every document of the topics (100 ms for two broad topics at 100,000).
 *
 * Kept by triggers on `search_document`, set-based over each statement's rows: every write of the
 * index, whichever path makes it (an upsert, a withdrawal's removal in its own transaction, a
 * deletion), moves the ranks with it in the same transaction. A rank without its document is
 * never read (the walk joins the document), and `clear()` truncates both.
 */
export class TopicRank1765900000000 implements MigrationInterface {
  name = 'TopicRank1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_topic_rank (
        id uuid NOT NULL,
        topic text NOT NULL,
        weight float8 NOT NULL,
        total_followers bigint NOT NULL
      )
    `);
    await q.query(`
      CREATE FUNCTION search_topic_rank_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_topic_rank r USING old_rows o WHERE r.id = o.id;
        ELSIF TG_OP = 'UPDATE' THEN
          -- only the rows whose order keys changed
          DELETE FROM search_topic_rank r USING old_rows o JOIN new_rows n ON n.id = o.id
          WHERE r.id = o.id AND (n.topic_weights IS DISTINCT FROM o.topic_weights OR n.total_followers IS DISTINCT FROM o.total_followers);
          INSERT INTO search_topic_rank (id, topic, weight, total_followers)
          SELECT n.id, w.key, w.value::float8, n.total_followers
          FROM new_rows n JOIN old_rows o ON o.id = n.id, jsonb_each_text(n.topic_weights) w
          WHERE n.topic_weights IS DISTINCT FROM o.topic_weights OR n.total_followers IS DISTINCT FROM o.total_followers;
        ELSE
          INSERT INTO search_topic_rank (id, topic, weight, total_followers)
          SELECT n.id, w.key, w.value::float8, n.total_followers FROM new_rows n, jsonb_each_text(n.topic_weights) w;
        END IF;
        RETURN NULL;
      END
      $fn$
    `);
    await q.query(`CREATE TRIGGER search_topic_rank_insert AFTER INSERT ON search_document REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION search_topic_rank_sync()`);
    await q.query(`CREATE TRIGGER search_topic_rank_update AFTER UPDATE ON search_document REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION search_topic_rank_sync()`);
    await q.query(`CREATE TRIGGER search_topic_rank_delete AFTER DELETE ON search_document REFERENCING OLD TABLE AS old_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION search_topic_rank_sync()`);
    // The documents already indexed (the migration's transaction holds off every other write
    // from the triggers' creation on), then the keys: an index built over the filled table sorts
    // once, where one kept row by row took 2.6 times as long (1,000,000 documents, 3.3 million
    // rows: 12 s against 31 s of an upgrade's start-up, BENCHMARKS.md).
    await q.query(`
      INSERT INTO search_topic_rank (id, topic, weight, total_followers)
      SELECT d.id, w.key, w.value::float8, d.total_followers FROM search_document d, jsonb_each_text(d.topic_weights) w
    `);
    await q.query(`ALTER TABLE search_topic_rank ADD PRIMARY KEY (id, topic)`);
    // the order of RELEVANCE with topics (postgres.engine.ts orderBy): weight, followers, id
    await q.query(`CREATE INDEX search_topic_rank_order ON search_topic_rank (topic, weight DESC NULLS LAST, total_followers DESC, id)`);
    await q.query(`ANALYZE search_topic_rank`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_topic_rank_insert ON search_document`);
    await q.query(`DROP TRIGGER search_topic_rank_update ON search_document`);
    await q.query(`DROP TRIGGER search_topic_rank_delete ON search_document`);
    await q.query(`DROP FUNCTION search_topic_rank_sync()`);
    await q.query(`DROP TABLE search_topic_rank`);
  }
}
