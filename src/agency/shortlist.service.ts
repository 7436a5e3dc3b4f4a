/**
 * Shortlists: an agency's named lists of influencers, each entry with an optional note.
 *
 * Consent stays live: a page of a list applies the eligibility rule INSIDE its one statement
 * (`e.listable`), cut after the rule, and counts the hidden entries in the same statement, so a
 * person who stops being listable is gone from the very next read and back when they opt in again.
 * An agency only ever reaches its own lists: every statement names the agency.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { EligibilityRule, Queryable } from '../consent/eligibility';
import type { ActivityService } from '../activity/activity.service';
import { MAX_SHORTLIST_ENTRIES, MAX_SHORTLISTS } from '../domain/agency';
import { fail, ok, userError, type Outcome } from '../domain/errors';
import { isUuid } from '../domain/ids';
import { decodeSeqCursor, encodeSeqCursor } from '../domain/paging';
import { compact, checkText } from '../validation';

export interface Shortlist {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ShortlistEntry {
  influencerId: string;
  note: string | null;
  addedAt: Date;
}

export interface ShortlistPage {
  items: Array<{ cursor: string; value: ShortlistEntry }>;
  hasNextPage: boolean;
  /** Entries listable right now (over the whole list). */
  visibleCount: number;
  /** Entries whose person is not listable right now: a number, never who. */
  hiddenCount: number;
}

const NO_LIST = userError('shortlistId', 'NOT_FOUND', 'No such shortlist.');
const NOT_LISTABLE = userError('influencerId', 'NOT_FOUND', 'No listable influencer with this id.');
const toList = (r: { id: string; name: string; created_at: Date }): Shortlist => ({ id: r.id, name: r.name, createdAt: r.created_at });

export class ShortlistService {
  constructor(
    private readonly ds: DataSource,
    private readonly rule: EligibilityRule,
    private readonly activity: ActivityService,
  ) {}

  async lists(agencyId: string): Promise<Shortlist[]> {
    const rows = await this.ds.query(`SELECT id, name, created_at FROM shortlist WHERE agency_id = $1 ORDER BY seq`, [agencyId]);
    return rows.map(toList);
  }

  /** The agency's list, or null (someone else's list is no different from none). */
  async get(agencyId: string, id: string): Promise<Shortlist | null> {
    if (!isUuid(id)) return null;
    const rows = await this.ds.query(`SELECT id, name, created_at FROM shortlist WHERE agency_id = $1 AND id = $2`, [agencyId, id]);
    return rows[0] ? toList(rows[0]) : null;
  }

