/**
 * The eligibility rule, as every TypeScript reader uses it. The rule itself is ONE SQL function,
 * `influencer_eligibility(min_age, consent_ttl_days, now)` (src/consent/rule.sql.ts); this module
 * only binds it to the configuration and the clock and maps its rows. Nothing here re-derives any
 * part of it: consent states, expiry, age and the next time-based change all come from SQL.
 */
import type { EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import type { ConsentPurpose, NotListedReason } from '../domain/consent';

export interface ConsentState {
  purpose: ConsentPurpose;
  /** The latest event for this purpose is a grant. */
  granted: boolean;
  grantedAt: Date | null;
  expiresAt: Date | null;
  /** Granted and not expired at the time asked. */
  active: boolean;
}

export interface Eligibility {
  influencerId: string;
  listable: boolean;
  reasons: NotListedReason[];
  consents: Record<ConsentPurpose, ConsentState>;
  contactable: boolean;
  /** The next instant at which time alone can change this verdict (null: only a write can). */
  nextChangeAt: Date | null;
  /** The person's accounts whose verification holds now. */
  verifiedAccountIds: string[];
}

export interface EligibilityPolicy {
  minAge: number;
  consentTtlDays: number;
  /** LISTING_REQUIRES_VERIFIED_ACCOUNT: listing needs a verified public account. */
  requiresVerifiedAccount: boolean;
  /** VERIFICATION_TTL_DAYS: a verification holds this long. */
  verificationTtlDays: number;
}

/** Something that runs SQL: a DataSource or an EntityManager inside a transaction. */
export type Queryable = Pick<EntityManager, 'query'>;

interface RuleRow {
  influencer_id: string;
  listable: boolean;
  reasons: NotListedReason[];
  discovery_granted_at: Date | null;
  discovery_expires_at: Date | null;
  discovery_active: boolean;
  contact_granted_at: Date | null;
  contact_expires_at: Date | null;
  contact_active: boolean;
  contactable: boolean;
  next_change_at: Date | null;
  verified_account_ids: string[];
}

const state = (purpose: ConsentPurpose, grantedAt: Date | null, expiresAt: Date | null, active: boolean): ConsentState =>
  ({ purpose, granted: grantedAt !== null, grantedAt, expiresAt, active });

export class EligibilityRule {
  constructor(
    readonly policy: EligibilityPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * The rule as a SQL table expression whose parameters (`params.length` of them) start at
   * `$first`, with the values to append to the statement's parameters. Use it as `FROM ${sql} e`
   * and join on `e.influencer_id`; filtering `e.influencer_id = ANY(...)` is pushed into the function.
   */
  fragment(first: number, at: Date = this.clock.now()): { sql: string; params: [number, number, Date, boolean, number] } {
    return {
      sql: `influencer_eligibility($${first}::int, $${first + 1}::int, $${first + 2}::timestamptz, $${first + 3}::boolean, $${first + 4}::int)`,
      params: [this.policy.minAge, this.policy.consentTtlDays, at, this.policy.requiresVerifiedAccount, this.policy.verificationTtlDays],
    };
  }

  /** The rule's verdict for each given id that exists (a missing key means no such person). */
  async evaluate(db: Queryable, ids: readonly string[], at?: Date): Promise<Map<string, Eligibility>> {
    const out = new Map<string, Eligibility>();
    if (ids.length === 0) return out;
    const f = this.fragment(2, at);
    const rows: RuleRow[] = await db.query(`SELECT * FROM ${f.sql} e WHERE e.influencer_id = ANY($1::uuid[])`, [ids, ...f.params]);
    for (const r of rows) {
      out.set(r.influencer_id, {
        influencerId: r.influencer_id,
        listable: r.listable,
        reasons: r.reasons,
        consents: {
          DISCOVERY: state('DISCOVERY', r.discovery_granted_at, r.discovery_expires_at, r.discovery_active),
          CONTACT: state('CONTACT', r.contact_granted_at, r.contact_expires_at, r.contact_active),
        },
        contactable: r.contactable,
        nextChangeAt: r.next_change_at,
        verifiedAccountIds: r.verified_account_ids,
      });
    }
    return out;
  }

  async evaluateOne(db: Queryable, id: string, at?: Date): Promise<Eligibility | null> {
    return (await this.evaluate(db, [id], at)).get(id) ?? null;
  }

  /** Whether someone born on `birthDate` (YYYY-MM-DD) has reached the minimum age on the UTC date of `at`. */
  async oldEnough(db: Queryable, birthDate: string, at: Date = this.clock.now()): Promise<boolean> {
    const [row]: Array<{ ok: boolean }> = await db.query(
      `SELECT min_age_date($1::date, $2::int) <= ($3::timestamptz AT TIME ZONE 'UTC')::date AS ok`,
      [birthDate, this.policy.minAge, at],
    );
    return row.ok;
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
  NO_VERIFIED_ACCOUNT: 'None of your public accounts is verified; verify one on the Accounts page.',
};
