/**
 * The indexer across processes: a change committed by one process reaches the index through
 * another process's LISTEN/NOTIFY (polling is set far too slow to explain it), and two indexers
 * draining one backlog together (FOR UPDATE SKIP LOCKED) end with the exact listable set.
 */
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDemo } from '../../src/seed/seed';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { FaultyEngine } from '../support/faulty-engine';
import { createTestApp, pending } from '../support/test-app';

async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not within ${ms} ms`);
}

describe('indexer', () => {
  let a: App;
  let b: App;
  beforeAll(async () => {
    a = await createTestApp();
    const url = (a.ds.options as { url: string }).url;
    // a second process's App on the same database, without its own indexer running
    b = await createApp(loadConfig({ SEED_DEMO: 'false' }), { databaseUrl: url, poolSize: 3, log: () => undefined, indexer: { pollMs: 600_000 } });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('a change committed elsewhere reaches the index through NOTIFY, not polling', async () => {
    await a.indexer.drain();
    await a.indexer.stop();
    const watcher = await createApp(loadConfig({ SEED_DEMO: 'false' }), {
      databaseUrl: (a.ds.options as { url: string }).url,
      poolSize: 3,
      log: () => undefined,
      indexer: { pollMs: 600_000, sweepMs: 600_000 },
    });
    try {
      await watcher.startIndexer();
      await watcher.indexer.drain();
      const r = await b.influencers.createAccount({ email: 'notify@ex.test', password: 'a long passphrase 42', displayName: 'Notified', birthDate: '1990-01-01' });
      if (!r.ok) throw new Error('sign-up failed');
      await b.influencers.connectAccount(r.value, { platform: 'TWITCH', handle: 'notified_tw', followers: 100 });
      await b.consent.grant(r.value, 'DISCOVERY');
      const listed = await until(async () => (await watcher.engine.listIds()).includes(r.value), 5000);
      expect(listed).toBeLessThan(5000);
      await b.consent.withdraw(r.value, 'DISCOVERY');
      await until(async () => !(await watcher.engine.listIds()).includes(r.value), 5000);
      // the events are deleted in the batch's transaction, just after the engine has applied them
      await until(async () => (await pending(watcher)) === 0, 5000);
    } finally {
      await watcher.close();
    }
  });

  it('a slow drainer holding a stale document cannot write it back after an erasure', async () => {
    const url = (a.ds.options as { url: string }).url;
    let slow!: FaultyEngine;
    const c = await createApp(loadConfig({ SEED_DEMO: 'false' }), {
      databaseUrl: url,
      poolSize: 3,
      log: () => undefined,
      engineFactory: ({ ds }) => (slow = new FaultyEngine(new PostgresSearchEngine(ds))),
    });
    try {
      await a.indexer.drain();
      const r = await b.influencers.createAccount({ email: 'race@ex.test', password: 'a long passphrase 42', displayName: 'Racey Erasable', birthDate: '1990-01-01' });
      if (!r.ok) throw new Error('sign-up failed');
      const id = r.value;
      await b.influencers.connectAccount(id, { platform: 'PINTEREST', handle: 'racey_pins', followers: 5 });
      await b.consent.grant(id, 'DISCOVERY');
      await a.indexer.drain();
      expect(await a.engine.listIds()).toContain(id);

      // c's drainer reads the person, then its engine stalls before writing
      await b.influencers.updateProfile(id, { bio: 'changed just before leaving' });
      let release!: () => void;
      slow.gate = new Promise<void>((resolve) => (release = resolve));
      const upserting = new Promise<void>((resolve) => (slow.onUpsert = resolve));
      const stalled = c.indexer.drain();
      await upserting;
      // meanwhile the person erases their account and another drainer handles it
      expect(await b.consent.eraseAccount(id)).toBe(true);
      const other = a.indexer.drain();
      await new Promise((r2) => setTimeout(r2, 300));
      release();
      await Promise.all([stalled, other]);
      await a.indexer.drain();
      expect(await a.engine.listIds()).not.toContain(id);
      expect(await a.ds.query(`SELECT count(*)::int AS n FROM search_document WHERE id = $1`, [id])).toEqual([{ n: 0 }]);
      expect(await a.ds.query(`SELECT word FROM search_vocabulary WHERE word = 'racey'`)).toEqual([]);
    } finally {
      slow.gate = null;
      await c.close();
    }
  });

  it('two indexers draining one backlog together end with exactly the listable set', async () => {
    await seedDemo(b, 300, 5);
    const backlog = await pending(a);
    expect(backlog).toBeGreaterThan(300);
    // a backlog is the indexer's work, not drift: the check neither reports nor repairs it
    const before = await a.reconciler.verify(false);
    expect({ missing: before.missing, extra: before.extra }).toEqual({ missing: [], extra: [] });
    expect(before.inFlight).toBeGreaterThanOrEqual(300);
    const [na, nb] = await Promise.all([a.indexer.drain(), b.indexer.drain()]);
    // every event done exactly once between them (SKIP LOCKED: no batch taken twice)
    expect(na + nb).toBe(backlog);
    expect(await pending(a)).toBe(0);
    const report = await a.reconciler.verify(false);
    expect({ missing: report.missing, extra: report.extra }).toEqual({ missing: [], extra: [] });
    expect(report.eligible).toBeGreaterThan(200);
  });
});
