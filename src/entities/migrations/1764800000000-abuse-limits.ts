import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8's database side:
 * - `rate_limit`: the store of rate-limiter-flexible's PostgreSQL limiters (one budget for every
 *   api process; keys are hashes, never emails); expired rows are swept by the library.
 * - a plausible follower count per account (at most a billion);
 * - a handle is unique among public accounts only: someone's private account neither blocks
 *   nor reveals itself to another person connecting the same handle;
 * - `profile_updated_at`: when something agencies see of the person last changed (their public
 *   fields here, topics set by the service); `updated_at` also moves for private things.
 */
export class AbuseLimits1764800000000 implements MigrationInterface {
  name = 'AbuseLimits1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit (
        key    varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );
      CREATE INDEX rate_limit_expire ON rate_limit (expire);

      ALTER TABLE social_account ADD CONSTRAINT social_account_followers_max CHECK (followers <= 1000000000);
      DROP INDEX social_account_platform_handle;
      CREATE UNIQUE INDEX social_account_platform_handle ON social_account (platform, lower(handle)) WHERE NOT is_private;
      -- lookups by handle whatever the privacy (the seed's collision check, a contested handle)
      CREATE INDEX social_account_handle ON social_account (platform, lower(handle));

      ALTER TABLE influencer ADD COLUMN profile_updated_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE influencer DISABLE TRIGGER influencer_outbox;
      UPDATE influencer SET profile_updated_at = updated_at;
      ALTER TABLE influencer ENABLE TRIGGER influencer_outbox;
      CREATE FUNCTION influencer_profile_touched() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF (NEW.display_name, NEW.bio, NEW.country, NEW.city, NEW.languages)
           IS DISTINCT FROM (OLD.display_name, OLD.bio, OLD.country, OLD.city, OLD.languages) THEN
          NEW.profile_updated_at := greatest(NEW.profile_updated_at, clock_timestamp());
        END IF;
        RETURN NEW;
      END
      $fn$;
      CREATE TRIGGER influencer_profile_touched BEFORE UPDATE ON influencer
        FOR EACH ROW EXECUTE FUNCTION influencer_profile_touched();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER influencer_profile_touched ON influencer;
      DROP FUNCTION influencer_profile_touched();
      ALTER TABLE influencer DROP COLUMN profile_updated_at;
      DROP INDEX social_account_handle;
      DROP INDEX social_account_platform_handle;
      CREATE UNIQUE INDEX social_account_platform_handle ON social_account (platform, lower(handle));
      ALTER TABLE social_account DROP CONSTRAINT social_account_followers_max;
      DROP TABLE rate_limit;
    `);
  }
}
