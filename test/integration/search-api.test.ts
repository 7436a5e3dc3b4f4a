/** searchInfluencers and influencer(id) over HTTP on seeded demo data: arguments, pages, evidence. */
import type { App } from '../../src/app';
import { seedDemo } from '../../src/seed/seed';
import { createTestStack, type GqlClient, type TestStack } from '../support/test-app';

const SEARCH = `query($q: String, $f: InfluencerFilter, $s: InfluencerSort, $n: Int!, $a: String) {
  searchInfluencers(query: $q, filter: $f, sort: $s, first: $n, after: $a) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id displayName country totalFollowers contactable accounts { platform handle followers engagementRate } topics { topic { slug parentSlug } weight } }
            matchedTopics { topic { slug parentSlug } weight matchedBy evidence } }
    facets { topics { value label count } platforms { value label count } countries { value label count } languages { value label count } } } }`;

describe('searchInfluencers over HTTP', () => {
  let stack: TestStack;
  let app: App;
  let agency: GqlClient;
  beforeAll(async () => {
    stack = await createTestStack();
    ({ app, agency } = stack);
    await seedDemo(app, 400, 11);
    await app.indexer.drain();
  });
  afterAll(() => stack.close());

  it.each([
    ['first: 0', { n: 0 }, 'first'],
    ['first: 101', { n: 101 }, 'first'],
    ['a cursor we did not issue', { n: 5, a: 'bm90LWEtY3Vyc29y' }, 'after'],
    ['an unknown topic', { n: 5, f: { topics: ['underwater-basket-weaving'] } }, 'filter.topics[0]'],
    ['a country code that is not one', { n: 5, f: { countries: ['XX'] } }, 'filter.countries[0]'],
    ['a language code that is not one', { n: 5, f: { languages: ['zz'] } }, 'filter.languages[0]'],
    ['minFollowers above maxFollowers', { n: 5, f: { minFollowers: 10, maxFollowers: 5 } }, 'filter.minFollowers'],
    ['an engagement rate above 1', { n: 5, f: { minEngagementRate: 3 } }, 'filter.minEngagementRate'],
    ['a query over 200 characters', { n: 5, q: 'yoga '.repeat(41) }, 'query'],
    ['more than 100 countries', { n: 5, f: { countries: Array(101).fill('DE') } }, 'filter.countries'],
  ])('%s is BAD_USER_INPUT naming the field', async (_label, vars, field) => {
    const r = await agency.request(SEARCH, vars);
    expect(r.status).toBe(200);
    expect(r.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field }));
  });

  it('pages through a filtered result with cursors: no duplicates, nothing missed, only listable people and public accounts', async () => {
    const f = { topics: ['fitness'] };
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 50; page++) {
      const r: any = await agency.request(SEARCH, { f, n: 7, a: after, s: 'FOLLOWERS' });
      expect(r.errors).toBeUndefined();
      const c = r.data.searchInfluencers;
      total = c.totalCount;
      expect(c.pageInfo.hasPreviousPage).toBe(page > 0);
      for (const e of c.edges) {
        seen.push(e.node.id);
        // matched on the group through one of their own topics, with the evidence
        expect(e.matchedTopics.length).toBeGreaterThan(0);
        for (const m of e.matchedTopics) {
          expect(m.matchedBy).toContain('FILTER');
          expect(m.topic.parentSlug).toBe('fitness');
          expect(m.evidence).toContain('fitness');
          expect(e.node.topics).toContainEqual({ topic: m.topic, weight: m.weight });
        }
      }
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(seen.length);
    const verdicts = await app.rule.evaluate(app.ds, seen);
    expect(seen.filter((id) => !verdicts.get(id)?.listable)).toEqual([]);
    const rule = app.rule.fragment(1);
    const expected = await app.ds.query(
      `SELECT count(DISTINCT e.influencer_id)::int AS n FROM ${rule.sql} e
       JOIN influencer_topic t ON t.influencer_id = e.influencer_id JOIN topic p ON p.slug = t.topic_slug
       WHERE e.listable AND p.parent_slug = 'fitness'`,
      rule.params,
    );
    expect(total).toBe(expected[0].n);
  });

  it('never shows a private account, and sorts by followers as asked', async () => {
    const r = await agency.request(SEARCH, { n: 100, s: 'FOLLOWERS' });
    const edges = r.data.searchInfluencers.edges;
    // one person often has the same handle on several networks: an account is (platform, handle)
    const shown: string[] = edges.flatMap((e: any) => e.node.accounts.map((a: any) => `${a.platform}/${a.handle}`));
    const rule = app.rule.fragment(1);
    const privateOnes: Array<{ k: string }> = await app.ds.query(
      `SELECT s.platform || '/' || s.handle AS k FROM social_account s
       JOIN ${rule.sql} e ON e.influencer_id = s.influencer_id WHERE e.listable AND s.is_private`,
      rule.params,
    );
    expect(privateOnes.length).toBeGreaterThan(0);
    expect(shown.filter((k) => privateOnes.some((p) => p.k === k))).toEqual([]);
    const everyPublic: Array<{ k: string }> = await app.ds.query(
      `SELECT platform || '/' || handle AS k FROM social_account WHERE NOT is_private AND platform || '/' || handle = ANY($1)`,
      [shown],
    );
    expect(everyPublic.length).toBe(shown.length);
    const followers = edges.map((e: any) => e.node.totalFollowers);
    expect(followers).toEqual([...followers].sort((a, b) => b - a));
  });

  it('facets count the whole result, with readable labels', async () => {
    const r = await agency.request(SEARCH, { n: 1, f: { countries: ['DE', 'FR'] } });
    const c = r.data.searchInfluencers;
    const countries = c.facets.countries;
    expect(countries.map((x: any) => x.value).sort()).toEqual(['DE', 'FR'].filter((v) => countries.some((x: any) => x.value === v)).sort());
    expect(countries.reduce((n: number, x: any) => n + x.count, 0)).toBe(c.totalCount);
    const germany = countries.find((x: any) => x.value === 'DE');
    expect(germany).toBeDefined();
    expect(germany.label).toBe('Germany');
    expect(c.facets.topics.every((t: any) => typeof t.label === 'string' && t.label.length > 0)).toBe(true);
  });

  it('a topic filter without a query lists those most about the topic first', async () => {
    const r = await agency.request(SEARCH, { n: 30, f: { topics: ['yoga'] } });
    const weights = r.data.searchInfluencers.edges.map((e: any) => e.node.topics.find((t: any) => t.topic.slug === 'yoga').weight);
    expect(weights.length).toBeGreaterThan(5);
    expect(new Set(weights).size).toBeGreaterThan(1);
    expect(weights).toEqual([...weights].sort((a: number, b: number) => b - a));
  });

  it('a query word names the topic it matched', async () => {
    const r = await agency.request(SEARCH, { q: 'yoga', n: 10 });
    const withTopic = r.data.searchInfluencers.edges.filter((e: any) => e.node.topics.some((t: any) => t.topic.slug === 'yoga'));
    expect(withTopic.length).toBeGreaterThan(0);
    for (const e of withTopic) {
      expect(e.matchedTopics).toContainEqual(expect.objectContaining({ topic: expect.objectContaining({ slug: 'yoga' }), matchedBy: ['QUERY'] }));
    }
  });

  it('a query word with mistakes names the topic it was taken for, and how far off it was', async () => {
    // "mzditatiqn": two letters off "meditation" (10 letters, a budget of two), a prefix of nothing
    const r = await agency.request(SEARCH, { q: 'mzditatiqn', n: 20 });
    const withTopic = r.data.searchInfluencers.edges.filter((e: any) => e.node.topics.some((t: any) => t.topic.slug === 'meditation'));
    expect(withTopic.length).toBeGreaterThan(0);
    for (const e of withTopic) {
      expect(e.matchedTopics).toContainEqual(expect.objectContaining({
        topic: expect.objectContaining({ slug: 'meditation' }),
        matchedBy: ['QUERY'],
        evidence: expect.stringContaining('query word "mzditatiqn" taken for "meditation" (two letters off) in topic name "Meditation"'),
      }));
    }
    // one letter off, and a word the engine matched by its start, say so each in their way
    const evidenceOf = async (q: string) => {
      const res = await agency.request(SEARCH, { q, n: 20 });
      const e = res.data.searchInfluencers.edges.find((x: any) => x.node.topics.some((t: any) => t.topic.slug === 'meditation'));
      return e.matchedTopics.find((m: any) => m.topic.slug === 'meditation').evidence as string;
    };
    expect(await evidenceOf('meditaton')).toContain('query word "meditaton" taken for "meditation" (one letter off)');
    expect(await evidenceOf('medit')).toContain('query word "medit" in topic name "Meditation"');
  });

  it('influencer(id) is null for anyone not listable, for unknown ids and for junk', async () => {
    const rule = app.rule.fragment(1);
    const [hidden] = await app.ds.query(`SELECT influencer_id AS id FROM ${rule.sql} e WHERE NOT listable LIMIT 1`, rule.params);
    const [shown] = await app.ds.query(`SELECT influencer_id AS id FROM ${rule.sql} e WHERE listable LIMIT 1`, rule.params);
    const one = (id: string) => agency.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id });
    expect((await one(shown.id)).data.influencer).toEqual({ id: shown.id });
    expect((await one(hidden.id)).data.influencer).toBeNull();
    expect((await one('00000000-0000-4000-8000-000000000000')).data.influencer).toBeNull();
    const junk = await one("'; DROP TABLE influencer; --");
    expect(junk.errors).toBeUndefined();
    expect(junk.data.influencer).toBeNull();
  });
});
