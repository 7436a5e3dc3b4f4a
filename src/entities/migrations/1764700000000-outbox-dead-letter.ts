import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters: an outbox event whose document failed `OUTBOX_MAX_ATTEMPTS` times on its own
 * (the engine up, the others in its batch applied) stops being retried and waits for an
 * operator (`npm run cli -- outbox:retry`). `/metrics` and `reindex --verify` report them.
 */
export class OutboxDeadLetter1764700000000 implements MigrationInterface {
  name = 'OutboxDeadLetter1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_event ADD COLUMN dead_at timestamptz;
      DROP INDEX outbox_event_available;
      CREATE INDEX outbox_event_available ON outbox_event (available_at, id) WHERE dead_at IS NULL;
      CREATE INDEX outbox_event_dead ON outbox_event (id) WHERE dead_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX outbox_event_dead;
      DROP INDEX outbox_event_available;
      CREATE INDEX outbox_event_available ON outbox_event (available_at, id);
      ALTER TABLE outbox_event DROP COLUMN dead_at;
    `);
  }
}
