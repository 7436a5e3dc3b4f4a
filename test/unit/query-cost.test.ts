/** The cost model: what an operation costs before it runs, and after, as agencies read it in extensions.cost. */
import { parse } from 'graphql';
import { buildAppSchema } from '../../src/build-schema';
import { actualCost, estimateCost } from '../../src/limits/query-cost';

describe('query cost', () => {
  const cost = async (query: string, variables?: Record<string, unknown>) => estimateCost(await buildAppSchema(), parse(query), variables, undefined)!;

  it('leaves cost nothing, objects 1 each, a connection its page fields once and its edge `first` times', async () => {
    const e = await cost(`{ searchInfluencers(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor node { id accounts { handle } } } facets { topics { value } } } }`);
    // edge: edges 1 + node 1 + accounts 1 = 3; page: pageInfo 1 + facets (1 + topics 1) = 3; +2
    expect(e.requested).toBe(2 + 3 + 10 * 3);
    expect(e.connections).toEqual([{ key: 'searchInfluencers', first: 10, perEdge: 3 }]);
  });

  it('reads first from variables, prices each alias, and tells the actual cost from the edges returned', async () => {
    const e = await cost(`query($n: Int!) { a: searchInfluencers(first: $n) { edges { node { id } } } b: searchInfluencers(first: 5) { edges { node { id } } } topics { slug } }`, { n: 50 });
    expect(e.requested).toBe(2 + 50 * 2 + (2 + 5 * 2) + 10);
    expect(actualCost(e, { a: { edges: [{}, {}, {}] }, b: { edges: [] }, topics: [] })).toBe(2 + 3 * 2 + 2 + 10);
  });

  it('has no estimate for variables that do not fit (graphql-js refuses them before anything runs)', async () => {
    const schema = await buildAppSchema();
    expect(estimateCost(schema, parse(`query($n: Int!) { searchInfluencers(first: $n) { totalCount } }`), { n: 'ten' }, undefined)).toBeNull();
  });

  it('every README and GraphiQL example costs well under the maximum (1000)', async () => {
    const readme = await cost(`{ searchInfluencers(query: "pâtisserie", filter: { countries: ["FR"], contactableOnly: true }, first: 10) {
      totalCount edges { node { displayName city accounts { platform handle followers } } matchedTopics { topic { name } weight evidence } }
      facets { topics { label count } } pageInfo { hasNextPage endCursor } } }`);
    expect(readme.requested).toBeLessThan(200);
    const full = await cost(`{ searchInfluencers(first: 100) { edges { node { id displayName accounts { handle } topics { topic { slug } weight } } matchedTopics { topic { slug } evidence } } facets { topics { value } countries { value } platforms { value } languages { value } } } }`);
    expect(full.requested).toBeLessThanOrEqual(1000);
  });
});
