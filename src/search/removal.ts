/**
 * Removal in the same transaction, for an engine kept in the application's database (postgres).
 *
 * Through the outbox, a withdrawal reaches the index after it has committed: the indexer wakes,
 * claims the event, asks the rule, deletes. Under a search load that took 80 ms at the median and
 * 170 ms at p99 (BENCHMARKS.md). When the index is a table of the same database, the change that
 * unlists someone (a withdrawal, an erasure) takes the document out in its own transaction
 * instead: it leaves the index the moment the change commits, and the outbox event the same
 * transaction wrote finds nothing left to do (the indexer still runs it: the rule decides there too).
 *
 * It never stands in the way of the change itself. It waits at most `lockTimeoutMs` for a lock,
 * and whatever fails is rolled back to a savepoint: the change commits, and its outbox event
 * removes the document as before.
 */
import type { EligibilityRule, Queryable } from '../consent/eligibility';
import type { Projector } from './projector';
import type { SearchEngine } from './search-engine';

type Removing = Required<Pick<SearchEngine, 'removeWithin'>>;

export class InTransactionRemoval {
  constructor(
    private readonly engine: Removing,
    private readonly projector: Pick<Projector, 'lock'>,
    private readonly rule: EligibilityRule,
    private readonly log: (line: string) => void,
    private readonly lockTimeoutMs = 1000,
  ) {}

  /** The engine can remove inside a transaction: an instance for it, else null (the outbox alone). */
  static for(
    engine: SearchEngine,
    projector: Pick<Projector, 'lock'>,
    rule: EligibilityRule,
    log: (line: string) => void,
  ): InTransactionRemoval | null {
    return engine.removeWithin ? new InTransactionRemoval(engine as Removing, projector, rule, log) : null;
  }

  /**
   * Call first in the transaction, before it locks any row: the indexer's lock on these people
   * (Projector.lock), so that a batch which read them before this change cannot write their
   * document back after it. False when it was not had in time: then nothing is removed here.
   */
  async hold(tx: Queryable, ids: string[]): Promise<boolean> {
    return this.guarded(tx, `lock for ${ids.join(', ')}`, () => this.projector.lock(tx, ids));
  }

  /**
   * After the change, with `hold` had: whoever the rule no longer lists leaves the index in this
   * transaction (someone erased is not listed either). Returns who left.
   */
  async removeUnlisted(tx: Queryable, ids: string[]): Promise<string[]> {
    const verdicts = await this.rule.evaluate(tx, ids);
    const unlisted = ids.filter((id) => !verdicts.get(id)?.listable);
    if (!unlisted.length) return [];
    return (await this.guarded(tx, `removal of ${unlisted.join(', ')}`, () => this.engine.removeWithin(tx, unlisted))) ? unlisted : [];
  }

  /** Runs `work` under a savepoint with a lock timeout; on failure rolls back to it and says so. */
  private async guarded(tx: Queryable, what: string, work: () => Promise<void>): Promise<boolean> {
    const [{ before }]: Array<{ before: string }> = await tx.query(`SELECT current_setting('lock_timeout') AS before`);
    await tx.query(`SAVEPOINT in_transaction_removal`);
    try {
      await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${this.lockTimeoutMs}ms`]);
      await work();
      await tx.query(`RELEASE SAVEPOINT in_transaction_removal`);
      await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [before]);
      return true;
    } catch (err) {
      // also undoes the lock timeout: set inside the savepoint
      await tx.query(`ROLLBACK TO SAVEPOINT in_transaction_removal`);
      this.log(`index: ${what} in the change's transaction failed (${(err as Error).message}); the outbox removes it after the commit`);
      return false;
    }
  }
}
