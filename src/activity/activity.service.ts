/**
 * The record the influencer reads ("who looked"): what agencies did with their profile.
 *
 * - Events (a view, a shortlisting or removal, a contact request) are written as rows when they
 *   happen, inside the transaction of the change they record when there is one.
 * - Search appearances are too many to write one by one: they are counted in memory per
 *   (influencer, agency, UTC day) and written in batches, ONE statement per flush (every
 *   `flushMs`, default 5 s, and on shutdown), adding to the day's row. A crash loses at most the
 *   counts of one flush interval; nothing else. No index holds `count` or `occurred_at`, so
 *   adding to a day's row is an update in place (AppearancesInPlace1765800000000).
 *
 * Rows cascade from the influencer (erasure leaves nothing); a flush skips people erased since.
 */
import type { Clock } from '../clock';
import type { Queryable } from '../consent/eligibility';
import type { ActivityKind } from '../domain/agency';
import { decodeSeqCursor, encodeSeqCursor, type SeqPage } from '../domain/paging';

export interface ActivityEntry {
  id: string;
  kind: ActivityKind;
  agencyId: string;
  agencyName: string;
  occurredAt: Date;
  /** For SEARCH_APPEARANCES: the UTC day (YYYY-MM-DD); null for events. */
  day: string | null;
  /** How many times (appearances that day); 1 for events. */
  count: number;
}

interface ActivityRow {
  id: string;
  kind: ActivityKind;
  agency_id: string;
  agency_name: string;
  occurred_at: Date;
  day: string | null;
  count: number;
}

const toEntry = (r: ActivityRow): ActivityEntry => ({
  id: String(r.id), kind: r.kind, agencyId: r.agency_id, agencyName: r.agency_name, occurredAt: r.occurred_at, day: r.day, count: r.count,
});

/** Newest first: occurred_at, then id. The cursor holds both. */
const ORDER = `ORDER BY a.occurred_at DESC, a.id DESC`;
const SELECT = `SELECT a.id, a.kind, a.agency_id, g.name AS agency_name, a.occurred_at, to_char(a.day, 'YYYY-MM-DD') AS day, a.count
                FROM profile_activity a JOIN agency g ON g.id = a.agency_id`;

export class ActivityService {
  /** key: influencer \u0000 agency \u0000 day → count and the last time */
  private pending = new Map<string, { count: number; last: Date }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    readonly flushMs = 5_000,
  ) {}

  /** Writes one event (inside the caller's transaction when `db` is one). */
  async record(db: Queryable, kind: Exclude<ActivityKind, 'SEARCH_APPEARANCES'>, influencerId: string, agencyId: string): Promise<void> {
    await this.recordMany(db, kind, [influencerId], agencyId);
  }

  /** The same event for several people at once (a deleted shortlist), in one statement. */
  async recordMany(db: Queryable, kind: Exclude<ActivityKind, 'SEARCH_APPEARANCES'>, influencerIds: readonly string[], agencyId: string): Promise<void> {
    if (influencerIds.length === 0) return;
    await db.query(
      `INSERT INTO profile_activity (influencer_id, agency_id, kind, occurred_at) SELECT i, $2, $3, $4 FROM unnest($1::uuid[]) AS i`,
      [influencerIds, agencyId, kind, this.clock.now()],
    );
  }

  /** Counts one appearance in search results for each id, in memory until the next flush. */
  recordAppearances(agencyId: string, influencerIds: readonly string[]): void {
    const now = this.clock.now();
    const day = now.toISOString().slice(0, 10);
    for (const id of influencerIds) {
      const key = `${id}\u0000${agencyId}\u0000${day}`;
      const p = this.pending.get(key);
      if (p) {
        p.count++;
        p.last = now;
      } else this.pending.set(key, { count: 1, last: now });
    }
  }

  /** Starts the periodic flush (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Writes the pending appearance counts in one statement; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const cols: [string[], string[], string[], number[], Date[]] = [[], [], [], [], []];
    for (const [key, v] of batch) {
      const [influencer, agency, day] = key.split('\u0000');
      cols[0].push(influencer);
      cols[1].push(agency);
      cols[2].push(day);
      cols[3].push(v.count);
      cols[4].push(v.last);
    }
    // people erased (and agencies gone) since are skipped; a concurrent erasure can still make the
    // statement fail on its foreign key, so it is tried once more
    const sql = `INSERT INTO profile_activity AS a (influencer_id, agency_id, kind, day, count, occurred_at)
       SELECT x.i, x.a, 'SEARCH_APPEARANCES', x.d, x.n, x.t
       FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::int[], $5::timestamptz[]) AS x(i, a, d, n, t)
       WHERE EXISTS (SELECT 1 FROM influencer i WHERE i.id = x.i) AND EXISTS (SELECT 1 FROM agency g WHERE g.id = x.a)
       ON CONFLICT (influencer_id, agency_id, day) WHERE kind = 'SEARCH_APPEARANCES'
       DO UPDATE SET count = a.count + EXCLUDED.count, occurred_at = greatest(a.occurred_at, EXCLUDED.occurred_at)`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.query(sql, cols);
        return;
      } catch (err) {
        if (attempt >= 2) {
          // kept for the next flush (the database may be down for a moment): nothing is lost but by a crash
          for (const [key, v] of batch) {
            const p = this.pending.get(key);
            if (p) {
              p.count += v.count;
              if (v.last > p.last) p.last = v.last;
            } else this.pending.set(key, v);
          }
          this.log(`activity: ${batch.size} search appearance counts not written yet, kept for the next flush: ${(err as Error).message}`);
          return;
        }
      }
    }
  }

  /** A page of the record, newest first. */
  async page(influencerId: string, first: number, after: string | null): Promise<SeqPage<ActivityEntry>> {
    const from = after ? decodeSeqCursor(after, 2) : null;
    const rows: ActivityRow[] = await this.db.query(
      `${SELECT} WHERE a.influencer_id = $1
         AND ($3::timestamptz IS NULL OR (a.occurred_at, a.id) < ($3::timestamptz, $4::bigint))
       ${ORDER} LIMIT $2`,
      [influencerId, first + 1, from ? new Date(Number(from[0])) : null, from ? from[1] : null],
    );
    const entries = rows.slice(0, first).map(toEntry);
    return {
      items: entries.map((e) => ({ cursor: encodeSeqCursor([String(e.occurredAt.getTime()), e.id]), value: e })),
      hasNextPage: rows.length > first,
    };
  }

  /** The whole record, newest first: for the influencer's data export. */
  async activityFor(influencerId: string): Promise<ActivityEntry[]> {
    const rows: ActivityRow[] = await this.db.query(`${SELECT} WHERE a.influencer_id = $1 ${ORDER}`, [influencerId]);
    return rows.map(toEntry);
  }
}
