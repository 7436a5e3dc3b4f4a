import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys are cached in each api process's memory (src/auth/auth.service.ts). Whatever changes
 * what a key grants (revoked, its scopes, its agency renamed or deleted) announces it on the
 * `api_key` channel when it commits, from the database itself: so a revocation by any process,
 * the CLI or an operator's psql reaches every process's cache. The once-a-minute `last_used_at`
 * write is not such a change and stays silent.
 */
export class ApiKeyNotify1765150000000 implements MigrationInterface {
  name = 'ApiKeyNotify1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'agency' THEN
          PERFORM pg_notify('api_key', 'agency:' || OLD.id::text);
        ELSE
          PERFORM pg_notify('api_key', OLD.key_hash);
        END IF;
        RETURN NULL;
      END $$;
      DROP TRIGGER IF EXISTS api_key_changed ON api_key;
      DROP TRIGGER IF EXISTS agency_changed ON agency;
      CREATE TRIGGER api_key_changed AFTER UPDATE OF revoked_at, scopes, key_hash, agency_id, prefix OR DELETE ON api_key
        FOR EACH ROW EXECUTE FUNCTION api_key_changed();
      CREATE TRIGGER agency_changed AFTER UPDATE OF name, id OR DELETE ON agency
        FOR EACH ROW EXECUTE FUNCTION api_key_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER agency_changed ON agency;
      DROP TRIGGER api_key_changed ON api_key;
      DROP FUNCTION api_key_changed();
    `);
  }
}
