import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `contactable` was NULL (not false) for a listable person with no CONTACT event at all, which
 * the search document refused. Same rule otherwise; the function is replaced in place.
 */
export class ContactableNotNull1764200000000 implements MigrationInterface {
  name = 'ContactableNotNull1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION influencer_eligibility(p_min_age integer, p_consent_ttl_days integer, p_now timestamptz)
      RETURNS TABLE (
        influencer_id          uuid,
        listable               boolean,
        reasons                text[],
        discovery_granted_at   timestamptz,
        discovery_expires_at   timestamptz,
        contactable            boolean
      )
      LANGUAGE sql STABLE AS $fn$
        SELECT i.id,
               cardinality(r.reasons) = 0,
               r.reasons,
               CASE WHEN d.action = 'GRANT' THEN d.occurred_at END,
               CASE WHEN d.action = 'GRANT' THEN d.occurred_at + make_interval(days => p_consent_ttl_days) END,
               coalesce(cardinality(r.reasons) = 0 AND c.action = 'GRANT'
                 AND c.occurred_at + make_interval(days => p_consent_ttl_days) > p_now, false)
        FROM influencer i
        LEFT JOIN LATERAL (
          SELECT e.action, e.occurred_at FROM consent_event e
          WHERE e.influencer_id = i.id AND e.purpose = 'DISCOVERY' AND e.occurred_at <= p_now
          ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1
        ) d ON true
        LEFT JOIN LATERAL (
          SELECT e.action, e.occurred_at FROM consent_event e
          WHERE e.influencer_id = i.id AND e.purpose = 'CONTACT' AND e.occurred_at <= p_now
          ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1
        ) c ON true
        CROSS JOIN LATERAL (
          SELECT array_remove(ARRAY[
            CASE WHEN i.status = 'deleted' THEN 'ACCOUNT_DELETED' END,
            CASE WHEN i.status = 'suspended' THEN 'ACCOUNT_SUSPENDED' END,
            CASE
              WHEN d.action IS NULL THEN 'NO_DISCOVERY_CONSENT'
              WHEN d.action = 'WITHDRAW' THEN 'DISCOVERY_CONSENT_WITHDRAWN'
              WHEN d.occurred_at + make_interval(days => p_consent_ttl_days) <= p_now THEN 'DISCOVERY_CONSENT_EXPIRED'
            END,
            CASE WHEN extract(year FROM age((p_now AT TIME ZONE 'UTC')::date, i.birth_date)) < p_min_age
                 THEN 'UNDER_MIN_AGE' END,
            CASE WHEN NOT EXISTS (
                   SELECT 1 FROM social_account s WHERE s.influencer_id = i.id AND NOT s.is_private)
                 THEN 'NO_PUBLIC_ACCOUNT' END
          ], NULL) AS reasons
        ) r
      $fn$;
    `);
  }

  async down(): Promise<void> {
    // The previous definition differed only by returning NULL instead of false; nothing to undo.
  }
}
