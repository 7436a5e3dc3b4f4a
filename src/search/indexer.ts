/**
 * The outbox indexer: drains `outbox_event` in batches (FOR UPDATE SKIP LOCKED, so several
 * processes can share the work), re-reads each influencer through the eligibility rule, and
 * upserts or deletes the document. Idempotent; an engine failure leaves the events in place with
 * a backoff, so nothing is lost. Woken in-process after each mutation and across processes by
 * LISTEN/NOTIFY, with a polling fallback; a periodic sweep enqueues time-based changes
 * (consent expiring, birthdays) that no write announces.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { EligibilityRule } from '../consent/eligibility';
import type { TopicCatalog } from '../topics/topic-catalog';
import { buildDocuments } from './document';
import type { SearchEngine } from './search-engine';

export interface IndexerOptions {
  batchSize?: number;
  pollMs?: number;
  sweepMs?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

export interface VerifyReport {
  eligible: number;
  indexed: number;
  missing: string[];
  extra: string[];
  repaired: boolean;
}

/**
 * Serialises work on the same people across drainers, the reconciler and rebuilds: held until
 * the caller's transaction ends, taken in id order so that two batches cannot deadlock. Without
 * it, a batch that read someone just before their erasure could write the stale document after
 * another drainer had deleted it.
 */
