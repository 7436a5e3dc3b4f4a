/**
 * The eligibility rule, as every TypeScript reader uses it. The rule itself is ONE SQL function,
 * `influencer_eligibility(min_age, consent_ttl_days, now)` (see the foundation migration); this
 * module only binds it to the configuration and the clock. Nothing else decides who is listable.
 */
import type { EntityManager } from 'typeorm';
import type { Clock } from '../clock';

export const NOT_LISTED_REASONS = [
  'ACCOUNT_DELETED',
  'ACCOUNT_SUSPENDED',
  'NO_DISCOVERY_CONSENT',
  'DISCOVERY_CONSENT_WITHDRAWN',
  'DISCOVERY_CONSENT_EXPIRED',
  'UNDER_MIN_AGE',
  'NO_PUBLIC_ACCOUNT',
] as const;
export type NotListedReason = (typeof NOT_LISTED_REASONS)[number];

export interface Eligibility {
  influencerId: string;
  listable: boolean;
  reasons: NotListedReason[];
  discoveryGrantedAt: Date | null;
  discoveryExpiresAt: Date | null;
  contactable: boolean;
}

export interface EligibilityPolicy {
  minAge: number;
  consentTtlDays: number;
}

/** Something that runs SQL: a DataSource or an EntityManager inside a transaction. */
export type Queryable = Pick<EntityManager, 'query'>;

export class EligibilityRule {
  constructor(
    readonly policy: EligibilityPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * The rule as a SQL table expression whose three parameters start at `$first`, with the values
   * to append to the statement's parameters. Use it as `FROM ${sql} e` and join on
   * `e.influencer_id`; filtering `e.influencer_id = ANY(...)` is pushed into the function.
   */
  fragment(first: number, at: Date = this.clock.now()): { sql: string; params: [number, number, Date] } {
    return {
      sql: `influencer_eligibility($${first}::int, $${first + 1}::int, $${first + 2}::timestamptz)`,
      params: [this.policy.minAge, this.policy.consentTtlDays, at],
    };
  }

  /** The rule's verdict for each given id that exists (a missing key means no such person). */
  async evaluate(db: Queryable, ids: readonly string[], at?: Date): Promise<Map<string, Eligibility>> {
    const out = new Map<string, Eligibility>();
    if (ids.length === 0) return out;
    const f = this.fragment(2, at);
    const rows: Array<{
      influencer_id: string;
      listable: boolean;
      reasons: NotListedReason[];
      discovery_granted_at: Date | null;
      discovery_expires_at: Date | null;
      contactable: boolean;
    }> = await db.query(`SELECT * FROM ${f.sql} e WHERE e.influencer_id = ANY($1::uuid[])`, [ids, ...f.params]);
    for (const r of rows) {
      out.set(r.influencer_id, {
        influencerId: r.influencer_id,
        listable: r.listable,
        reasons: r.reasons,
        discoveryGrantedAt: r.discovery_granted_at,
        discoveryExpiresAt: r.discovery_expires_at,
        contactable: r.contactable,
      });
    }
    return out;
  }

  async evaluateOne(db: Queryable, id: string, at?: Date): Promise<Eligibility | null> {
    return (await this.evaluate(db, [id], at)).get(id) ?? null;
  }

  /** The subset of `ids` that is listable now, in the order given. */
  async listable(db: Queryable, ids: readonly string[], at?: Date): Promise<string[]> {
    const verdicts = await this.evaluate(db, ids, at);
    return ids.filter((id) => verdicts.get(id)?.listable === true);
  }
}

/** Words for the portal: why a person is not listed, and what they can do about it. */
export const REASON_EXPLANATIONS: Record<NotListedReason, string> = {
  ACCOUNT_DELETED: 'Your account is deleted.',
  ACCOUNT_SUSPENDED: 'Your account is suspended; contact support.',
  NO_DISCOVERY_CONSENT: 'You have not given consent to be listed (DISCOVERY).',
  DISCOVERY_CONSENT_WITHDRAWN: 'You withdrew your consent to be listed (DISCOVERY).',
  DISCOVERY_CONSENT_EXPIRED: 'Your consent to be listed expired; confirm it again to be listed.',
  UNDER_MIN_AGE: 'You are under the minimum age to be listed.',
  NO_PUBLIC_ACCOUNT: 'You have no connected public social account.',
};
