/**
 * Contact requests: an agency asks an influencer to take part in a campaign, only while the
 * eligibility rule says they are listable AND have current CONTACT consent (`contactable`).
 *
 * Nothing can go stale because the state agencies see is decided at read time, from the rule, in
 * the same statement: a PENDING request of someone not contactable right now reads as CANCELLED
 * (not actionable), and the contact email is revealed only while the request is ACCEPTED and the
 * person is still contactable. Withdrawing a consent also cancels pending requests for good, in the
 * withdrawal's transaction (`cancelPendingRequests`).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import type { EligibilityRule, Queryable } from '../consent/eligibility';
import type { ActivityService } from '../activity/activity.service';
import type { ContactRequestStatus } from '../domain/agency';
import { fail, ok, userError, type Outcome, type UserErrorShape } from '../domain/errors';
import { isUuid } from '../domain/ids';
import { decodeSeqCursor, encodeSeqCursor, type SeqPage } from '../domain/paging';
import { sqlState } from '../db/errors';
import type { Limit } from '../limits/rate-limits';
import { checkText, compact } from '../validation';

export interface CampaignData {
  title: string;
  brief: string;
  budgetRange?: string | null;
  /** YYYY-MM-DD */
  deadline?: string | null;
}

export interface ContactRequestView {
  id: string;
  influencerId: string;
  agencyName: string;
  campaign: { title: string; brief: string; budgetRange: string | null; deadline: string | null };
  /** As of now: a PENDING request of someone not contactable right now is CANCELLED. */
  status: ContactRequestStatus;
  reply: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** Only while ACCEPTED and the person is still contactable. */
  contactEmail: string | null;
}

interface Row {
  id: string; influencer_id: string; agency_name: string; title: string; brief: string; budget_range: string | null;
  deadline: string | null; status: ContactRequestStatus; reply: string | null; created_at: Date; decided_at: Date | null;
  contact_email: string | null; seq: string;
}

const toView = (r: Row): ContactRequestView => ({
  id: r.id, influencerId: r.influencer_id, agencyName: r.agency_name,
  campaign: { title: r.title, brief: r.brief, budgetRange: r.budget_range, deadline: r.deadline },
  status: r.status, reply: r.reply, createdAt: r.created_at, decidedAt: r.decided_at, contactEmail: r.contact_email,
});

/** Cancels the person's pending requests (called inside a consent withdrawal's transaction). */
export async function cancelPendingRequests(m: Queryable, influencerId: string, at: Date): Promise<void> {
  await m.query(`UPDATE contact_request SET status = 'CANCELLED', decided_at = $2 WHERE influencer_id = $1 AND status = 'PENDING'`, [influencerId, at]);
}

/**
 * Cancels, for good, the pending requests of people who stopped being listable (called by the
 * projector when it takes them out of the index): until then they already read as CANCELLED, and
 * being listed again later does not bring them back to PENDING.
 */
export async function cancelPendingRequestsOfUnlisted(db: Queryable, influencerIds: string[]): Promise<void> {
  if (!influencerIds.length) return;
  await db.query(
    `UPDATE contact_request SET status = 'CANCELLED', decided_at = clock_timestamp() WHERE influencer_id = ANY($1::uuid[]) AND status = 'PENDING'`,
    [influencerIds],
  );
}

const NOT_FOUND = userError('influencerId', 'NOT_FOUND', 'No listable influencer with this id.');
const NO_REQUEST = userError('id', 'NOT_FOUND', 'No such contact request.');

export class ContactService {
  constructor(
    private readonly ds: DataSource,
    private readonly rule: EligibilityRule,
    private readonly activity: ActivityService,
    private readonly clock: Clock,
    /** Contact requests per agency per day. */
    private readonly dailyCap: Limit,
  ) {}

