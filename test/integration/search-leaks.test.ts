/**
 * Nobody who withdrew, went private, is under age, was suspended or deleted can be found, not
 * even for an instant: the very next search and influencer(id) leave them out, before the indexer
 * has run, and while the engine is failing. When the engine recovers, the index converges and no
 * event is lost. The engine here removes documents only through the outbox, as Meilisearch does
 * (the postgres engine also removes them in a withdrawal's or erasure's own transaction:
 * removal-in-transaction.test.ts), so the index lags behind every change below.
 */
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import type { RunningServer } from '../../src/server';
import { FaultyEngine } from '../support/faulty-engine';
import { createTestApp, GqlClient, pending, startTestServer } from '../support/test-app';
import { join } from '../support/join';

const SEARCH = `query($q: String, $f: InfluencerFilter) { searchInfluencers(query: $q, filter: $f, first: 20) { totalCount edges { node { id displayName accounts { handle } } } } }`;
const ONE = `query($id: ID!) { influencer(id: $id) { id displayName accounts { handle } } }`;
const DAY = 86_400_000;

describe('no stale result, ever', () => {
  let app: App;
  let server: RunningServer;
  let engine: FaultyEngine;
  let agency: GqlClient;
  const clock = new ManualClock(new Date());
  let n = 0;

  beforeAll(async () => {
    app = await createTestApp({ clock, engine: ({ ds }) => (engine = new FaultyEngine(new PostgresSearchEngine(ds))) });
    server = await startTestServer(app);
    agency = new GqlClient(server.url);
    agency.bearer = (await app.auth.createAgency('Leak testers')).apiKey;
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  /** A listable person with a unique word in their name, indexed; returns their session and ids. */
  async function listablePerson() {
    const word = `Quokka${++n}x${Math.floor(Math.random() * 1e6)}`;
    const c = new GqlClient(server.url);
    const { id } = await join(c, { email: `${word}@leak.test`, password: 'a long passphrase 42', displayName: `${word} Tester`, birthDate: '1990-05-05', country: 'FR' });
    await c.request(`mutation { updateProfile(input: { topics: [{ slug: "yoga", weight: 0.9 }], bio: "Yoga every morning" }) { userErrors { code } } }`);
    const acc = await c.request(`mutation($h: String!) { connectSocialAccount(input: { platform: INSTAGRAM, handle: $h, followers: 5000 }) { account { id } } }`, { h: `${word}_ig` });
    const accountId = acc.data.connectSocialAccount.account.id as string;
    const g = await c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    expect(g.data.grantConsent.userErrors).toEqual([]);
    await app.indexer.drain();
    expect(await app.engine.listIds()).toContain(id);
    expect(await found(word, id)).toEqual({ inSearch: true, byId: true, byHandle: true });
    return { c, id, word, accountId };
  }

  async function found(word: string, id: string) {
    const byText = await agency.request(SEARCH, { q: word });
    const byHandle = await agency.request(SEARCH, { q: `${word}_ig` });
    const one = await agency.request(ONE, { id });
    expect(byText.errors).toBeUndefined();
    return {
      inSearch: byText.data.searchInfluencers.edges.some((e: any) => e.node.id === id),
      byId: one.data.influencer?.id === id,
      byHandle: byHandle.data.searchInfluencers.edges.some((e: any) => e.node.id === id),
    };
  }

  const changes: Array<[string, (p: Awaited<ReturnType<typeof listablePerson>>) => Promise<void>]> = [
    ['withdraw DISCOVERY', async (p) => void (await p.c.request(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`))],
    ['delete the account', async (p) => void (await p.c.request(`mutation { deleteMyAccount(confirm: true) { deleted } }`))],
    ['mark the only public account private', async (p) => void (await p.c.request(`mutation($id: ID!) { updateSocialAccount(id: $id, input: { isPrivate: true }) { userErrors { code } } }`, { id: p.accountId }))],
    ['disconnect the only public account', async (p) => void (await p.c.request(`mutation($id: ID!) { disconnectSocialAccount(id: $id) { userErrors { code } } }`, { id: p.accountId }))],
    ['correct the birth date to a minor', async (p) => void (await p.c.request(`mutation { updateProfile(input: { birthDate: "2012-02-02" }) { userErrors { code } } }`))],
    ['suspend (operator)', async (p) => void (await app.ds.query(`UPDATE influencer SET status = 'suspended' WHERE id = $1`, [p.id]))],
  ];

  describe.each(changes)('%s', (_label, change) => {
    it('is out of the very next search and influencer(id), before the indexer runs', async () => {
      const p = await listablePerson();
      await change(p);
      // the index still holds the document: the read path alone keeps them out
      expect(await app.engine.listIds()).toContain(p.id);
      expect(await found(p.word, p.id)).toEqual({ inSearch: false, byId: false, byHandle: false });
      // the engine still counts them; the count is corrected by the stale hit the request met
      expect((await agency.request(SEARCH, { q: p.word })).data.searchInfluencers.totalCount).toBe(0);
      await app.indexer.drain();
      expect(await app.engine.listIds()).not.toContain(p.id);
      expect(await found(p.word, p.id)).toEqual({ inSearch: false, byId: false, byHandle: false });
      // the typo vocabulary forgets words no document holds any more (their name, here)
      expect(await app.ds.query(`SELECT word FROM search_vocabulary WHERE word = lower($1)`, [p.word])).toEqual([]);
    });

    it('stays out while the engine fails, and the index converges after it recovers', async () => {
      const p = await listablePerson();
      engine.failWrites = true;
      try {
        await change(p);
        expect((await app.indexer.processBatch()).engineDown).toBe(true);
        expect(await found(p.word, p.id)).toEqual({ inSearch: false, byId: false, byHandle: false });
        // the events are kept, with the error and a backoff; an engine outage counts no attempt
        // against the person (only their own document failing does: see dead letters)
        const kept: Array<{ attempts: number; last_error: string; later: boolean }> = await app.ds.query(
          `SELECT attempts, last_error, available_at > clock_timestamp() AS later FROM outbox_event WHERE influencer_id = $1`, [p.id]);
        expect(kept.length).toBeGreaterThan(0);
        expect(kept.every((k) => k.attempts === 0 && k.later && /injected fault/.test(k.last_error))).toBe(true);
        // a full outage of the engine: search says so, and still leaks nobody; influencer(id) does not need the engine
        engine.failReads = true;
        // an answer still in the search cache (SEARCH_CACHE_TTL_MS) is served, and leaks nobody either
        const cached = await agency.request(SEARCH, { q: p.word });
        expect(cached.errors?.[0].extensions?.code ?? null).toBe(cached.errors ? 'SEARCH_UNAVAILABLE' : null);
        expect(cached.data?.searchInfluencers?.edges ?? []).toEqual([]);
        // a search the cache cannot answer says the engine is down
        const down = await agency.request(SEARCH, { q: `${p.word} tester` });
        expect(down.errors?.[0].extensions?.code).toBe('SEARCH_UNAVAILABLE');
        expect(down.status).toBe(503); // with Retry-After, as when the database is down
        expect((await agency.request(ONE, { id: p.id })).data.influencer).toBeNull();
      } finally {
        engine.failWrites = false;
        engine.failReads = false;
      }
      await app.ds.query(`UPDATE outbox_event SET available_at = clock_timestamp()`);
      await app.indexer.drain();
      expect(await pending(app)).toBe(0);
      expect(await app.engine.listIds()).not.toContain(p.id);
      const report = await app.reconciler.verify(false);
      expect({ missing: report.missing, extra: report.extra }).toEqual({ missing: [], extra: [] });
    });
  });

  it('the server starts with the engine down; withdrawals work; the index catches up when it is back', async () => {
    let down!: FaultyEngine;
    const other = await createTestApp({
      engine: ({ ds }) => {
        down = new FaultyEngine(new PostgresSearchEngine(ds));
        down.failWrites = true;
        down.failReads = true;
        return down;
      },
    });
    try {
      const r = await other.influencers.createAccount({ email: 'engine-down@leak.test', password: 'a long passphrase 42', displayName: 'Down', birthDate: '1990-01-01' });
      if (!r.ok) throw new Error('sign-up failed');
      await other.influencers.connectAccount(r.value, { platform: 'X', handle: 'down_x', followers: 1 });
      expect((await other.consent.grant(r.value, 'DISCOVERY')).ok).toBe(true);
      expect((await other.indexer.processBatch()).engineDown).toBe(true);
      expect((await other.consent.withdraw(r.value, 'DISCOVERY')).ok).toBe(true);
      expect((await other.consent.grant(r.value, 'DISCOVERY')).ok).toBe(true);
      down.failWrites = false;
      down.failReads = false;
      await other.ds.query(`UPDATE outbox_event SET available_at = clock_timestamp()`);
      await other.indexer.drain();
      expect(other.projector.ready).toBe(true);
      expect(await other.engine.listIds()).toEqual([r.value]);
      expect(await pending(other)).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a document the engine refuses does not hold up anyone else in its batch', async () => {
    const a = await listablePerson();
    const b = await listablePerson();
    engine.poison.add(a.id);
    try {
      await a.c.request(`mutation { updateProfile(input: { bio: "changed" }) { userErrors { code } } }`);
      await b.c.request(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`);
      await app.indexer.drain();
      expect(await app.engine.listIds()).not.toContain(b.id);
      const stuck: Array<{ influencer_id: string }> = await app.ds.query(`SELECT DISTINCT influencer_id FROM outbox_event`);
      expect(stuck).toEqual([{ influencer_id: a.id }]);
    } finally {
      engine.poison.clear();
    }
    await app.ds.query(`UPDATE outbox_event SET available_at = clock_timestamp()`);
    await app.indexer.drain();
    expect(await pending(app)).toBe(0);
  });

  it('a page stays full, in order, when more of its hits are stale than the read path asks for beyond it', async () => {
    const word = `Wombat${Math.floor(Math.random() * 1e6)}`;
    const ids: string[] = [];
    // 12 people sharing a word; person i has (i + 1) * 1,000 followers
    for (let i = 0; i < 12; i++) {
      const r = await app.influencers.createAccount({ email: `${word}${i}@leak.test`, password: 'a long passphrase 42', displayName: `${word} ${i}`, birthDate: '1990-01-01' });
      if (!r.ok) throw new Error('sign-up failed');
      await app.influencers.connectAccount(r.value, { platform: 'TIKTOK', handle: `${word}_${i}`, followers: (i + 1) * 1000 });
      expect((await app.consent.grant(r.value, 'DISCOVERY')).ok).toBe(true);
      ids.push(r.value);
    }
    await app.indexer.drain();
    // the 7 with the most followers are suspended; the index still holds them (not drained)
    const suspended = ids.slice(5);
    await app.ds.query(`UPDATE influencer SET status = 'suspended' WHERE id = ANY($1::uuid[])`, [suspended]);
    const PAGE = `query($q: String, $after: String) { searchInfluencers(query: $q, sort: FOLLOWERS, first: 3, after: $after) {
      totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    // first 3 asks the engine for 8: 7 of them are stale, so the read path asks again
    const one = await agency.request(PAGE, { q: word });
    expect(one.errors).toBeUndefined();
    expect(one.data.searchInfluencers.edges.map((e: any) => e.node.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(one.data.searchInfluencers.totalCount).toBe(5);
    expect(one.data.searchInfluencers.pageInfo.hasNextPage).toBe(true);
    const two = await agency.request(PAGE, { q: word, after: one.data.searchInfluencers.pageInfo.endCursor });
    expect(two.data.searchInfluencers.edges.map((e: any) => e.node.id)).toEqual([ids[1], ids[0]]);
    expect(two.data.searchInfluencers.pageInfo.hasNextPage).toBe(false);
    await app.ds.query(`UPDATE influencer SET status = 'active' WHERE id = ANY($1::uuid[])`, [suspended]);
    await app.indexer.drain();
  });

  /** The sweep put this person in the outbox (not yet drained). */
  const swept = async (id: string): Promise<boolean> =>
    (await app.ds.query(`SELECT 1 FROM outbox_event WHERE influencer_id = $1 AND reason = 'sweep.time'`, [id])).length > 0;

  it('a consent that expires is out of the next search at once, and the sweep removes the document', async () => {
    const p = await listablePerson();
    const start = clock.now();
    clock.advance(365 * DAY - 1000);
    expect(await found(p.word, p.id)).toEqual({ inSearch: true, byId: true, byHandle: true });
    // a sweep up to the millisecond before the expiry does not pick them; one up to the expiry does
    clock.advance(999);
    await app.indexer.sweep();
    expect(await swept(p.id)).toBe(false);
    await app.indexer.drain();
    clock.advance(1);
    expect(await found(p.word, p.id)).toEqual({ inSearch: false, byId: false, byHandle: false });
    expect(await app.engine.listIds()).toContain(p.id);
    await app.indexer.sweep();
    expect(await swept(p.id)).toBe(true);
    await app.indexer.drain();
    expect(await app.engine.listIds()).not.toContain(p.id);
    clock.set(start);
    await app.indexer.sweep(); // the next sweep's window starts here again
  });

  it('someone who turns the minimum age is picked up by the sweep on their birthday', async () => {
    const c = new GqlClient(server.url);
    const today = clock.now();
    await join(c, { email: `birthday${n}@leak.test`, password: 'a long passphrase 42', displayName: 'Birthday Person', birthDate: '1990-01-01' });
    await c.request(`mutation { connectSocialAccount(input: { platform: YOUTUBE, handle: "bday_${n}", followers: 10 }) { userErrors { code } } }`);
    await c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    const me = await c.request(`{ me { id } }`);
    const id = me.data.me.id;
    // an operator corrects the birth date: they turn 18 tomorrow (UTC)
    const tomorrow = new Date(today.getTime() + DAY);
    const birth = `${tomorrow.getUTCFullYear() - 18}-${String(tomorrow.getUTCMonth() + 1).padStart(2, '0')}-${String(tomorrow.getUTCDate()).padStart(2, '0')}`;
    await app.ds.query(`UPDATE influencer SET birth_date = $2 WHERE id = $1`, [id, birth]);
    await app.indexer.drain();
    expect(await app.engine.listIds()).not.toContain(id);
    const midnight = new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate()));
    clock.set(new Date(midnight.getTime() - 1));
    await app.indexer.sweep();
    expect(await swept(id)).toBe(false);
    await app.indexer.drain();
    expect(await app.engine.listIds()).not.toContain(id);
    clock.set(midnight);
    await app.indexer.sweep();
    expect(await swept(id)).toBe(true);
    await app.indexer.drain();
    expect(await app.engine.listIds()).toContain(id);
    clock.set(today);
  });
});
