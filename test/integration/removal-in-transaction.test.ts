/**
 * With the postgres engine, a withdrawal or an erasure takes the document out of the index in its
 * own transaction (src/search/removal.ts): it is gone the moment the change commits, with no
 * indexer running at all. Before, it left only when the indexer reached the outbox event (under
 * the benchmark's search load p50 80 ms, p99 168 ms after the answer). The edges: the rule
 * decides (CONTACT withdrawn alone keeps the listing), an indexer batch holding the person waits
 * or is waited for, and when the removal cannot happen here the change still commits and the
 * outbox removes the document.
 */
import { Client } from 'pg';
import type { App } from '../../src/app';
import { buildDocuments } from '../../src/search/document';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { FaultyEngine } from '../support/faulty-engine';
import { createTestApp, pending } from '../support/test-app';

describe('removal from the index in the change’s own transaction (postgres engine)', () => {
  let app: App;
  let faulty: FaultyEngine;
  let withFaults: App;
  const logged: string[] = [];
  beforeAll(async () => {
    app = await createTestApp({ log: (l) => logged.push(l) });
    withFaults = await createTestApp({ engine: ({ ds }) => (faulty = new FaultyEngine(new PostgresSearchEngine(ds), { removeWithin: true })), log: (l) => logged.push(l) });
  });
  afterAll(async () => {
    await withFaults.close();
    await app.close();
  });

  let n = 0;
  /** A listable person, indexed (the indexer is not running: drained by hand). */
  async function listed(a: App): Promise<string> {
    n++;
    const r = await a.influencers.createAccount({ email: `rm${n}@removal.test`, password: 'correct horse battery', displayName: `Removable ${n}`, birthDate: '1990-04-01', country: 'DE' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    await a.influencers.connectAccount(r.value, { platform: 'YOUTUBE', handle: `removable_${n}`, followers: 1000 + n });
    expect((await a.consent.grant(r.value, 'DISCOVERY')).ok).toBe(true);
    expect((await a.consent.grant(r.value, 'CONTACT')).ok).toBe(true);
    await a.indexer.drain();
    expect(await inIndex(a, r.value)).toBe(true);
    return r.value;
  }
  async function inIndex(a: App, id: string): Promise<boolean> {
    const rows: unknown[] = await a.ds.query(`SELECT 1 FROM search_document WHERE id = $1`, [id]);
    return rows.length > 0;
  }
  async function vocabulary(a: App, word: string): Promise<number> {
    // a word no document holds any more leaves the vocabulary: 0
    const rows: Array<{ docs: number }> = await a.ds.query(`SELECT docs FROM search_vocabulary WHERE word = $1`, [word]);
    return rows[0]?.docs ?? 0;
  }

  it('a withdrawal of DISCOVERY leaves the index when it commits; the outbox event that follows changes nothing', async () => {
    const id = await listed(app);
    const handleWord = `removable`;
    const before = await vocabulary(app, handleWord);
    expect(await pending(app)).toBe(0);
    expect((await app.consent.withdraw(id, 'DISCOVERY')).ok).toBe(true);
    // no indexer has run: the withdrawal's transaction took the document and its words
    expect(await inIndex(app, id)).toBe(false);
    expect(await vocabulary(app, handleWord)).toBe(before - 1);
    // the outbox event is still written and still applied: the rule decides there too
    expect(await pending(app)).toBeGreaterThan(0);
    await app.indexer.drain();
    expect(await pending(app)).toBe(0);
    expect(await inIndex(app, id)).toBe(false);
    expect(await vocabulary(app, handleWord)).toBe(before - 1);
    // and opting in again brings them back through the indexer
    expect((await app.consent.grant(id, 'DISCOVERY')).ok).toBe(true);
    await app.indexer.drain();
    expect(await inIndex(app, id)).toBe(true);
    expect(await vocabulary(app, handleWord)).toBe(before);
  });

  it('an erasure takes the document with it', async () => {
    const id = await listed(app);
    expect(await app.consent.eraseAccount(id)).toBe(true);
    expect(await inIndex(app, id)).toBe(false);
    await app.indexer.drain();
    expect(await inIndex(app, id)).toBe(false);
  });

  it('the rule decides: withdrawing CONTACT alone leaves the person listed', async () => {
    const id = await listed(app);
    expect((await app.consent.withdraw(id, 'CONTACT')).ok).toBe(true);
    expect(await inIndex(app, id)).toBe(true);
  });

  it('a withdrawal waits for an indexer batch that holds the person, then removes what that batch wrote', async () => {
    const id = await listed(app);
    const [doc] = (await buildDocuments(app.ds, app.rule, app.topics, [id])).docs;
    expect(doc?.id).toBe(id);
    // a batch (another process) has read the person as listable and holds their lock
    const batch = new Client({ connectionString: (app.ds.options as { url: string }).url });
    await batch.connect();
    try {
      await batch.query('BEGIN');
      await app.projector.lock(batch, [id]);
      let done = false;
      const withdrawal = app.consent.withdraw(id, 'DISCOVERY').then((r) => ((done = true), r));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      // the batch writes the document it read before the withdrawal, then commits
      await app.engine.upsert([{ ...doc!, bio: 'stale, read before the withdrawal' }]);
      await batch.query('COMMIT');
      expect((await withdrawal).ok).toBe(true);
      expect(await inIndex(app, id)).toBe(false);
    } finally {
      await batch.end();
    }
  });

  it('a batch holding the person longer than the lock timeout: the withdrawal commits anyway and the outbox removes the document', async () => {
    const id = await listed(app);
    const batch = new Client({ connectionString: (app.ds.options as { url: string }).url });
    await batch.connect();
    try {
      await batch.query('BEGIN');
      await app.projector.lock(batch, [id]);
      logged.length = 0;
      const r = await app.consent.withdraw(id, 'DISCOVERY');
      expect(r.ok).toBe(true);
      expect(logged.join('\n')).toMatch(/lock for .* failed .*the outbox removes it/);
      expect(await inIndex(app, id)).toBe(true);
      await batch.query('COMMIT');
    } finally {
      await batch.end();
    }
    // the ledger has the withdrawal; the indexer does the rest
    expect((await app.consent.states(app.ds, id)).find((s) => s.purpose === 'DISCOVERY')?.granted).toBe(false);
    await app.indexer.drain();
    expect(await inIndex(app, id)).toBe(false);
  });

  it('when the removal fails, the withdrawal still commits (rolled back to a savepoint) and the outbox removes the document later', async () => {
    const id = await listed(withFaults);
    faulty.failWrites = true;
    logged.length = 0;
    try {
      const r = await withFaults.consent.withdraw(id, 'DISCOVERY');
      expect(r.ok).toBe(true);
      expect(logged.join('\n')).toMatch(/removal of .* failed \(injected fault/);
      expect(await inIndex(withFaults, id)).toBe(true);
      expect((await withFaults.consent.states(withFaults.ds, id)).find((s) => s.purpose === 'DISCOVERY')?.granted).toBe(false);
      // the engine down: the outbox keeps the event
      await withFaults.indexer.drain();
      expect(await pending(withFaults)).toBeGreaterThan(0);
    } finally {
      faulty.failWrites = false;
    }
    await new Promise((r) => setTimeout(r, 1_100));
    await withFaults.indexer.drain();
    expect(await inIndex(withFaults, id)).toBe(false);
  });
});
