/**
 * The projector: re-reads people through the eligibility rule and writes what it finds to the
 * search engine: a document for whoever is listable, a delete for everyone else (Strapi's
 * sanitize pipeline, see document.ts). Idempotent; it holds no queue state.
 */
import type { DataSource } from 'typeorm';
import type { EligibilityRule, Queryable } from '../consent/eligibility';
import type { TopicCatalog } from '../topics/topic-catalog';
import { buildDocuments } from './document';
import { cancelPendingRequestsOfUnlisted } from '../agency/contact.service';
import type { SearchEngine } from './search-engine';

export class Projector {
  private settingsApplied = false;

  constructor(
    private readonly ds: DataSource,
    readonly engine: SearchEngine,
    private readonly rule: EligibilityRule,
    private readonly topics: TopicCatalog,
  ) {}

  /** The engine's settings are in place (applied at start, or before the first write). */
  get ready(): boolean {
    return this.settingsApplied;
  }

  /** Applies the engine's settings once; throws while the engine is unreachable. */
  async prepare(force = false): Promise<void> {
    if (this.settingsApplied && !force) return;
    await this.engine.applySettings();
    this.settingsApplied = true;
  }

  /**
   * Serialises work on the same people across drainers, the reconciler and rebuilds: held until
   * the caller's transaction ends, taken in id order so that two batches cannot deadlock. Without
   * it, a batch that read someone just before their erasure could write the stale document after
   * another drainer had deleted it.
   */
  async lock(tx: Queryable, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(k)) FROM (
         SELECT DISTINCT hashtextextended(id, 7046) AS k FROM unnest($1::text[]) id ORDER BY 1) s`,
      [ids],
    );
  }

  /** Re-read these people and write them to the engine; the caller holds their locks. */
  async project(ids: string[]): Promise<void> {
    await this.prepare();
    const { docs, remove } = await buildDocuments(this.ds, this.rule, this.topics, ids);
    // deletes first: a withdrawal must leave the index even if an upsert in the batch fails
    await this.engine.delete(remove);
    // what else follows someone leaving the listing: their pending contact requests end for good
    await cancelPendingRequestsOfUnlisted(this.ds, remove);
    await this.engine.upsert(docs);
  }

  /** The same, in a transaction of its own that holds the locks. */
  async projectLocked(ids: string[]): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await this.lock(tx, ids);
      await this.project(ids);
    });
  }

  /** Everyone listable now, by id (what the index should hold). */
  async listableIds(): Promise<string[]> {
    const f = this.rule.fragment(1);
    const rows: Array<{ influencer_id: string }> = await this.ds.query(
      `SELECT e.influencer_id FROM ${f.sql} e WHERE e.listable ORDER BY e.influencer_id`,
      f.params,
    );
    return rows.map((r) => r.influencer_id);
  }
}
