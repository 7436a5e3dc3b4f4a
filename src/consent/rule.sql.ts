/**
 * THE eligibility rule, the one live definition. `src/db/routines.ts` applies it after the
 * migrations whenever its text changes (drop and create in one transaction), so there is never a
 * second copy to keep in step. Everything that decides or predicts a listing reads it: the
 * indexer and the read path (`listable`), the portal ("why not": `reasons`, consent states), the
 * sign-up age check (`min_age_date`) and the sweep (`next_change_at`).
 *
 * Listable iff: DISCOVERY consent granted and not expired, at least `min_age` full years old on
 * the UTC date of `p_now`, status active, at least one public account (public: not private and
 * not a contested claim) and, when `p_requires_verified` (LISTING_REQUIRES_VERIFIED_ACCOUNT), at
 * least one of them verified and not expired (`p_verification_ttl_days`). Every reason a person
 * is not listable is given, so the portal can explain each one.
 */
import type { Routine } from '../db/routines';

export const ELIGIBILITY_RULE_SQL = `
-- The first UTC date on which someone born on p_birth is p_min_age years old: the day after
-- (the day before the birth date + p_min_age years), so that a 29 February birthday is reached on
-- 1 March in a common year, as age() counts it. Not STRICT, so the planner inlines it.
CREATE FUNCTION min_age_date(p_birth date, p_min_age integer) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT ((p_birth - 1) + make_interval(years => p_min_age))::date + 1
$fn$;

-- The latest consent event of one person for one purpose at p_now, and for a grant, until when
-- it holds. Inlined by the planner (a single-SELECT SQL function): one index probe.
CREATE FUNCTION latest_consent(p_influencer uuid, p_purpose consent_purpose, p_consent_ttl_days integer, p_now timestamptz)
RETURNS TABLE (action consent_action, granted_at timestamptz, expires_at timestamptz)
LANGUAGE sql STABLE AS $fn$
  SELECT e.action,
         CASE WHEN e.action = 'GRANT' THEN e.occurred_at END,
         CASE WHEN e.action = 'GRANT' THEN e.occurred_at + make_interval(days => p_consent_ttl_days) END
  FROM consent_event e
  WHERE e.influencer_id = p_influencer AND e.purpose = p_purpose AND e.occurred_at <= p_now
  ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1
$fn$;

-- Until when a verification made at p_verified_at holds, and whether one holds at p_now: the one
-- definition of a verification's expiry (the rule below, the owner's view of their accounts).
CREATE FUNCTION verification_expires_at(p_verified_at timestamptz, p_verification_ttl_days integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT p_verified_at + make_interval(days => p_verification_ttl_days)
$fn$;
CREATE FUNCTION verification_current(p_status verification_status, p_verified_at timestamptz, p_verification_ttl_days integer, p_now timestamptz)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT p_status = 'VERIFIED' AND coalesce(verification_expires_at(p_verified_at, p_verification_ttl_days) > p_now, false)
$fn$;

CREATE FUNCTION influencer_eligibility(p_min_age integer, p_consent_ttl_days integer, p_now timestamptz,
                                       p_requires_verified boolean DEFAULT false, p_verification_ttl_days integer DEFAULT 180)
RETURNS TABLE (
  influencer_id          uuid,
  listable               boolean,
  reasons                text[],
  -- the latest DISCOVERY / CONTACT event is a grant: when, until when, and whether it is current
  discovery_granted_at   timestamptz,
  discovery_expires_at   timestamptz,
  discovery_active       boolean,
  contact_granted_at     timestamptz,
  contact_expires_at     timestamptz,
  contact_active         boolean,
  -- listable and CONTACT current
  contactable            boolean,
  -- the next instant after p_now at which time alone can change any of the above (a consent
  -- expiring, the minimum age reached, a public account's verification expiring); NULL when only a write can
  next_change_at         timestamptz,
  -- the person's accounts whose verification holds at p_now (private ones included)
  verified_account_ids   uuid[]
)
LANGUAGE sql STABLE AS $fn$
  SELECT i.id,
         cardinality(r.reasons) = 0,
         r.reasons,
         d.granted_at, d.expires_at, coalesce(d.expires_at > p_now, false),
         c.granted_at, c.expires_at, coalesce(c.expires_at > p_now, false),
         cardinality(r.reasons) = 0 AND coalesce(c.expires_at > p_now, false),
         least(CASE WHEN d.expires_at > p_now THEN d.expires_at END,
               CASE WHEN c.expires_at > p_now THEN c.expires_at END,
               CASE WHEN a.adult_at > p_now THEN a.adult_at END,
               v.verification_ends_at),
         v.verified_ids
  FROM influencer i
  LEFT JOIN LATERAL latest_consent(i.id, 'DISCOVERY', p_consent_ttl_days, p_now) d ON true
  LEFT JOIN LATERAL latest_consent(i.id, 'CONTACT', p_consent_ttl_days, p_now) c ON true
  CROSS JOIN LATERAL (
    SELECT (min_age_date(i.birth_date, p_min_age)::timestamp AT TIME ZONE 'UTC') AS adult_at
  ) a
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(s.id) FILTER (WHERE s.current), '{}') AS verified_ids,
           coalesce(bool_or(s.public), false) AS any_public,
           coalesce(bool_or(s.public AND s.current), false) AS any_public_verified,
           min(verification_expires_at(s.verified_at, p_verification_ttl_days)) FILTER (WHERE s.public AND s.current) AS verification_ends_at
    FROM (SELECT x.id, x.verified_at, NOT x.is_private AND NOT x.contested AS public,
                 verification_current(x.verification_status, x.verified_at, p_verification_ttl_days, p_now) AS current
          FROM social_account x WHERE x.influencer_id = i.id) s
  ) v
  CROSS JOIN LATERAL (
    SELECT array_remove(ARRAY[
      CASE WHEN i.status = 'deleted' THEN 'ACCOUNT_DELETED' END,
      CASE WHEN i.status = 'suspended' THEN 'ACCOUNT_SUSPENDED' END,
      CASE
        WHEN d.action IS NULL THEN 'NO_DISCOVERY_CONSENT'
        WHEN d.action = 'WITHDRAW' THEN 'DISCOVERY_CONSENT_WITHDRAWN'
        WHEN d.expires_at <= p_now THEN 'DISCOVERY_CONSENT_EXPIRED'
      END,
      CASE WHEN a.adult_at > p_now THEN 'UNDER_MIN_AGE' END,
      CASE WHEN NOT v.any_public THEN 'NO_PUBLIC_ACCOUNT' END,
      CASE WHEN p_requires_verified AND v.any_public AND NOT v.any_public_verified THEN 'NO_VERIFIED_ACCOUNT' END
    ], NULL) AS reasons
  ) r
$fn$;
`;

/** What dropping the rule's functions takes (before they are created anew, return types may change). */
export const ELIGIBILITY_RULE_DROP_SQL = `
DROP FUNCTION IF EXISTS influencer_eligibility(integer, integer, timestamptz);
DROP FUNCTION IF EXISTS influencer_eligibility(integer, integer, timestamptz, boolean, integer);
DROP FUNCTION IF EXISTS verification_current(verification_status, timestamptz, integer, timestamptz);
DROP FUNCTION IF EXISTS verification_expires_at(timestamptz, integer);
DROP FUNCTION IF EXISTS min_age_date(date, integer);
DROP FUNCTION IF EXISTS latest_consent(uuid, consent_purpose, integer, timestamptz);
`;

/** The rule as a repeatable routine (src/db/routines.ts), applied after the migrations. */
export const ELIGIBILITY_ROUTINE: Routine = { name: 'eligibility-rule', drop: ELIGIBILITY_RULE_DROP_SQL, create: ELIGIBILITY_RULE_SQL };
