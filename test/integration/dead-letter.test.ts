/**
 * Dead letters: a document the engine always refuses stops being retried after N attempts, is
 * reported by /metrics and `reindex --verify`, can be put back by an operator, and never holds up
 * anyone else's withdrawal. An engine outage, however long, makes no dead letter.
 */
import { run } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { FaultyEngine } from '../support/faulty-engine';
import { createTestStack, pending, testDatabaseUrl, type TestStack } from '../support/test-app';

const MAX_ATTEMPTS = 3;

describe('outbox dead letters', () => {
  let stack: TestStack;
  let engine: FaultyEngine;
  let n = 0;

  beforeAll(async () => {
    stack = await createTestStack({
      engine: ({ ds }) => (engine = new FaultyEngine(new PostgresSearchEngine(ds))),
      // no backoff, so that every processBatch() below is the next attempt
      indexer: { maxAttempts: MAX_ATTEMPTS, maxBackoffMs: 0 },
    });
  });
  afterAll(() => stack.close());

  async function listablePerson(name: string): Promise<string> {
    const { app } = stack;
    const signedUp = await app.influencers.createAccount({ email: `${name}${++n}@dead.test`, password: 'a long passphrase 42', displayName: name, birthDate: '1990-01-01' });
    if (!signedUp.ok) throw new Error(JSON.stringify(signedUp.errors));
    const id = signedUp.value;
    await app.influencers.connectAccount(id, { platform: 'INSTAGRAM', handle: `${name.toLowerCase()}${n}`, followers: 1000 });
    await app.consent.grant(id, 'DISCOVERY');
    await app.indexer.drain();
    expect(await app.engine.listIds()).toContain(id);
    return id;
  }

  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${stack.server.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`no ${name} in /metrics`);
    return Number(line.split(' ')[1]);
  };

  it('a document that always fails ends as a dead letter after N attempts, and holds up no withdrawal', async () => {
    const { app } = stack;
    const poison = await listablePerson('Poison');
    const leaver = await listablePerson('Leaver');
    engine.poison.add(poison);
    try {
      await app.influencers.updateProfile(poison, { bio: 'A change the engine refuses' });
      await app.consent.withdraw(leaver, 'DISCOVERY');
      const first = await app.indexer.processBatch();
      expect(first).toMatchObject({ engineDown: false, dead: 0 });
      expect(first.applied).toBeGreaterThan(0);
      expect(first.retrying).toBeGreaterThan(0);
      // the withdrawal went through in the same batch as the poison
      expect(await app.engine.listIds()).not.toContain(leaver);

      let last = first;
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) last = await app.indexer.processBatch();
      expect(last.dead).toBeGreaterThan(0);
      expect(await app.indexer.processBatch()).toMatchObject({ claimed: 0 });
      expect(await pending(app)).toBe(0);
      expect(await metric('permission_outbox_dead_letters')).toBe(1);
      expect(await metric('permission_indexer_consecutive_failures')).toBe(0);

      // a later withdrawal is not held up by the dead letter either
      const other = await listablePerson('Other');
      await app.consent.withdraw(other, 'DISCOVERY');
      await app.indexer.drain();
      expect(await app.engine.listIds()).not.toContain(other);

      const report = await app.reconciler.verify(false);
      expect(report.deadLetters).toEqual([
        expect.objectContaining({ influencerId: poison, attempts: MAX_ATTEMPTS, lastError: expect.stringMatching(/refused/) }),
      ]);
    } finally {
      engine.poison.delete(poison);
    }
  });

  it('reindex --verify lists the dead letters; outbox:retry puts them back and the drain applies them', async () => {
    const { app } = stack;
    const url = await databaseUrlOf(stack);
    const config = loadConfig({ DATABASE_URL: url, SEED_DEMO: 'false' });
    const out: string[] = [];
    const io = { out: (line: string) => void out.push(line), err: process.stderr };
    expect(await run({ name: 'reindex', verify: true }, config, io)).toBe(0);
    expect(out.join('\n')).toMatch(/Outbox dead letters: 1: [0-9a-f-]{36}/);
    expect(out.join('\n')).toMatch(/3 attempts, last error: .*refused/);
    expect(out.join('\n')).toMatch(/outbox:retry/);

    out.length = 0;
    expect(await run({ name: 'outbox:retry' }, config, io)).toBe(0);
    expect(out.join('\n')).toMatch(/Put [1-9]\d* dead-letter event\(s\) back/);
    await app.indexer.drain();
    expect((await app.queue.stats(app.ds)).deadLetters).toBe(0);
    expect(await pending(app)).toBe(0);
    const [{ n: stale }] = await app.ds.query(
      `SELECT count(*)::int AS n FROM search_document d JOIN influencer i ON i.id = d.id
       WHERE i.bio = 'A change the engine refuses' AND NOT d.search_text LIKE '%refuses%'`,
    );
    expect(stale).toBe(0);
  });

  it('an engine outage, however long, makes no dead letter and counts no attempt', async () => {
    const { app } = stack;
    const person = await listablePerson('Patient');
    engine.failWrites = true;
    try {
      await app.consent.withdraw(person, 'DISCOVERY');
      for (let i = 0; i < MAX_ATTEMPTS * 2; i++) {
        const r = await app.indexer.processBatch();
        expect(r).toMatchObject({ engineDown: true, dead: 0, applied: 0 });
        // the backoff grows with the outage; put the events back in reach for the next round
        await app.ds.query(`UPDATE outbox_event SET available_at = clock_timestamp()`);
      }
      expect(app.indexer.consecutiveEngineFailures).toBe(MAX_ATTEMPTS * 2);
      const rows: Array<{ attempts: number; dead_at: Date | null }> = await app.ds.query(`SELECT attempts, dead_at FROM outbox_event WHERE influencer_id = $1`, [person]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.attempts === 0 && r.dead_at === null)).toBe(true);
    } finally {
      engine.failWrites = false;
    }
    await app.indexer.drain();
    expect(await app.engine.listIds()).not.toContain(person);
    expect(app.indexer.consecutiveEngineFailures).toBe(0);
  });
});

/** The database the stack's app uses (the CLI opens its own App on it). */
async function databaseUrlOf(stack: TestStack): Promise<string> {
  const [{ db }] = await stack.app.ds.query(`SELECT current_database() AS db`);
  return testDatabaseUrl(db);
}