  async request(agencyId: string, influencerId: string, campaign: CampaignData): Promise<Outcome<ContactRequestView>> {
    const errors = compact([
      checkText('campaign.title', 'The title', campaign.title, 200, true),
      checkText('campaign.brief', 'The brief', campaign.brief, 5000, true),
      campaign.budgetRange == null ? null : checkText('campaign.budgetRange', 'The budget range', campaign.budgetRange, 100, false),
      campaign.deadline == null ? null : this.checkDeadline(campaign.deadline),
    ]);
    if (errors.length) return fail(...errors);
    if (!isUuid(influencerId)) return fail(NOT_FOUND);
    const created = await this.ds.transaction(async (m): Promise<Outcome<string>> => {
      // a consent withdrawal locks the row FOR UPDATE: it waits for this request or this waits for it
      const exists = await m.query(`SELECT 1 FROM influencer WHERE id = $1 FOR SHARE`, [influencerId]);
      const verdict = exists.length ? await this.rule.evaluateOne(m, influencerId) : null;
      if (!verdict?.listable) return fail(NOT_FOUND);
      if (!verdict.contactable) return fail(userError('influencerId', 'NOT_CONTACTABLE', 'This influencer does not accept contact requests (no CONTACT consent).'));
      const open = await m.query(`SELECT 1 FROM contact_request WHERE agency_id = $1 AND influencer_id = $2 AND status = 'PENDING'`, [agencyId, influencerId]);
      if (open.length) return fail(ALREADY);
      await this.dailyCap.spend(agencyId, 1, (wait) => `This agency has sent its ${this.dailyCap.points} contact requests for the day; try again in ${Math.ceil(wait / 3600)} h.`);
      try {
        const [row] = await m.query(
          `INSERT INTO contact_request (agency_id, influencer_id, title, brief, budget_range, deadline, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [agencyId, influencerId, campaign.title.trim(), campaign.brief.trim(), campaign.budgetRange?.trim() || null, campaign.deadline?.trim() || null, this.clock.now()],
        );
        await this.activity.record(m, 'CONTACT_REQUESTED', influencerId, agencyId);
        return ok(row.id as string);
      } catch (err) {
        if (sqlState(err) === '23505') return fail(ALREADY);
        throw err;
      }
    });
    if (!created.ok) return created;
    return ok((await this.find(this.ds, { agencyId }, created.value))!);
  }

  /** The influencer's answer to a pending request; accepting needs them contactable right now. */
  async respond(influencerId: string, id: string, accept: boolean, reply: string | null): Promise<Outcome<ContactRequestView>> {
    const errors = compact([reply == null ? null : checkText('reply', 'The reply', reply, 2000, false)]);
    if (errors.length) return fail(...errors);
    if (!isUuid(id)) return fail(NO_REQUEST);
    const done = await this.ds.transaction(async (m): Promise<Outcome<true>> => {
      await m.query(`SELECT 1 FROM influencer WHERE id = $1 FOR UPDATE`, [influencerId]);
      const [r]: Array<{ status: ContactRequestStatus }> = await m.query(
        `SELECT status FROM contact_request WHERE id = $1 AND influencer_id = $2 FOR UPDATE`, [id, influencerId]);
      if (!r) return fail(NO_REQUEST);
      const verdict = await this.rule.evaluateOne(m, influencerId);
      if (r.status !== 'PENDING' || !verdict?.contactable) {
        const why = r.status !== 'PENDING'
          ? `This request is already ${r.status.toLowerCase()}.`
          : 'You are not contactable right now (listed, with CONTACT consent): this request cannot be answered.';
        return fail(userError('id', 'NOT_ACTIONABLE', why));
      }
      await m.query(`UPDATE contact_request SET status = $2, reply = $3, decided_at = $4 WHERE id = $1`, [id, accept ? 'ACCEPTED' : 'DECLINED', reply?.trim() || null, this.clock.now()]);
      return ok(true);
    });
    if (!done.ok) return done;
    return ok((await this.find(this.ds, { influencerId }, id))!);
  }

  /** One request as the agency or the influencer sees it now, or null when it is not theirs. */
  async find(db: Queryable, who: { agencyId: string } | { influencerId: string }, id: string): Promise<ContactRequestView | null> {
    if (!isUuid(id)) return null;
    const rows = await this.select(db, who, `AND r.id = $2`, [id], 1);
    return rows[0] ? toView(rows[0]) : null;
  }

  /** A page, newest first, as the agency or the influencer sees it now. */
  async page(who: { agencyId: string } | { influencerId: string }, first: number, after: string | null): Promise<SeqPage<ContactRequestView>> {
    const from = after ? decodeSeqCursor(after, 1)[0] : null;
    const rows = await this.select(this.ds, who, `AND ($2::bigint IS NULL OR r.seq < $2::bigint)`, [from], first + 1);
    return {
      items: rows.slice(0, first).map((r) => ({ cursor: encodeSeqCursor([String(r.seq)]), value: toView(r) })),
      hasNextPage: rows.length > first,
    };
  }

  /** Status and contact email decided by the rule, in the same statement. */
  private async select(db: Queryable, who: { agencyId: string } | { influencerId: string }, where: string, params: unknown[], limit: number): Promise<Row[]> {
    const owner = 'agencyId' in who ? `r.agency_id = $1` : `r.influencer_id = $1`;
    const f = this.rule.fragment(4);
    return db.query(
      `SELECT r.id, r.influencer_id, g.name AS agency_name, r.title, r.brief, r.budget_range, to_char(r.deadline, 'YYYY-MM-DD') AS deadline,
              CASE WHEN r.status = 'PENDING' AND NOT e.contactable THEN 'CANCELLED' ELSE r.status::text END AS status,
              r.reply, r.created_at, r.decided_at, r.seq,
              CASE WHEN r.status = 'ACCEPTED' AND e.contactable THEN i.email END AS contact_email
       FROM contact_request r
       JOIN agency g ON g.id = r.agency_id
       JOIN influencer i ON i.id = r.influencer_id
       JOIN ${f.sql} e ON e.influencer_id = r.influencer_id
       WHERE ${owner} ${where}
       ORDER BY r.seq DESC LIMIT $3`,
      ['agencyId' in who ? who.agencyId : who.influencerId, ...params, limit, ...f.params],
    );
  }

  private checkDeadline(value: string): UserErrorShape | null {
    const v = value.trim();
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return userError('campaign.deadline', 'INVALID', 'The deadline must be a date written YYYY-MM-DD.');
    if (v < this.clock.now().toISOString().slice(0, 10)) return userError('campaign.deadline', 'INVALID', 'The deadline is in the past.');
    if (v > '2100-01-01') return userError('campaign.deadline', 'INVALID', 'The deadline is too far away.');
    return null;
  }
}

const ALREADY = userError('influencerId', 'ALREADY_REQUESTED', 'Your agency already has an open request to this influencer.');
