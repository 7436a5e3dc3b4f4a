/**
 * The search cache (src/search/search-cache.ts) keeps ranked ids, totals and facets for a while;
 * the read path re-checks every hit against the eligibility rule, so a person who withdrew is
 * absent from the very next page of a cached result, before the indexer has run. The engine here
 * removes documents only through the outbox (as Meilisearch does; the postgres engine also removes
 * them in the withdrawal's own transaction), so both the index and the cache still hold the person.
 */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import type { SearchCache } from '../../src/search/search-cache';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { FaultyEngine } from '../support/faulty-engine';
import { join } from '../support/join';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';

const PAGE = `query($q: String, $after: String) { searchInfluencers(query: $q, first: 2, after: $after) {
  totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

describe('search cache', () => {
  let app: App;
  let server: RunningServer;
  let agency: GqlClient;
  const word = `Zebrafinch${Math.floor(Math.random() * 1e6)}`;
  const people: Array<{ id: string; c: GqlClient }> = [];
  let leaverId = '';
  const cache = () => (app.engine as unknown as { cache: SearchCache }).cache;

  beforeAll(async () => {
    // an hour: whatever is cached stays cached for the length of the test
    app = await createTestApp({ env: { SEARCH_CACHE_TTL_MS: '60000' }, engine: ({ ds }) => new FaultyEngine(new PostgresSearchEngine(ds)) });
    server = await startTestServer(app);
    agency = new GqlClient(server.url);
    agency.bearer = (await app.auth.createAgency('Cache testers')).apiKey;
    for (let i = 0; i < 6; i++) {
      const { id, client: c } = await join(server.url, {
        email: `${word}${i}@cache.test`, password: 'a long passphrase 42', displayName: `${word} Person${i}`, birthDate: '1990-05-05',
      });
      await c.request(`mutation($h: String!, $f: Int!) { connectSocialAccount(input: { platform: INSTAGRAM, handle: $h, followers: $f }) { userErrors { code } } }`, { h: `${word}_${i}`, f: 1000 + i });
      await c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
      people.push({ id, c });
    }
    await app.indexer.drain();
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('a person who withdrew is absent from the next page of a cached result, before the index knows', async () => {
    const first = await agency.request(PAGE, { q: word });
    expect(first.errors).toBeUndefined();
    expect(first.data.searchInfluencers.totalCount).toBe(6);
    // the whole ranking, as the cache holds it
    const all: string[] = [first.data.searchInfluencers.edges.map((e: any) => e.node.id)].flat();
    for (let after = first.data.searchInfluencers.pageInfo.endCursor; all.length < 6; ) {
      const r = await agency.request(PAGE, { q: word, after });
      all.push(...r.data.searchInfluencers.edges.map((e: any) => e.node.id));
      after = r.data.searchInfluencers.pageInfo.endCursor;
    }
    expect(new Set(all).size).toBe(6);

    // the first person of the second page withdraws; the indexer does not run (stopped: the rest
    // of this file drains by hand)
    await app.indexer.stop();
    const leaver = people.find((p) => p.id === all[2])!;
    leaverId = leaver.id;
    await leaver.c.request(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    expect(await app.engine.listIds()).toContain(leaver.id);

    const hits = cache().hits;
    const next = await agency.request(PAGE, { q: word, after: first.data.searchInfluencers.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    expect(cache().hits).toBeGreaterThan(hits); // answered from the cache
    const ids = next.data.searchInfluencers.edges.map((e: any) => e.node.id);
    expect(ids).not.toContain(leaver.id);
    expect(ids).toEqual([all[3], all[4]]); // the page stays full
    // the count is corrected by the stale hit this request met
    expect(next.data.searchInfluencers.totalCount).toBe(5);
  });

  it('whoever opts in is findable through this process at once: the index write starts a new cache version', async () => {
    // someone still listed (the ranking, and so who left above, depends on the random ids)
    const n = people.findIndex((p) => p.id !== leaverId);
    const before = await agency.request(PAGE, { q: `${word} person${n}` });
    expect(before.data.searchInfluencers.totalCount).toBe(1);
    const { client: c } = await join(server.url, {
      email: `${word}new@cache.test`, password: 'a long passphrase 42', displayName: `${word} Person${n} Newcomer`, birthDate: '1990-05-05',
    });
    await c.request(`mutation { connectSocialAccount(input: { platform: TIKTOK, handle: "newcomer_${word}", followers: 10 }) { userErrors { code } } }`);
    await c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    await app.indexer.drain();
    const after = await agency.request(PAGE, { q: `${word} person${n}` });
    expect(after.data.searchInfluencers.totalCount).toBe(2);
  });

  it('a filter is part of the key: verifiedOnly is not answered from the unfiltered result', async () => {
    const q = `query($q: String, $v: Boolean) { searchInfluencers(query: $q, first: 20, filter: { verifiedOnly: $v }) {
      totalCount edges { node { id } } facets { verified { value count } } } }`;
    await app.indexer.drain(); // the index counts what the read path shows
    const all = await agency.request(q, { q: word, v: false });
    expect(all.errors).toBeUndefined();
    expect(all.data.searchInfluencers.totalCount).toBeGreaterThan(0);
    expect(all.data.searchInfluencers.facets.verified).toEqual([{ value: 'false', count: all.data.searchInfluencers.totalCount }]);
    // nobody here verified an account
    const verified = await agency.request(q, { q: word, v: true });
    expect(verified.errors).toBeUndefined();
    expect(verified.data.searchInfluencers.edges).toEqual([]);
    expect(verified.data.searchInfluencers.totalCount).toBe(0);
    // facets come from the engine's answer for this filter, not from the cached unfiltered one
    expect(verified.data.searchInfluencers.facets.verified).toEqual([]);
  });
});
