/**
 * The consent ledger: grants and withdrawals per purpose, receipts, and erasure. The ledger is
 * append-only (the database enforces it); the current state is the latest event per purpose.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import { ConsentEvent } from '../entities/consent-event.entity';
import { CONSENT_PURPOSES, type ConsentAction, type ConsentPurpose, type ConsentSource } from '../domain/consent';
import type { AccountStatus } from '../domain/account-status';
import { fail, ok, userError, type Outcome } from '../domain/errors';
import type { ConsentState, EligibilityRule, Queryable } from './eligibility';
import { cancelPendingRequests } from '../agency/contact.service';
import type { InTransactionRemoval } from '../search/removal';

export const TERMS_VERSION = '2026-11';
export const CONTROLLER = {
  name: 'Permission',
  contact: 'privacy@permission.example',
  address: 'Permission, data protection office',
  email: 'privacy@permission.example',
  url: 'https://permission.example/privacy',
};
const PURPOSE_TEXT: Record<ConsentPurpose, string> = {
  DISCOVERY: 'Be listed and searchable by marketing agencies on Permission, by topic and audience.',
  CONTACT: 'Receive outreach requests from agencies through Permission (contact details are never shared).',
};

export class ConsentService {
  constructor(
    private readonly ds: DataSource,
    private readonly rule: EligibilityRule,
    private readonly clock: Clock,
    /** With an engine in this database: a withdrawal or erasure takes the document with it (src/search/removal.ts). */
    private readonly removal: InTransactionRemoval | null = null,
  ) {}

  async grant(influencerId: string, purpose: ConsentPurpose, source: ConsentSource = 'portal'): Promise<Outcome<ConsentEvent>> {
    return this.ds.transaction(async (m) => {
      const status = await this.lockStatus(m, influencerId);
      if (status === null) return fail<ConsentEvent>(userError(null, 'NOT_FOUND', 'No such account.'));
      if (status !== 'active') return fail<ConsentEvent>(userError(null, 'ACCOUNT_NOT_ACTIVE', `The account is ${status}; consent cannot be given.`));
      const verdict = await this.rule.evaluateOne(m, influencerId);
      if (verdict?.reasons.includes('UNDER_MIN_AGE')) {
        return fail<ConsentEvent>(
          userError('purpose', 'UNDER_MIN_AGE', `Consent can only be given from the age of ${this.rule.policy.minAge}.`),
        );
      }
      return ok(await this.append(m, influencerId, purpose, 'GRANT', source));
    });
  }

  /**
   * Withdrawal is one action and always succeeds; withdrawing what was not granted changes nothing.
   * Either purpose ends contactability, so pending contact requests are cancelled in the same
   * transaction (what was revealed is hidden by the read path, which asks the rule).
   */
  async withdraw(influencerId: string, purpose: ConsentPurpose, source: ConsentSource = 'portal'): Promise<Outcome<ConsentEvent | null>> {
    return this.ds.transaction(async (m) => {
      // before any row lock: the indexer's lock on the person (see InTransactionRemoval.hold)
      const held = (await this.removal?.hold(m, [influencerId])) ?? false;
      const status = await this.lockStatus(m, influencerId);
      if (status === null) return fail<ConsentEvent | null>(userError(null, 'NOT_FOUND', 'No such account.'));
      const verdict = await this.rule.evaluateOne(m, influencerId);
      if (!verdict?.consents[purpose].granted) return ok(null);
      const event = await this.append(m, influencerId, purpose, 'WITHDRAW', source);
      await cancelPendingRequests(m, influencerId, this.clock.now());
      // out of the index when this commits, not when the indexer gets to the outbox event
      if (held) await this.removal!.removeUnlisted(m, [influencerId]);
      return ok(event);
    });
  }

  /** The state of each purpose, as the eligibility rule reads the ledger. */
  async states(db: Queryable, influencerId: string): Promise<ConsentState[]> {
    const verdict = await this.rule.evaluateOne(db, influencerId);
    return verdict ? CONSENT_PURPOSES.map((p) => verdict.consents[p]) : [];
  }

  async history(influencerId: string): Promise<ConsentEvent[]> {
    return this.ds.getRepository(ConsentEvent).find({ where: { influencerId }, order: { occurredAt: 'DESC', seq: 'DESC' } });
  }

  /**
   * A consent receipt for one grant, with the fields of the Kantara Initiative Consent Receipt
   * Specification v1.1 (JSON, timestamps in seconds since the epoch).
   */
  async receipt(influencerId: string, eventId: string): Promise<Record<string, unknown> | null> {
    const rows: Array<{ email: string; country: string | null } & Record<string, unknown>> = await this.ds.query(
      `SELECT e.*, i.email, i.country FROM consent_event e JOIN influencer i ON i.id = e.influencer_id
       WHERE e.id = $1 AND e.influencer_id = $2 AND e.action = 'GRANT'`,
      [eventId, influencerId],
    );
    const r = rows[0];
    if (!r) return null;
    const occurred = new Date(r.occurred_at as string | Date);
    const purpose = r.purpose as ConsentPurpose;
    return {
      version: 'KI-CR-v1.1.0',
      jurisdiction: (r.jurisdiction as string | null) ?? r.country ?? 'EU',
      consentTimestamp: Math.floor(occurred.getTime() / 1000),
      collectionMethod: r.collection_method,
      consentReceiptID: r.id,
      publicKey: null,
      language: 'en',
      piiPrincipalId: r.email,
      piiControllers: [{ piiController: CONTROLLER.name, onBehalf: false, contact: CONTROLLER.contact, address: CONTROLLER.address, email: CONTROLLER.email, phone: null, piiControllerUrl: CONTROLLER.url }],
      policyUrl: `${CONTROLLER.url}#terms-${r.terms_version as string}`,
      services: [
        {
          service: 'Permission influencer discovery',
          purposes: [
            {
              purpose: PURPOSE_TEXT[purpose],
              purposeCategory: [purpose === 'DISCOVERY' ? 'Marketing discovery' : 'Marketing contact'],
              consentType: 'EXPLICIT',
              piiCategory: purpose === 'DISCOVERY'
                ? ['display name', 'bio', 'country', 'city', 'languages', 'topics', 'public social accounts']
                : ['in-platform messaging'],
              primaryPurpose: true,
              termination: `Withdrawal at any time in the portal, or expiry after ${this.rule.policy.consentTtlDays} days unless confirmed again`,
              thirdPartyDisclosure: purpose === 'DISCOVERY',
              thirdPartyName: purpose === 'DISCOVERY' ? 'Agencies registered on Permission' : null,
            },
          ],
        },
      ],
      sensitive: false,
      spiCat: [],
      termsVersion: r.terms_version,
    };
  }

  /**
   * Erasure: every row that holds the person's data goes, in one transaction. The ledger allows
   * the deletes only inside this transaction, and the document leaves the index in it too when the
   * engine lives in this database. The triggers' outbox rows carry nothing but the id, and the
   * indexer deletes them once the document has left the index. Mail waiting for the
   * address (kept a day at most) goes with it.
   */
  async eraseAccount(influencerId: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const held = (await this.removal?.hold(m, [influencerId])) ?? false;
      await m.query(`SET LOCAL permission.erasure = 'on'`);
      // (a DELETE answers [rows, count])
      const [gone]: [Array<{ email: string }>, number] = await m.query(`DELETE FROM influencer WHERE id = $1 RETURNING email`, [influencerId]);
      if (gone[0]) await m.query(`DELETE FROM mail_message WHERE to_address = $1`, [gone[0].email]);
      if (gone[0] && held) await this.removal!.removeUnlisted(m, [influencerId]);
      return gone.length > 0;
    });
  }

  /** Locks the person's row for the transaction; their status, or null when there is no such person. */
  private async lockStatus(m: EntityManager, influencerId: string): Promise<AccountStatus | null> {
    const rows: Array<{ status: AccountStatus }> = await m.query(`SELECT status FROM influencer WHERE id = $1 FOR UPDATE`, [influencerId]);
    return rows[0]?.status ?? null;
  }

  private async append(m: EntityManager, influencerId: string, purpose: ConsentPurpose, action: ConsentAction, source: ConsentSource) {
    const event = m.getRepository(ConsentEvent).create({
      id: randomUUID(),
      influencerId,
      purpose,
      action,
      termsVersion: TERMS_VERSION,
      occurredAt: this.clock.now(),
      source,
      jurisdiction: null,
      collectionMethod: source === 'portal' ? 'web form, explicit opt-in' : source,
    });
    await m.getRepository(ConsentEvent).insert(event);
    return event;
  }
}
