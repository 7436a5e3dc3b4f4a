/** Fault injection around a real engine: writes, reads or both fail while switched on. */
import type { SearchDocument, SearchEngine, SearchRequest, SearchResponse } from '../../src/search/search-engine';

export class FaultyEngine implements SearchEngine {
  failWrites = false;
  failReads = false;
  writeAttempts = 0;
  /** Documents the engine refuses (a "poison" document), whatever else is in the batch. */
  poison = new Set<string>();
  /** While set, an upsert waits for it (after calling onUpsert): a slow engine, on cue. */
  gate: Promise<void> | null = null;
  onUpsert: (() => void) | null = null;
  /**
   * Removal inside the caller's transaction, when asked for and the inner engine has it. Off by
   * default: the index then lags behind a withdrawal until the indexer runs, as with Meilisearch,
   * which is what the read path's tests need.
   */
  removeWithin?: SearchEngine['removeWithin'];
  constructor(
    readonly inner: SearchEngine,
    opts: { removeWithin?: boolean } = {},
  ) {
    if (opts.removeWithin && inner.removeWithin) {
      this.removeWithin = async (tx, ids) => {
        this.check('write');
        return inner.removeWithin!(tx, ids);
      };
    }
  }
  get name() {
    return this.inner.name;
  }
  private check(kind: 'write' | 'read') {
    if (kind === 'write') this.writeAttempts++;
    if ((kind === 'write' && this.failWrites) || (kind === 'read' && this.failReads)) {
      throw new Error(`injected fault: search engine ${kind} unavailable`);
    }
  }
  async applySettings() {
    this.check('write');
    return this.inner.applySettings();
  }
  async upsert(docs: SearchDocument[]) {
    this.check('write');
    const bad = docs.find((d) => this.poison.has(d.id));
    if (bad) throw new Error(`injected fault: document ${bad.id} refused`);
    this.onUpsert?.();
    if (this.gate) await this.gate;
    return this.inner.upsert(docs);
  }
  async delete(ids: string[]) {
    this.check('write');
    return this.inner.delete(ids);
  }
  async search(r: SearchRequest): Promise<SearchResponse> {
    this.check('read');
    return this.inner.search(r);
  }
  async ping() {
    this.check('read');
    return this.inner.ping?.();
  }
  async listIds() {
    this.check('read');
    return this.inner.listIds();
  }
  async clear() {
    this.check('write');
    return this.inner.clear();
  }
}
