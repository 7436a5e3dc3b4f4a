/**
 * Everything Permission holds about one influencer, as one JSON document (GDPR Art. 15 and 20).
 * Every table that references an influencer is read here; a test compares this list with the
 * database's own foreign keys, so a new table cannot be forgotten silently.
 */
import type { App } from '../app';
import { REASON_EXPLANATIONS } from '../consent/eligibility';

/** Tables holding a person's rows, by the column naming them. */
export const PERSONAL_TABLES = [
  'influencer', 'social_account', 'influencer_topic', 'consent_event', 'session', 'search_document', 'outbox_event',
  'profile_activity', 'shortlist_entry', 'contact_request', 'notice',
] as const;

export const EXPORT_FORMAT = 'permission-export/1';

export async function exportMyData(app: App, influencerId: string): Promise<Record<string, unknown> | null> {
  const q = <T>(sql: string): Promise<T[]> => app.ds.query(sql, [influencerId]);
  const [person] = await q<Record<string, unknown>>(
    `SELECT id, email, display_name AS "displayName", bio, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", country, city,
            languages, upper(status::text) AS status, created_at AS "createdAt", updated_at AS "updatedAt"
     FROM influencer WHERE id = $1`,
  );
  if (!person) return null;
  const [accounts, topics, ledger, sessions, indexed, pending, states, verdict, activity, shortlisted, contactRequests, notices] = await Promise.all([
    // a pending OAuth sign-in's state and PKCE verifier are one-use secrets, not data about you
    q(`SELECT id, platform, handle, url, followers, engagement_rate::float8 AS "engagementRate", is_private AS "isPrivate",
              connected_at AS "connectedAt", verification_status AS "verificationStatus", verification_method AS "verificationMethod",
              verified_at AS "verifiedAt", verification_code AS "verificationCode", revoked_reason AS "revokedReason", contested,
              followers_source AS "followersSource", followers_updated_at AS "followersUpdatedAt", updated_at AS "updatedAt"
       FROM social_account WHERE influencer_id = $1 ORDER BY connected_at, id`),
    q(`SELECT t.topic_slug AS slug, tp.name, t.weight::float8 AS weight
       FROM influencer_topic t JOIN topic tp ON tp.slug = t.topic_slug WHERE t.influencer_id = $1 ORDER BY t.weight DESC, t.topic_slug`),
    q<{ id: string; action: string }>(
      `SELECT id, purpose, action, terms_version AS "termsVersion", occurred_at AS "occurredAt", source, jurisdiction,
              collection_method AS "collectionMethod"
       FROM consent_event WHERE influencer_id = $1 ORDER BY occurred_at, seq`,
    ),
    // the token itself is never stored; only that a session exists, and until when
    q(`SELECT created_at AS "createdAt", expires_at AS "expiresAt" FROM session WHERE influencer_id = $1 ORDER BY created_at`),
    q(`SELECT country, languages, topic_slugs AS "topicSlugs", platforms, total_followers::float8 AS "totalFollowers",
              engagement_rate AS "engagementRate", contactable, verified, updated_at AS "updatedAt", search_text AS "searchText"
       FROM search_document WHERE id = $1`),
    q(`SELECT reason, created_at AS "createdAt" FROM outbox_event WHERE influencer_id = $1 ORDER BY id`),
    app.consent.states(app.ds, influencerId),
    app.rule.evaluateOne(app.ds, influencerId),
    app.activity.activityFor(influencerId),
    // which agency keeps you on which list, with its note about you
    q(`SELECT a.name AS agency, s.name AS list, e.note, e.added_at AS "addedAt"
       FROM shortlist_entry e JOIN shortlist s ON s.id = e.shortlist_id JOIN agency a ON a.id = s.agency_id
       WHERE e.influencer_id = $1 ORDER BY e.added_at, e.seq`),
    q(`SELECT r.id, a.name AS agency, r.title, r.brief, r.budget_range AS "budgetRange", to_char(r.deadline, 'YYYY-MM-DD') AS deadline,
              r.status::text AS status, r.reply, r.created_at AS "createdAt", r.decided_at AS "decidedAt"
       FROM contact_request r JOIN agency a ON a.id = r.agency_id WHERE r.influencer_id = $1 ORDER BY r.created_at, r.seq`),
    q(`SELECT id, kind, platform, handle, created_at AS "createdAt", read_at AS "readAt" FROM notice WHERE influencer_id = $1 ORDER BY seq`),
  ]);
  const receipts = await Promise.all(ledger.filter((e) => e.action === 'GRANT').map((e) => app.consent.receipt(influencerId, e.id)));
  return {
    format: EXPORT_FORMAT,
    exportedAt: app.clock.now().toISOString(),
    controller: 'Permission',
    note: 'Everything Permission holds about you. Your password is stored only as an argon2id hash and is not included; session tokens are stored only as hashes.',
    account: person,
    socialAccounts: accounts,
    topics,
    consent: {
      current: states,
      ledger,
      receipts: receipts.filter((r) => r !== null),
    },
    listing: verdict
      ? { listed: verdict.listable, reasons: verdict.reasons.map((r) => ({ code: r, explanation: REASON_EXPLANATIONS[r] })), contactable: verdict.contactable }
      : null,
    sessions,
    notices,
    searchIndex: {
      note: 'What the built-in search index holds for you (present only while you are listed).',
      documents: indexed,
    },
    pendingIndexUpdates: pending,
    agencyActivity: {
      note: 'What agencies did with your profile: views, shortlisting, contact requests, and per day how often you appeared in their searches.',
      events: activity,
      shortlists: shortlisted,
      contactRequests,
    },
  };
}
