/**
 * Everything Permission holds about one influencer, as one JSON document (GDPR Art. 15 and 20).
 * Every table that references an influencer is read here; a test compares this list with the
 * database's own foreign keys, so a new table cannot be forgotten silently.
 */
import type { App } from '../app';
import { REASON_EXPLANATIONS } from '../consent/eligibility';

/** Tables holding a person's rows, by the column naming them. */
export const PERSONAL_TABLES = ['influencer', 'social_account', 'influencer_topic', 'consent_event', 'session', 'search_document', 'outbox_event'] as const;

export const EXPORT_FORMAT = 'permission-export/1';

export async function exportMyData(app: App, influencerId: string): Promise<Record<string, unknown> | null> {
  const q = <T>(sql: string): Promise<T[]> => app.ds.query(sql, [influencerId]);
  const [person] = await q<Record<string, unknown>>(
    `SELECT id, email, display_name AS "displayName", bio, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", country, city,
            languages, upper(status::text) AS status, created_at AS "createdAt", updated_at AS "updatedAt"
     FROM influencer WHERE id = $1`,
  );
  if (!person) return null;
  const [accounts, topics, ledger, sessions, indexed, pending, states, verdict] = await Promise.all([
    q(`SELECT id, platform, handle, url, followers, engagement_rate::float8 AS "engagementRate", is_private AS "isPrivate",
              connected_at AS "connectedAt", verified_at AS "verifiedAt", updated_at AS "updatedAt"
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
              engagement_rate AS "engagementRate", contactable, updated_at AS "updatedAt", search_text AS "searchText"
       FROM search_document WHERE id = $1`),
    q(`SELECT reason, created_at AS "createdAt" FROM outbox_event WHERE influencer_id = $1 ORDER BY id`),
    app.consent.states(app.ds, influencerId),
    app.rule.evaluateOne(app.ds, influencerId),
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
    searchIndex: {
      note: 'What the built-in search index holds for you (present only while you are listed).',
      documents: indexed,
    },
    pendingIndexUpdates: pending,
    agencyActivity: {
      note: 'Permission does not record agency views, search appearances or contact requests yet; there is nothing to export.',
      events: [],
    },
  };
}
