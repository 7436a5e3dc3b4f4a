import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10's database side:
 * - API key scopes (`search`, `shortlists`, `contact`); every existing key keeps all three;
 * - shortlists and their entries (an entry goes with the influencer: erasure cascades);
 * - contact requests, one open (PENDING) request per agency and influencer, enforced here;
 * - `profile_activity`, the record the influencer reads ("who looked"): views, shortlisting,
 *   contact requests as events, search appearances as one row per influencer, agency and UTC day
 *   (a unique partial index, so a batch flush adds to the day's count with ON CONFLICT).
 * Shortlists and requests alter nothing an agency sees of the person: no outbox triggers.
 */
export class AgencyWorkflows1764900000000 implements MigrationInterface {
  name = 'AgencyWorkflows1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_key ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['search', 'shortlists', 'contact']
        CHECK (scopes <@ ARRAY['search', 'shortlists', 'contact']);

      CREATE TABLE shortlist (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id  uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        created_at timestamptz NOT NULL DEFAULT now(),
        seq        bigserial NOT NULL
      );
      CREATE INDEX shortlist_agency ON shortlist (agency_id, seq);

      CREATE TABLE shortlist_entry (
        shortlist_id  uuid NOT NULL REFERENCES shortlist(id) ON DELETE CASCADE,
        influencer_id uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        note          text CHECK (length(note) <= 1000),
        added_at      timestamptz NOT NULL DEFAULT now(),
        seq           bigserial NOT NULL,
        PRIMARY KEY (shortlist_id, influencer_id)
      );
      CREATE UNIQUE INDEX shortlist_entry_order ON shortlist_entry (shortlist_id, seq);
      CREATE INDEX shortlist_entry_influencer ON shortlist_entry (influencer_id);

      CREATE TYPE contact_request_status AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED');
      CREATE TABLE contact_request (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id     uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        influencer_id uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        brief         text NOT NULL CHECK (length(btrim(brief)) BETWEEN 1 AND 5000),
        budget_range  text CHECK (length(budget_range) <= 100),
        deadline      date,
        status        contact_request_status NOT NULL DEFAULT 'PENDING',
        reply         text CHECK (length(reply) <= 2000),
        created_at    timestamptz NOT NULL,
        decided_at    timestamptz,
        seq           bigserial NOT NULL
      );
      CREATE UNIQUE INDEX contact_request_one_open ON contact_request (agency_id, influencer_id) WHERE status = 'PENDING';
      CREATE INDEX contact_request_influencer ON contact_request (influencer_id, seq);
      CREATE INDEX contact_request_agency ON contact_request (agency_id, seq);

      CREATE TYPE profile_activity_kind AS ENUM ('VIEWED', 'SHORTLISTED', 'UNSHORTLISTED', 'CONTACT_REQUESTED', 'SEARCH_APPEARANCES');
      CREATE TABLE profile_activity (
        id            bigserial PRIMARY KEY,
        influencer_id uuid NOT NULL REFERENCES influencer(id) ON DELETE CASCADE,
        agency_id     uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        kind          profile_activity_kind NOT NULL,
        occurred_at   timestamptz NOT NULL,
        -- search appearances: the UTC day and how many times that day (events: NULL and 1)
        day           date CHECK ((kind = 'SEARCH_APPEARANCES') = (day IS NOT NULL)),
        count         integer NOT NULL DEFAULT 1 CHECK (count >= 1)
      );
      CREATE UNIQUE INDEX profile_activity_appearances ON profile_activity (influencer_id, agency_id, day) WHERE kind = 'SEARCH_APPEARANCES';
      CREATE INDEX profile_activity_newest ON profile_activity (influencer_id, occurred_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE profile_activity;
      DROP TYPE profile_activity_kind;
      DROP TABLE contact_request;
      DROP TYPE contact_request_status;
      DROP TABLE shortlist_entry;
      DROP TABLE shortlist;
      ALTER TABLE api_key DROP COLUMN scopes;
    `);
  }
}