async function lockPeople(db: Pick<DataSource, 'query'>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (
       SELECT DISTINCT hashtextextended(id, 7046) AS k FROM unnest($1::text[]) id ORDER BY 1) s`,
    [ids],
  );
}

/** What the worker does with a batch; jobs carry ids only, never data. */
type IndexJob =
  | { type: 'sync'; influencerIds: string[] }
  | { type: 'sweep'; from: Date; to: Date };

export class Indexer {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly sweepMs: number;
  private readonly maxBackoffMs: number;
  private readonly log: (line: string) => void;
  private listener: Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Counts stop() calls: a drain in progress when stop() is called ends after its current batch. */
  private stops = 0;
  private lastSweep: Date;
  /** Consecutive failed batches: the engine is down. */
  failures = 0;
  /** The engine's settings are in place (applied at start, or before the first write). */
  settingsApplied = false;

  constructor(
    private readonly ds: DataSource,
    private readonly engine: SearchEngine,
    private readonly rule: EligibilityRule,
    private readonly topics: TopicCatalog,
    private readonly clock: Clock,
    opts: IndexerOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.pollMs = opts.pollMs ?? 2000;
    this.sweepMs = opts.sweepMs ?? 60_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.log = opts.log ?? (() => undefined);
    this.lastSweep = clock.now();
  }

  /** Listen for NOTIFY, poll as a fallback, sweep periodically. */
  async start(databaseUrl: string): Promise<void> {
    this.stopped = false;
    try {
      this.listener = new Client({ connectionString: databaseUrl, application_name: 'permission-indexer' });
      this.listener.on('notification', () => this.wake());
      this.listener.on('error', (err) => {
        if (!this.stopped) this.log(`indexer: LISTEN connection lost (${err.message}); polling continues`);
        this.listener = null;
      });
      await this.listener.connect();
      await this.listener.query('LISTEN outbox');
    } catch (err) {
      this.log(`indexer: LISTEN unavailable (${(err as Error).message}); polling every ${this.pollMs} ms`);
      this.listener = null;
    }
    this.timers.push(setInterval(() => this.wake(), this.pollMs));
    this.timers.push(setInterval(() => void this.sweep().catch((e) => this.log(`indexer: sweep failed: ${(e as Error).message}`)), this.sweepMs));
    for (const t of this.timers) t.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stops++;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Drain soon; calls while a drain runs make it go round once more. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .then(() => undefined)
      .catch((err) => this.log(`indexer: ${(err as Error).message}`))
      .finally(() => {
        this.draining = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Process batches until nothing is available (events in backoff wait for their time). */
  async drain(): Promise<number> {
    let total = 0;
    const stops = this.stops;
    for (;;) {
      // stop() waits for the batch in hand, not for the whole backlog (the next process drains it)
      if (this.stops !== stops) return total;
      const n = await this.processBatch();
      if (n <= 0) return total;
      total += n;
    }
  }

  /**
   * One batch in one transaction. Returns the number of events done, 0 when none was available,
   * -1 when the engine failed (the events stay, with attempts + 1 and a backoff).
   */
  async processBatch(): Promise<number> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const rows: Array<{ id: string; influencer_id: string; attempts: number }> = await qr.query(
        `SELECT id, influencer_id, attempts FROM outbox_event WHERE available_at <= clock_timestamp()
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) {
        await qr.commitTransaction();
        return 0;
      }
      const byPerson = new Map<string, typeof rows>();
      for (const r of rows) byPerson.set(r.influencer_id, [...(byPerson.get(r.influencer_id) ?? []), r]);
      const people = [...byPerson.keys()];
      await lockPeople(qr, people);
      let failed: Array<{ rows: typeof rows; error: Error }> = [];
      try {
        await this.run({ type: 'sync', influencerIds: people });
      } catch (err) {
        // Either the engine is down, or a document is poison. Try up to two people alone (picked
        // at random, so a poison document cannot always be the one tried): if both fail, the
        // engine is down and the whole batch backs off; otherwise go one by one, so that a single
        // bad document cannot hold up everybody else's withdrawal.
        failed = [{ rows, error: err as Error }];
        if (people.length > 1) {
          const shuffled = [...people].sort(() => Math.random() - 0.5);
          const results = new Map<string, Error | null>();
          for (const probe of shuffled.slice(0, 2)) results.set(probe, await this.tryOne(probe));
          if ([...results.values()].some((e) => e === null)) {
            failed = [];
            for (const person of shuffled) {
              const error = results.has(person) ? results.get(person)! : await this.tryOne(person);
              if (error) failed.push({ rows: byPerson.get(person)!, error });
            }
          }
        }
      }
      const failedIds = new Set(failed.flatMap((f) => f.rows.map((r) => r.id)));
      for (const f of failed) {
        const attempts = Math.max(...f.rows.map((r) => r.attempts)) + 1;
        const backoff = Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(attempts, 20));
        await qr.query(
          `UPDATE outbox_event SET attempts = attempts + 1, last_error = $2,
                  available_at = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
           WHERE id = ANY($1::bigint[])`,
          [f.rows.map((r) => r.id), String(f.error.message).slice(0, 500), backoff],
        );
        this.log(`indexer: ${f.rows.length} event(s) failed (attempt ${attempts}, retry in ${backoff} ms): ${f.error.message}`);
        const retry = setTimeout(() => this.wake(), backoff + 10);
        retry.unref();
      }
      const eventIds = rows.filter((r) => !failedIds.has(r.id)).map((r) => r.id);
      if (failedIds.size === rows.length) {
        await qr.commitTransaction();
        this.failures++;
        return -1;
      }
      await qr.query(`DELETE FROM outbox_event WHERE id = ANY($1::bigint[])`, [eventIds]);
      await qr.commitTransaction();
      this.failures = 0;
      return rows.length;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  private async ensureSettings(): Promise<void> {
    if (this.settingsApplied) return;
    await this.engine.applySettings();
    this.settingsApplied = true;
  }

  /** Sync one person; the error, or null when it worked. */
  private async tryOne(influencerId: string): Promise<Error | null> {
    try {
      await this.run({ type: 'sync', influencerIds: [influencerId] });
      return null;
    } catch (err) {
      return err as Error;
    }
  }

  private async run(job: IndexJob): Promise<void> {
    switch (job.type) {
      case 'sync': {
        await this.ensureSettings();
        const { docs, remove } = await buildDocuments(this.ds, this.rule, this.topics, job.influencerIds);
        // deletes first: a withdrawal must leave the index even if an upsert in the batch fails
        await this.engine.delete(remove);
        await this.engine.upsert(docs);
        return;
      }
      case 'sweep': {
        await this.enqueueTimeBased(job.from, job.to);
        return;
      }
      default: {
        const never: never = job;
        throw new Error(`unknown index job ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Time passing changes eligibility without any write: a consent expires, someone turns the
   * minimum age. Enqueue everyone whose state may have changed in (from, to]; the normal drain
   * then re-reads them through the rule (a few extra are harmless: the work is idempotent).
   */
  async sweep(to: Date = this.clock.now()): Promise<void> {
    const from = this.lastSweep;
    await this.run({ type: 'sweep', from, to });
    this.lastSweep = to;
    this.wake();
  }

  private async enqueueTimeBased(from: Date, to: Date): Promise<void> {
    const { minAge, consentTtlDays } = this.rule.policy;
    await this.ds.query(
      `INSERT INTO outbox_event (influencer_id, reason)
       SELECT DISTINCT id, 'sweep.time' FROM (
         SELECT e.influencer_id AS id FROM consent_event e
         WHERE e.action = 'GRANT'
           AND e.occurred_at + make_interval(days => $3) > $1::timestamptz - interval '1 second'
           AND e.occurred_at + make_interval(days => $3) <= $2::timestamptz
         UNION
         SELECT i.id FROM influencer i
         WHERE i.birth_date >  (($1::timestamptz AT TIME ZONE 'UTC')::date - make_interval(years => $4) - interval '3 days')
           AND i.birth_date <= (($2::timestamptz AT TIME ZONE 'UTC')::date - make_interval(years => $4) + interval '1 day')
       ) x`,
      [from, to, consentTtlDays, minAge],
    );
  }

  /** Rebuild: upsert every listable person in batches, then delete whatever else the engine holds. */
  async rebuild(onProgress: (done: number, total: number) => void = () => undefined): Promise<VerifyReport> {
    await this.engine.applySettings();
    this.settingsApplied = true;
    const eligible = await this.eligibleIds();
    onProgress(0, eligible.length);
    for (let i = 0; i < eligible.length; i += this.batchSize) {
      await this.syncLocked(eligible.slice(i, i + this.batchSize));
      onProgress(Math.min(eligible.length, i + this.batchSize), eligible.length);
    }
    return this.verify(true);
  }

  /** Compare the engine's ids with the eligible set; with repair, fix both directions. */
  async verify(repair: boolean): Promise<VerifyReport> {
    if (repair) await this.ensureSettings();
    const [eligible, indexed] = await Promise.all([this.eligibleIds(), this.engine.listIds()]);
    const inIndex = new Set(indexed);
    const wanted = new Set(eligible);
    const missing = eligible.filter((id) => !inIndex.has(id));
    const extra = indexed.filter((id) => !wanted.has(id));
    if (repair) {
      // through the same locked path as the drain: re-read, then write
      const fix = [...extra, ...missing];
      for (let i = 0; i < fix.length; i += this.batchSize) await this.syncLocked(fix.slice(i, i + this.batchSize));
    }
    return { eligible: eligible.length, indexed: indexed.length, missing, extra, repaired: repair };
  }

  /** Re-read these people through the rule and write them, holding their locks. */
  private async syncLocked(ids: string[]): Promise<void> {
    await this.ds.transaction(async (m) => {
      await lockPeople(m, ids);
      await this.run({ type: 'sync', influencerIds: ids });
    });
  }

  private async eligibleIds(): Promise<string[]> {
    const f = this.rule.fragment(1);
    const rows: Array<{ influencer_id: string }> = await this.ds.query(
      `SELECT e.influencer_id FROM ${f.sql} e WHERE e.listable ORDER BY e.influencer_id`,
      f.params,
    );
    return rows.map((r) => r.influencer_id);
  }

  /** Pending events (for readiness, metrics and tests). */
  async backlog(): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM outbox_event`);
    return n;
  }
}
