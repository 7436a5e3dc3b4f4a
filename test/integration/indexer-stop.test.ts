/**
 * Shutdown and the indexer: stop() lets the batch in hand finish (its events are applied and
 * removed from the outbox), then returns without draining the rest of the backlog, which stays in
 * the outbox for the next process. Nothing is lost, and shutdown is not held up by a long backlog.
 */
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDemo } from '../../src/seed/seed';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { FaultyEngine } from '../support/faulty-engine';
import { createTestDatabase } from '../support/test-app';

describe('indexer stop', () => {
  let app: App;
  let engine: FaultyEngine;
  afterAll(async () => {
    await app?.close();
  });

  it('finishes the current batch, leaves the rest of the backlog in the outbox, and a later drain takes it', async () => {
    const url = await createTestDatabase();
    app = await createApp(loadConfig({ SEED_DEMO: 'false' }), {
      databaseUrl: url,
      poolSize: 4,
      log: () => undefined,
      engineFactory: ({ ds }) => (engine = new FaultyEngine(new PostgresSearchEngine(ds))),
      indexer: { batchSize: 10, pollMs: 600_000, sweepMs: 600_000 },
    });
    await seedDemo(app, 40, 7);
    const pending = async () => (await app.ds.query(`SELECT count(*)::int AS n FROM outbox_event`))[0].n as number;
    const before = await pending();
    expect(before).toBeGreaterThan(30);

    // the first batch reaches the engine and waits there; stop() is called meanwhile
    let release!: () => void;
    engine.gate = new Promise<void>((resolve) => (release = resolve));
    const upserting = new Promise<void>((resolve) => (engine.onUpsert = resolve));
    await app.startIndexer();
    app.indexer.wake();
    await upserting;
    const stopped = app.indexer.stop();
    release();
    engine.gate = null;
    await stopped;

    expect(await pending()).toBe(before - 10);
    const indexed = (await engine.inner.listIds()).length;
    expect(indexed).toBeGreaterThan(0);

    // the backlog is intact: draining later applies all of it
    await app.indexer.drain();
    expect(await pending()).toBe(0);
    const listable: Array<{ influencer_id: string }> = await app.ds.query(`SELECT influencer_id FROM influencer_eligibility(18, 365, now()) WHERE listable`);
    expect((await engine.inner.listIds()).sort()).toEqual(listable.map((r) => r.influencer_id).sort());
  });
});
