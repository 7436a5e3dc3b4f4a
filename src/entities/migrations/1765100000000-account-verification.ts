import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11's database side: who owns a social account.
 * - each account's verification (state, method, when; the one-time profile code; a pending OAuth
 *   sign-in's state and PKCE verifier) and where its follower count comes from;
 * - a *contested* claim: a handle someone else claimed without verification may be claimed again,
 *   hidden from agencies until verified (verifying removes the other claim);
 * - one public uncontested claim per handle (as before), and one VERIFIED claim per handle ever;
 * - `notice`: what the influencer is told in the portal (a claim of theirs removed by its owner);
 * - `search_document.verified`, for the `verifiedOnly` filter and facet.
 * Whether a verification is current (its TTL) is decided by the rule (src/consent/rule.sql.ts).
 */
export class AccountVerification1765100000000 implements MigrationInterface {
  name = 'AccountVerification1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE verification_status AS ENUM ('UNVERIFIED', 'PENDING', 'VERIFIED', 'REVOKED');
      CREATE TYPE verification_method AS ENUM ('PROFILE_CODE', 'OAUTH');
      CREATE TYPE followers_source AS ENUM ('SELF_REPORTED', 'PLATFORM');
      ALTER TABLE social_account
        ADD COLUMN verification_status verification_status NOT NULL DEFAULT 'UNVERIFIED',
        ADD COLUMN verification_method verification_method,
        ADD COLUMN verification_code text CHECK (verification_code ~ '^PERM-[A-Z0-9]{6,12}$'),
        ADD COLUMN revoked_reason text CHECK (revoked_reason IN ('HANDLE_CHANGED')),
        ADD COLUMN oauth_state text,
        ADD COLUMN oauth_verifier text,
        ADD COLUMN oauth_started_at timestamptz,
        ADD COLUMN contested boolean NOT NULL DEFAULT false,
        ADD COLUMN followers_source followers_source NOT NULL DEFAULT 'SELF_REPORTED',
        ADD COLUMN followers_updated_at timestamptz;
      UPDATE social_account SET followers_updated_at = connected_at,
        verification_status = CASE WHEN verified_at IS NOT NULL THEN 'VERIFIED'::verification_status ELSE 'UNVERIFIED' END,
        verification_method = CASE WHEN verified_at IS NOT NULL THEN 'PROFILE_CODE'::verification_method END;
      ALTER TABLE social_account ALTER COLUMN followers_updated_at SET NOT NULL,
        ALTER COLUMN followers_updated_at SET DEFAULT now(),
        ADD CONSTRAINT social_account_verified_has_date CHECK ((verification_status = 'VERIFIED') = (verified_at IS NOT NULL AND verification_method IS NOT NULL));
      DROP INDEX social_account_platform_handle;
      CREATE UNIQUE INDEX social_account_platform_handle ON social_account (platform, lower(handle)) WHERE NOT is_private AND NOT contested;
      CREATE UNIQUE INDEX social_account_verified_handle ON social_account (platform, lower(handle)) WHERE verification_status = 'VERIFIED';
      CREATE UNIQUE INDEX social_account_oauth_state ON social_account (oauth_state) WHERE oauth_state IS NOT NULL;

      CREATE TABLE notice (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        influencer_id uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        kind          text NOT NULL CHECK (kind IN ('CLAIM_REMOVED')),
        platform      platform,
        handle        text,
        created_at    timestamptz NOT NULL,
        read_at       timestamptz,
        seq           bigserial NOT NULL
      );
      CREATE INDEX notice_influencer ON notice (influencer_id, seq DESC);

      ALTER TABLE search_document ADD COLUMN verified boolean NOT NULL DEFAULT false;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE search_document DROP COLUMN verified;
      DROP TABLE notice;
      DROP INDEX social_account_oauth_state;
      DROP INDEX social_account_verified_handle;
      DROP INDEX social_account_platform_handle;
      DELETE FROM social_account WHERE contested;
      CREATE UNIQUE INDEX social_account_platform_handle ON social_account (platform, lower(handle)) WHERE NOT is_private;
      ALTER TABLE social_account DROP CONSTRAINT social_account_verified_has_date,
        DROP COLUMN verification_status, DROP COLUMN verification_method, DROP COLUMN verification_code,
        DROP COLUMN revoked_reason, DROP COLUMN oauth_state, DROP COLUMN oauth_verifier, DROP COLUMN oauth_started_at,
        DROP COLUMN contested, DROP COLUMN followers_source, DROP COLUMN followers_updated_at;
      DROP TYPE followers_source;
      DROP TYPE verification_method;
      DROP TYPE verification_status;
    `);
  }
}
