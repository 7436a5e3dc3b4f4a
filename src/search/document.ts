/**
 * What agencies may see of an influencer, and the search document built from it. One sanitize
 * pipeline, used by the indexer (to build documents) and by the read path (to load what a
 * search returns):
 *
 *   1. filter:    only ids the eligibility rule calls listable right now (in the same SQL);
 *   2. drop:      only public fields are selected: never email, birth date, password hash,
 *                 private accounts, sessions or the consent ledger;
 *   3. transform: topics get their ancestors, accounts their totals.
 *
 * Whatever the filter rejects is to be deleted from the index.
 */
import type { EligibilityRule, Queryable } from '../consent/eligibility';
import type { TopicCatalog } from '../topics/topic-catalog';
import { isUuid } from '../domain/ids';
import { preparedQuery } from '../db/prepared';
import { bestEngagement, totalFollowers } from '../domain/audience';
import type { DocumentAccount, PublicFields, SearchDocument } from './search-engine';

export interface PublicProfile extends PublicFields {
  updatedAt: Date;
}

/**
 * Listable people among `ids`, with their public data only; the others are simply absent.
 * `evenIfNotListed` is for the portal's preview of one's own card: the same public fields,
 * whether or not the rule lists the person right now.
 */
export async function loadPublicProfiles(
  db: Queryable, rule: EligibilityRule, topics: TopicCatalog, ids: readonly string[], opts: { evenIfNotListed?: boolean } = {},
): Promise<Map<string, PublicProfile>> {
  const out = new Map<string, PublicProfile>();
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return out;
  const f = rule.fragment(2);
  const rows: Array<{
    id: string; display_name: string; bio: string; country: string | null; city: string | null; languages: string[];
    contactable: boolean; updated_at: Date;
    accounts: Array<Omit<DocumentAccount, 'verifiedAt' | 'followersUpdatedAt'> & { verifiedAt: string | null; followersUpdatedAt: string }>;
    topics: Array<{ slug: string; weight: number }>;
  }> = await preparedQuery(db,
    // json_agg over rows, not json_build_object per row: the row's columns are typed once for the
    // aggregate instead of each value looked up on every row (a quarter of the statement's JSON time)
    `SELECT i.id, i.display_name, i.bio, i.country, i.city, i.languages, e.contactable,
            greatest(i.profile_updated_at, a.updated_at) AS updated_at, coalesce(a.accounts, '[]'::json) AS accounts,
            coalesce((SELECT json_agg(t ORDER BY t.weight DESC, t.slug)
                      FROM (SELECT x.topic_slug AS slug, x.weight FROM influencer_topic x WHERE x.influencer_id = i.id) t), '[]'::json) AS topics
     FROM ${f.sql} e JOIN influencer i ON i.id = e.influencer_id
     -- the public accounts, read once for both the list and the latest change
     CROSS JOIN LATERAL (
       SELECT max(x.updated_at) AS updated_at, json_agg(p ORDER BY x.followers DESC, x.platform) AS accounts
       FROM social_account x
       CROSS JOIN LATERAL (SELECT x.id = ANY(e.verified_account_ids) AS yes) v
       CROSS JOIN LATERAL (SELECT x.platform, x.handle, x.url, x.followers, x.engagement_rate AS "engagementRate", v.yes AS verified,
                                  CASE WHEN v.yes THEN x.verification_method END AS "verificationMethod",
                                  CASE WHEN v.yes THEN x.verified_at END AS "verifiedAt",
                                  x.followers_source AS "followersSource", x.followers_updated_at AS "followersUpdatedAt") p
       WHERE x.influencer_id = i.id AND NOT x.is_private AND NOT x.contested) a
     WHERE e.influencer_id = ANY($1::uuid[]) AND (e.listable OR $${2 + f.params.length}::boolean)`,
    [valid, ...f.params, opts.evenIfNotListed === true],
  );
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      displayName: r.display_name,
      bio: r.bio,
      country: r.country,
      city: r.city,
      languages: r.languages,
      contactable: r.contactable,
      updatedAt: new Date(r.updated_at),
      accounts: r.accounts.map((a) => ({
        ...a,
        followers: Number(a.followers),
        engagementRate: a.engagementRate === null ? null : Number(a.engagementRate),
        verifiedAt: a.verifiedAt === null ? null : new Date(a.verifiedAt).toISOString(),
        followersUpdatedAt: new Date(a.followersUpdatedAt).toISOString(),
      })),
      verified: r.accounts.some((a) => a.verified),
      topics: r.topics.flatMap((t) => {
        const topic = topics.get(t.slug);
        return topic ? [{ slug: t.slug, name: topic.name, weight: Number(t.weight) }] : [];
      }),
    });
  }
  return out;
}

export function toSearchDocument(p: PublicProfile, topics: TopicCatalog): SearchDocument {
  const lineage = p.topics.flatMap((t) => topics.lineage(t.slug));
  const topicWeights: Record<string, number> = {};
  for (const t of p.topics) {
    for (const l of topics.lineage(t.slug)) topicWeights[l.slug] = Math.max(topicWeights[l.slug] ?? 0, t.weight);
  }
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  return {
    ...p,
    topicSlugs: unique(lineage.map((t) => t.slug)),
    topicWeights,
    topicNames: unique(lineage.map((t) => t.name)),
    platforms: unique(p.accounts.map((a) => a.platform)),
    handles: p.accounts.map((a) => a.handle),
    totalFollowers: totalFollowers(p.accounts),
    engagementRate: bestEngagement(p.accounts),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The documents to upsert for `ids`, and the ids to delete (not listable, or gone). */
export async function buildDocuments(db: Queryable, rule: EligibilityRule, topics: TopicCatalog, ids: readonly string[]): Promise<{ docs: SearchDocument[]; remove: string[] }> {
  const profiles = await loadPublicProfiles(db, rule, topics, ids);
  return {
    docs: [...profiles.values()].map((p) => toSearchDocument(p, topics)),
    remove: ids.filter((id) => !profiles.has(id)),
  };
}
