import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search appearances counted in place. Every flush (src/activity/activity.service.ts) adds to the
 * day's row of tens of thousands of (influencer, agency) pairs under search load, and each of
 * those updates also moved `occurred_at` (the latest appearance), which `profile_activity_newest`
 * indexed: every update wrote a new entry into all three indexes.
 *
 * Now no index holds a column a flush changes (`count`, `occurred_at`), and pages keep a fifth
 * free, so PostgreSQL updates a row on its own page without touching any index (a HOT update).
 * The record is still read newest first: a person's rows (from `profile_activity_person`) are
 * few enough to sort when read.
 */
export class AppearancesInPlace1765800000000 implements MigrationInterface {
  name = 'AppearancesInPlace1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE profile_activity SET (fillfactor = 80)`);
    await q.query(`CREATE INDEX profile_activity_person ON profile_activity (influencer_id)`);
    await q.query(`DROP INDEX profile_activity_newest`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX profile_activity_newest ON profile_activity (influencer_id, occurred_at DESC, id DESC)`);
    await q.query(`DROP INDEX profile_activity_person`);
    await q.query(`ALTER TABLE profile_activity RESET (fillfactor)`);
  }
}
