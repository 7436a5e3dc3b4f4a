/**
 * The indexer: the worker that drains the outbox queue into the projector. Woken in-process after
 * each mutation and across processes by LISTEN/NOTIFY, with a polling fallback; a periodic sweep
 * enqueues the people whose verdict time alone changes (a consent expiring, a birthday), as the
 * eligibility rule predicts them (`next_change_at`).
 *
 * A batch that fails is split: each person is tried alone, so one bad document cannot hold up
 * anyone else's withdrawal; it is counted against that person only (dead letter after
 * `maxAttempts`). When nobody can be written, the engine is down: nothing is counted, everything
 * waits with a growing backoff, and nothing is lost.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { EligibilityRule } from '../consent/eligibility';
import type { ClaimedJob, OutboxQueue } from './outbox-queue';
import type { Projector } from './projector';

export interface IndexerOptions {
  batchSize?: number;
  pollMs?: number;
  sweepMs?: number;
  log?: (line: string) => void;
}

/** What one batch did, in events. */
export interface BatchResult {
  claimed: number;
  applied: number;
  /** Put back with a backoff (their own failure, or the engine down). */
  retrying: number;
  /** Gave up: now dead letters. */
  dead: number;
  /** No document could be written: the engine is down. */
  engineDown: boolean;
}

/** An id no document has: deleting it tells whether the engine takes writes at all. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

export class Indexer {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly sweepMs: number;
  private readonly log: (line: string) => void;
  private listener: Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Counts stop() calls: a drain in progress when stop() is called ends after its current batch. */
  private stops = 0;
  private lastSweep: Date;
  private downBatches = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly queue: OutboxQueue,
    private readonly projector: Projector,
    private readonly rule: EligibilityRule,
    private readonly clock: Clock,
    opts: IndexerOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.pollMs = opts.pollMs ?? 2000;
    this.sweepMs = opts.sweepMs ?? 60_000;
    this.log = opts.log ?? (() => undefined);
    this.lastSweep = clock.now();
  }

  /** Batches in a row in which the engine took no write (0 when it is up). */
  get consecutiveEngineFailures(): number {
    return this.downBatches;
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

  /** Process batches until nothing is available (events in backoff wait for their time); events applied. */
  async drain(): Promise<number> {
    let applied = 0;
    const stops = this.stops;
    for (;;) {
      // stop() waits for the batch in hand, not for the whole backlog (the next process drains it)
      if (this.stops !== stops) return this.settled(applied);
      const r = await this.processBatch();
      applied += r.applied;
      if (r.engineDown) return applied;
      if (r.claimed === 0) return this.settled(applied);
    }
  }

  /**
   * After a drain that wrote: what the engine lets lag behind bulk writes (facet counts) is
   * brought up to date, so a process that drains a large backlog and stops leaves none of it
   * pending. A failure leaves it for the next fold.
   */
  private async settled(applied: number): Promise<number> {
    if (applied > 0) await this.projector.engine.settle?.().catch(() => undefined);
    return applied;
  }

  /** One batch in one transaction: claim, lock the people, project, then acknowledge or put back. */
  async processBatch(): Promise<BatchResult> {
    const result: BatchResult = { claimed: 0, applied: 0, retrying: 0, dead: 0, engineDown: false };
    const retryTimes: number[] = [];
    await this.ds.transaction(async (tx) => {
      const jobs = await this.queue.claim(tx, this.batchSize);
      result.claimed = jobs.reduce((n, j) => n + j.eventIds.length, 0);
      if (!jobs.length) return;
      await this.projector.lock(tx, jobs.map((j) => j.influencerId));
      const { failures, engineDown } = await this.projectIsolating(jobs);
      if (engineDown) {
        this.downBatches++;
        const wait = this.queue.backoffMs(this.downBatches);
        await this.queue.postpone(tx, jobs, engineDown, wait);
        this.log(`indexer: search engine unavailable (${engineDown.message}); ${result.claimed} event(s) retry in ${wait} ms`);
        Object.assign(result, { retrying: result.claimed, engineDown: true });
        retryTimes.push(wait);
        return;
      }
      this.downBatches = 0;
      const done = jobs.filter((j) => !failures.has(j.influencerId));
      await this.queue.ack(tx, done);
      result.applied = done.reduce((n, j) => n + j.eventIds.length, 0);
      for (const job of jobs.filter((j) => failures.has(j.influencerId))) {
        const error = failures.get(job.influencerId)!;
        const outcome = await this.queue.failed(tx, job, error);
        if (outcome.dead) {
          result.dead += job.eventIds.length;
          this.log(`indexer: ${job.influencerId} is a dead letter after ${this.queue.maxAttempts} attempts: ${error.message}`);
        } else {
          result.retrying += job.eventIds.length;
          retryTimes.push(outcome.retryInMs);
          this.log(`indexer: ${job.influencerId} failed (retry in ${outcome.retryInMs} ms): ${error.message}`);
        }
      }
    });
    // after the commit: wake again when the earliest put-back event is due
    if (retryTimes.length) setTimeout(() => this.wake(), Math.min(...retryTimes) + 10).unref();
    return result;
  }

  /**
   * Project the batch; when that fails, each person alone (two probes first, picked at random so a
   * poison document cannot always be the one tried). When no one can be written and the engine
   * refuses even an empty write, the engine is down.
   */
  private async projectIsolating(jobs: ClaimedJob[]): Promise<{ failures: Map<string, Error>; engineDown: Error | null }> {
    const people = jobs.map((j) => j.influencerId);
    try {
      await this.projector.project(people);
      return { failures: new Map(), engineDown: null };
    } catch (err) {
      const shuffled = [...people].sort(() => Math.random() - 0.5);
      const outcomes = new Map<string, Error | null>();
      // a batch of one was just tried alone; otherwise two probes first
      const probes = people.length > 1 ? shuffled.slice(0, 2) : [];
      for (const probe of probes) outcomes.set(probe, await this.tryOne(probe));
      if (![...outcomes.values()].some((e) => e === null)) {
        const down = await this.engineRefusesWrites();
        if (down) return { failures: new Map(), engineDown: down };
      }
      for (const person of shuffled) if (!outcomes.has(person)) outcomes.set(person, people.length > 1 ? await this.tryOne(person) : (err as Error));
      const failures = new Map<string, Error>();
      for (const [person, error] of outcomes) if (error) failures.set(person, error);
      return { failures, engineDown: null };
    }
  }

  private async tryOne(influencerId: string): Promise<Error | null> {
    try {
      await this.projector.project([influencerId]);
      return null;
    } catch (err) {
      return err as Error;
    }
  }

  private async engineRefusesWrites(): Promise<Error | null> {
    try {
      await this.projector.prepare();
      await this.projector.engine.delete([NOBODY]);
      return null;
    } catch (err) {
      return err as Error;
    }
  }

  /**
   * Time passing changes verdicts without any write. Enqueue everyone whose verdict, as the rule
   * saw it at the last sweep, changes by `to` (`next_change_at`); the drain re-reads them.
   */
  async sweep(to: Date = this.clock.now()): Promise<number> {
    const from = this.lastSweep;
    const f = this.rule.fragment(1, from);
    const n = await this.queue.enqueueSelected(
      this.ds,
      `SELECT e.influencer_id FROM ${f.sql} e WHERE e.next_change_at <= $${f.params.length + 1}::timestamptz`,
      [...f.params, to],
      'sweep.time',
    );
    this.lastSweep = to;
    this.wake();
    return n;
  }
}