  async create(agencyId: string, name: string): Promise<Outcome<Shortlist>> {
    const errors = compact([checkText('name', 'The name', name, 120, true)]);
    if (errors.length) return fail(...errors);
    return this.ds.transaction(async (m) => {
      // one creation at a time per agency, so the maximum holds
      await m.query(`SELECT 1 FROM agency WHERE id = $1 FOR UPDATE`, [agencyId]);
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM shortlist WHERE agency_id = $1`, [agencyId]);
      if (n >= MAX_SHORTLISTS) return fail<Shortlist>(userError(null, 'LIMIT_REACHED', `An agency can keep at most ${MAX_SHORTLISTS} shortlists.`));
      const [row] = await m.query(`INSERT INTO shortlist (agency_id, name) VALUES ($1, $2) RETURNING id, name, created_at`, [agencyId, name.trim()]);
      return ok(toList(row));
    });
  }

  async rename(agencyId: string, id: string, name: string): Promise<Outcome<Shortlist>> {
    const errors = compact([checkText('name', 'The name', name, 120, true)]);
    if (errors.length) return fail(...errors);
    if (!isUuid(id)) return fail(NO_LIST);
    const [rows]: [Array<{ id: string; name: string; created_at: Date }>, number] = await this.ds.query(
      `UPDATE shortlist SET name = $3 WHERE agency_id = $1 AND id = $2 RETURNING id, name, created_at`,
      [agencyId, id, name.trim()],
    );
    return rows[0] ? ok(toList(rows[0])) : fail(NO_LIST);
  }

  /** Deletes the list; each person on it gets an UNSHORTLISTED entry in their record. */
  async delete(agencyId: string, id: string): Promise<Outcome<string>> {
    if (!isUuid(id)) return fail(NO_LIST);
    return this.ds.transaction(async (m) => {
      const list = await this.lock(m, agencyId, id);
      if (!list) return fail<string>(NO_LIST);
      const people: Array<{ influencer_id: string }> = await m.query(`SELECT influencer_id FROM shortlist_entry WHERE shortlist_id = $1`, [id]);
      await this.activity.recordMany(m, 'UNSHORTLISTED', people.map((p) => p.influencer_id), agencyId);
      await m.query(`DELETE FROM shortlist WHERE id = $1`, [id]);
      return ok(id);
    });
  }

  /**
   * Adds a person who is listable right now (anyone else is "not found", whatever the reason), or
   * sets the note of one already on the list.
   */
  async add(agencyId: string, id: string, influencerId: string, note: string | null): Promise<Outcome<Shortlist>> {
    const errors = compact([note == null ? null : checkText('note', 'The note', note, 1000, false)]);
    if (errors.length) return fail(...errors);
    if (!isUuid(id)) return fail(NO_LIST);
    if (!isUuid(influencerId)) return fail(NOT_LISTABLE);
    return this.ds.transaction(async (m) => {
      const list = await this.lock(m, agencyId, id);
      if (!list) return fail<Shortlist>(NO_LIST);
      if (!(await this.rule.evaluateOne(m, influencerId))?.listable) return fail<Shortlist>(NOT_LISTABLE);
      const [existing]: Array<{ n: number; present: boolean }> = await m.query(
        `SELECT count(*)::int AS n, bool_or(influencer_id = $2) AS present FROM shortlist_entry WHERE shortlist_id = $1`,
        [id, influencerId],
      );
      const text = note == null ? null : note.trim() || null;
      if (existing.present) {
        if (note != null) await m.query(`UPDATE shortlist_entry SET note = $3 WHERE shortlist_id = $1 AND influencer_id = $2`, [id, influencerId, text]);
        return ok(list);
      }
      if (existing.n >= MAX_SHORTLIST_ENTRIES) return fail<Shortlist>(userError('shortlistId', 'LIMIT_REACHED', `A shortlist holds at most ${MAX_SHORTLIST_ENTRIES} people.`));
      await m.query(`INSERT INTO shortlist_entry (shortlist_id, influencer_id, note) VALUES ($1, $2, $3)`, [id, influencerId, text]);
      await this.activity.record(m, 'SHORTLISTED', influencerId, agencyId);
      return ok(list);
    });
  }

  /** Removes the person from the list; removing someone who is not on it changes nothing and is no error. */
  async remove(agencyId: string, id: string, influencerId: string): Promise<Outcome<Shortlist>> {
    if (!isUuid(id)) return fail(NO_LIST);
    return this.ds.transaction(async (m) => {
      const list = await this.lock(m, agencyId, id);
      if (!list) return fail<Shortlist>(NO_LIST);
      if (!isUuid(influencerId)) return ok(list);
      const [, n]: [unknown[], number] = await m.query(`DELETE FROM shortlist_entry WHERE shortlist_id = $1 AND influencer_id = $2`, [id, influencerId]);
      if (n > 0) await this.activity.record(m, 'UNSHORTLISTED', influencerId, agencyId);
      return ok(list);
    });
  }

  /**
   * A page of the list's entries in the order they were added, only people listable right now:
   * one statement, the rule joined inside it, the hidden ones counted in it.
   */
  async entries(db: Queryable, shortlistId: string, first: number, after: string | null): Promise<ShortlistPage> {
    const from = after ? decodeSeqCursor(after, 1)[0] : null;
    const f = this.rule.fragment(4);
    const rows: Array<{ visible: number; hidden: number; influencer_id: string | null; note: string | null; added_at: Date | null; seq: string | null }> = await db.query(
      `WITH s AS (
         SELECT se.influencer_id, se.note, se.added_at, se.seq, e.listable
         FROM shortlist_entry se JOIN ${f.sql} e ON e.influencer_id = se.influencer_id
         WHERE se.shortlist_id = $1)
       SELECT c.visible, c.hidden, p.influencer_id, p.note, p.added_at, p.seq
       FROM (SELECT count(*) FILTER (WHERE listable)::int AS visible, count(*) FILTER (WHERE NOT listable)::int AS hidden FROM s) c
       LEFT JOIN LATERAL (
         SELECT * FROM s WHERE s.listable AND ($2::bigint IS NULL OR s.seq > $2::bigint) ORDER BY s.seq LIMIT $3
       ) p ON true
       ORDER BY p.seq`,
      [shortlistId, from, first + 1, ...f.params],
    );
    const entries = rows.filter((r) => r.influencer_id !== null);
    return {
      items: entries.slice(0, first).map((r) => ({
        cursor: encodeSeqCursor([String(r.seq)]),
        value: { influencerId: r.influencer_id!, note: r.note, addedAt: r.added_at! },
      })),
      hasNextPage: entries.length > first,
      visibleCount: rows[0]?.visible ?? 0,
      hiddenCount: rows[0]?.hidden ?? 0,
    };
  }

  private async lock(m: EntityManager, agencyId: string, id: string): Promise<Shortlist | null> {
    const rows = await m.query(`SELECT id, name, created_at FROM shortlist WHERE agency_id = $1 AND id = $2 FOR UPDATE`, [agencyId, id]);
    return rows[0] ? toList(rows[0]) : null;
  }
}
