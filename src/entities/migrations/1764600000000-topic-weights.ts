import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-topic relevance: each document keeps the influencer's own weight per topic (groups
 * included, as heavy as their heaviest topic), so that a topic filter without text lists those
 * most about the topic first. Documents already indexed get their weights from the source
 * tables here, so no reindex is needed.
 */
export class TopicWeights1764600000000 implements MigrationInterface {
  name = 'TopicWeights1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE search_document ADD COLUMN topic_weights jsonb NOT NULL DEFAULT '{}'::jsonb;
      UPDATE search_document d SET topic_weights = coalesce((
        SELECT jsonb_object_agg(x.slug, x.w) FROM (
          SELECT s.slug, max(it.weight)::float8 AS w
          FROM influencer_topic it
          JOIN topic t ON t.slug = it.topic_slug
          CROSS JOIN LATERAL (VALUES (t.slug), (t.parent_slug)) s(slug)
          WHERE it.influencer_id = d.id AND s.slug IS NOT NULL
          GROUP BY s.slug) x), '{}'::jsonb);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_document DROP COLUMN topic_weights;`);
  }
}
