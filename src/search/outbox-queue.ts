/**
 * The outbox as a queue. Rows are written by database triggers in the same transaction as the
 * change (see the foundation migration); a job names a person, never their data. Claiming takes
 * available rows with FOR UPDATE SKIP LOCKED, so several processes share the work; a claim is
 * acknowledged (deleted) once the projector applied it, or put back with a backoff. A person whose
 * document fails on its own `maxAttempts` times becomes a dead letter: kept, reported, no longer
 * retried until an operator asks.
 */
import type { Queryable } from '../consent/eligibility';

/** One person's claimed events. */
export interface ClaimedJob {
  influencerId: string;
  eventIds: string[];
  /** Failed attempts so far (the highest among the person's events). */
  attempts: number;
}

export interface QueueStats {
  pending: number;
  oldestSeconds: number;
  retrying: number;
  deadLetters: number;
}

export interface DeadLetter {
  influencerId: string;
  events: number;
  attempts: number;
  lastError: string | null;
  deadAt: Date;
}

export interface QueueOptions {
  /** Isolated failures after which a job becomes a dead letter. */
  maxAttempts?: number;
  maxBackoffMs?: number;
}

/** What became of a job put back: retried after `retryInMs`, or dead. */
export type RetryOutcome = { influencerId: string; dead: false; retryInMs: number } | { influencerId: string; dead: true };

export class OutboxQueue {
  readonly maxAttempts: number;
  readonly maxBackoffMs: number;

  constructor(opts: QueueOptions = {}) {
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  }

  /** Exponential backoff from 200 ms, capped. */
  backoffMs(attempts: number): number {
    return Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(Math.max(attempts, 1), 20));
  }

  /** Claims up to `limit` available events, grouped by person; locked until `tx` ends. */
  async claim(tx: Queryable, limit: number): Promise<ClaimedJob[]> {
    const rows: Array<{ id: string; influencer_id: string; attempts: number }> = await tx.query(
      `SELECT id, influencer_id, attempts FROM outbox_event
       WHERE dead_at IS NULL AND available_at <= clock_timestamp()
       ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    const jobs = new Map<string, ClaimedJob>();
    for (const r of rows) {
      const job = jobs.get(r.influencer_id) ?? { influencerId: r.influencer_id, eventIds: [], attempts: 0 };
      job.eventIds.push(r.id);
      job.attempts = Math.max(job.attempts, r.attempts);
      jobs.set(r.influencer_id, job);
    }
    return [...jobs.values()];
  }

  /** The jobs are done: their events go. */
  async ack(tx: Queryable, jobs: ClaimedJob[]): Promise<void> {
    const ids = jobs.flatMap((j) => j.eventIds);
    if (ids.length) await tx.query(`DELETE FROM outbox_event WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * The job's document failed on its own (the engine is up): one attempt more, then a backoff,
   * or dead after `maxAttempts`.
   */
  async failed(tx: Queryable, job: ClaimedJob, error: Error): Promise<RetryOutcome> {
    const attempts = job.attempts + 1;
    const dead = attempts >= this.maxAttempts;
    const retryInMs = this.backoffMs(attempts);
    await tx.query(
      `UPDATE outbox_event SET attempts = $2, last_error = $3,
              dead_at = CASE WHEN $4 THEN clock_timestamp() END,
              available_at = clock_timestamp() + make_interval(secs => $5::float8 / 1000)
       WHERE id = ANY($1::bigint[])`,
      [job.eventIds, attempts, errorText(error), dead, retryInMs],
    );
    return dead ? { influencerId: job.influencerId, dead } : { influencerId: job.influencerId, dead, retryInMs };
  }

  /** The engine is down: nobody's fault, so no attempt is counted; everything waits `retryInMs`. */
  async postpone(tx: Queryable, jobs: ClaimedJob[], error: Error, retryInMs: number): Promise<void> {
    await tx.query(
      `UPDATE outbox_event SET last_error = $2, available_at = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
       WHERE id = ANY($1::bigint[])`,
      [jobs.flatMap((j) => j.eventIds), errorText(error), retryInMs],
    );
  }

  /** Adds a job for each person the query selects (its one column: the influencer id). */
  async enqueueSelected(db: Queryable, selectIds: string, params: unknown[], reason: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await db.query(
      `WITH added AS (INSERT INTO outbox_event (influencer_id, reason)
                      SELECT s.id, $${params.length + 1} FROM (${selectIds}) AS s(id) RETURNING 1)
       SELECT count(*)::int AS n FROM added`,
      [...params, reason],
    );
    return n;
  }

  async stats(db: Queryable): Promise<QueueStats> {
    const [r]: Array<{ pending: number; oldest: number | null; retrying: number; dead: number }> = await db.query(
      `SELECT count(*) FILTER (WHERE dead_at IS NULL)::int AS pending,
              extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE dead_at IS NULL))::float8 AS oldest,
              count(*) FILTER (WHERE dead_at IS NULL AND attempts > 0)::int AS retrying,
              count(DISTINCT influencer_id) FILTER (WHERE dead_at IS NOT NULL)::int AS dead
       FROM outbox_event`,
    );
    return { pending: r.pending, oldestSeconds: Math.max(0, r.oldest ?? 0), retrying: r.retrying, deadLetters: r.dead };
  }

  async deadLetters(db: Queryable): Promise<DeadLetter[]> {
    const rows: Array<{ influencer_id: string; events: number; attempts: number; last_error: string | null; dead_at: Date }> = await db.query(
      `SELECT influencer_id, count(*)::int AS events, max(attempts)::int AS attempts,
              (array_agg(last_error ORDER BY id DESC))[1] AS last_error, max(dead_at) AS dead_at
       FROM outbox_event WHERE dead_at IS NOT NULL GROUP BY influencer_id ORDER BY max(dead_at), influencer_id`,
    );
    return rows.map((r) => ({ influencerId: r.influencer_id, events: r.events, attempts: r.attempts, lastError: r.last_error, deadAt: r.dead_at }));
  }

  /** Puts dead letters back in the queue with a clean slate; the number of events revived. */
  async retryDead(db: Queryable): Promise<number> {
    const [, count]: [unknown[], number] = await db.query(
      `UPDATE outbox_event SET dead_at = NULL, attempts = 0, available_at = clock_timestamp() WHERE dead_at IS NOT NULL`,
    );
    return count;
  }
}

const errorText = (e: Error): string => String(e.message).slice(0, 500);
