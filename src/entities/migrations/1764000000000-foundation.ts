import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema. Constraints live in the database, not only in code: the application
 * is one client of it among the CLI, tests and any future worker.
 *
 * - The eligibility rule is not here: it is a routine (src/consent/rule.sql.ts), applied after
 *   the migrations by src/db/routines.ts whenever its text changes.
 * - Triggers write an outbox row in the same transaction as every change that can alter what an
 *   agency sees, so no code path can forget it; NOTIFY wakes indexers after commit.
 * - The consent ledger is append-only: updates are refused always, deletes unless the
 *   transaction is an erasure (`SET LOCAL permission.erasure = 'on'`).
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS citext;
      CREATE EXTENSION IF NOT EXISTS pgcrypto;
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE EXTENSION IF NOT EXISTS unaccent;

      CREATE TYPE influencer_status AS ENUM ('active', 'suspended', 'deleted');
      CREATE TYPE platform AS ENUM ('INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'X', 'TWITCH', 'LINKEDIN', 'PINTEREST', 'BLOG');
      CREATE TYPE consent_purpose AS ENUM ('DISCOVERY', 'CONTACT');
      CREATE TYPE consent_action AS ENUM ('GRANT', 'WITHDRAW');

      CREATE TABLE influencer (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email         citext NOT NULL UNIQUE
                      CHECK (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'),
        password_hash text NOT NULL,
        display_name  text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 80),
        bio           text NOT NULL DEFAULT '' CHECK (length(bio) <= 1000),
        birth_date    date NOT NULL CHECK (birth_date >= DATE '1900-01-01'),
        country       char(2) CHECK (country ~ '^[A-Z]{2}$'),
        city          text CHECK (length(city) <= 100),
        languages     text[] NOT NULL DEFAULT '{}'
                      CHECK (cardinality(languages) <= 10 AND array_to_string(languages, ',') ~ '^([a-z]{2}(,[a-z]{2})*)?$'),
        status        influencer_status NOT NULL DEFAULT 'active',
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE social_account (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        influencer_id   uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        platform        platform NOT NULL,
        handle          text NOT NULL CHECK (handle ~ '^[A-Za-z0-9._-]{1,64}$'),
        url             text CHECK (length(url) <= 500 AND url ~ '^https?://'),
        followers       integer NOT NULL CHECK (followers >= 0),
        engagement_rate numeric(7,6) CHECK (engagement_rate >= 0 AND engagement_rate <= 1),
        is_private      boolean NOT NULL DEFAULT false,
        connected_at    timestamptz NOT NULL DEFAULT now(),
        verified_at     timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX social_account_platform_handle ON social_account (platform, lower(handle));
      CREATE INDEX social_account_influencer ON social_account (influencer_id);

      CREATE TABLE topic (
        slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        parent_slug text REFERENCES topic(slug) ON DELETE RESTRICT ON UPDATE CASCADE,
        CHECK (parent_slug IS DISTINCT FROM slug)
      );

      CREATE TABLE influencer_topic (
        influencer_id uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        topic_slug    text NOT NULL REFERENCES topic(slug) ON DELETE RESTRICT ON UPDATE CASCADE,
        weight        numeric(3,2) NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 1),
        PRIMARY KEY (influencer_id, topic_slug)
      );
      CREATE INDEX influencer_topic_topic ON influencer_topic (topic_slug);

      CREATE TABLE consent_event (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq               bigserial NOT NULL UNIQUE,
        influencer_id     uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        purpose           consent_purpose NOT NULL,
        action            consent_action NOT NULL,
        terms_version     text NOT NULL CHECK (length(terms_version) BETWEEN 1 AND 40),
        occurred_at       timestamptz NOT NULL DEFAULT now(),
        source            text NOT NULL CHECK (source IN ('portal', 'api', 'operator', 'seed')),
        jurisdiction      text,
        collection_method text NOT NULL DEFAULT 'web form, explicit opt-in'
      );
      CREATE INDEX consent_event_latest ON consent_event (influencer_id, purpose, occurred_at DESC, seq DESC);

      CREATE FUNCTION consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('permission.erasure', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'consent_event is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $fn$;
      CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
        FOR EACH ROW EXECUTE FUNCTION consent_event_append_only();
      CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_event
        FOR EACH STATEMENT EXECUTE FUNCTION consent_event_append_only();

      CREATE TABLE agency (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_key (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id    uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        prefix       text NOT NULL UNIQUE,
        key_hash     text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      );

      CREATE TABLE session (
        token_hash    text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        influencer_id uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      );
      CREATE INDEX session_influencer ON session (influencer_id);

      -- Jobs carry ids, never data: the indexer re-reads the influencer through the rule.
      CREATE TABLE outbox_event (
        id            bigserial PRIMARY KEY,
        influencer_id uuid NOT NULL,
        reason        text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        available_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_error    text
      );
      CREATE INDEX outbox_event_available ON outbox_event (available_at, id);

      CREATE FUNCTION outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        row_new jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
        row_old jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        subject uuid;
      BEGIN
        -- An update that changes nothing an agency could see (a password, a timestamp) is no event.
        IF TG_OP = 'UPDATE' AND (row_new - 'password_hash' - 'updated_at') = (row_old - 'password_hash' - 'updated_at') THEN
          RETURN NULL;
        END IF;
        subject := (COALESCE(row_new, row_old) ->> CASE WHEN TG_TABLE_NAME = 'influencer' THEN 'id' ELSE 'influencer_id' END)::uuid;
        INSERT INTO outbox_event (influencer_id, reason) VALUES (subject, TG_TABLE_NAME || '.' || lower(TG_OP));
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER influencer_outbox AFTER INSERT OR UPDATE OR DELETE ON influencer
        FOR EACH ROW EXECUTE FUNCTION outbox_capture();
      CREATE TRIGGER social_account_outbox AFTER INSERT OR UPDATE OR DELETE ON social_account
        FOR EACH ROW EXECUTE FUNCTION outbox_capture();
      CREATE TRIGGER influencer_topic_outbox AFTER INSERT OR UPDATE OR DELETE ON influencer_topic
        FOR EACH ROW EXECUTE FUNCTION outbox_capture();
      CREATE TRIGGER consent_event_outbox AFTER INSERT ON consent_event
        FOR EACH ROW EXECUTE FUNCTION outbox_capture();

    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS outbox_event, session, api_key, agency, consent_event, influencer_topic, topic, social_account, influencer CASCADE;
      DROP FUNCTION IF EXISTS outbox_capture(), consent_event_append_only();
      DROP TYPE IF EXISTS consent_action, consent_purpose, platform, influencer_status;
    `);
  }
}
