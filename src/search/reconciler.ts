/**
 * The reconciler: compares the index with who is listable now and repairs the difference, or
 * rebuilds the index from scratch. Both write through the projector, under the same per-person
 * locks as the outbox drain.
 */
import type { DataSource } from 'typeorm';
import type { DeadLetter, OutboxQueue } from './outbox-queue';
import type { Projector } from './projector';

/** Batches a rebuild writes at once (PostgreSQL works on each in its own backend). */
const REBUILD_WORKERS = 4;

export interface VerifyReport {
  eligible: number;
  indexed: number;
  missing: string[];
  extra: string[];
  /** People whose outbox jobs gave up; their documents may be stale until retried. */
  deadLetters: DeadLetter[];
  /**
   * People with changes still waiting in the outbox: the indexer's to apply, so neither counted
   * as missing or extra nor repaired here (a fresh seed is not drift).
   */
  inFlight: number;
  repaired: boolean;
}

export class Reconciler {
  constructor(
    private readonly ds: DataSource,
    private readonly projector: Projector,
    private readonly queue: OutboxQueue,
    private readonly batchSize = 1000,
  ) {}

  /** Rebuild: write every listable person in batches, then remove whatever else the engine holds. */
  async rebuild(onProgress: (done: number, total: number) => void = () => undefined): Promise<VerifyReport> {
    await this.projector.prepare(true);
    const eligible = await this.projector.listableIds();
    onProgress(0, eligible.length);
    // REBUILD_WORKERS batches at a time: while one waits for the database, another's runs
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < eligible.length) {
        const batch = eligible.slice(next, (next += this.batchSize));
        await this.projector.projectLocked(batch);
        onProgress((done += batch.length), eligible.length);
      }
    };
    await Promise.all(Array.from({ length: REBUILD_WORKERS }, worker));
    // what the engine lets lag behind bulk writes (facet counts) is up to date when a rebuild ends
    await this.projector.engine.settle?.();
    return this.verify(true);
  }

  /** Compare the engine's ids with the listable set; with repair, fix both directions. */
  async verify(repair: boolean): Promise<VerifyReport> {
    if (repair) await this.projector.prepare();
    const [eligible, indexed, deadLetters, waiting] = await Promise.all([
      this.projector.listableIds(),
      this.projector.engine.listIds(),
      this.queue.deadLetters(this.ds),
      this.ds.query(`SELECT DISTINCT influencer_id AS id FROM outbox_event WHERE dead_at IS NULL`) as Promise<Array<{ id: string }>>,
    ]);
    const inFlight = new Set(waiting.map((w) => w.id));
    const inIndex = new Set(indexed);
    const wanted = new Set(eligible);
    const missing = eligible.filter((id) => !inIndex.has(id) && !inFlight.has(id));
    const extra = indexed.filter((id) => !wanted.has(id) && !inFlight.has(id));
    if (repair) {
      const fix = [...extra, ...missing];
      for (let i = 0; i < fix.length; i += this.batchSize) await this.projector.projectLocked(fix.slice(i, i + this.batchSize));
    }
    return { eligible: eligible.length, indexed: indexed.length, missing, extra, deadLetters, inFlight: inFlight.size, repaired: repair };
  }
}
