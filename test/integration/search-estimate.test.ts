/**
 * Totals without a query (src/search/postgres.engine.ts): small results are counted; large ones
 * are estimated from a 1-in-16 sample of the ids only when the sample holds enough matches to be
 * close (MIN_SAMPLED), else counted, and `totalIsEstimate` says which. The thresholds are made
 * small here so that 800 documents exercise all three paths.
 */
import type { App } from '../../src/app';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import type { SearchRequest } from '../../src/search/search-engine';
import { seedDemo } from '../../src/seed/seed';
import { createTestApp } from '../support/test-app';

const EVERYONE: SearchRequest = { text: null, filter: {}, sort: 'FOLLOWERS', limit: 5, offset: 0, facets: false };

describe('totals without a query', () => {
  let app: App;
  let listed: number;
  beforeAll(async () => {
    app = await createTestApp();
    await seedDemo(app, 800, 3);
    await app.indexer.drain();
    [{ n: listed }] = await app.ds.query(`SELECT count(*)::int AS n FROM search_document`);
  }, 120_000);
  afterAll(() => app.close());

  it('at most exactTotal matches: counted', async () => {
    const engine = new PostgresSearchEngine(app.ds, app.ds, { exactTotal: 5000 });
    const r = await engine.search(EVERYONE);
    expect([r.total, r.totalIsEstimate]).toEqual([listed, false]);
  });

  it('more, but a sample too small to be close: still counted, not estimated', async () => {
    // the 1-in-16 sample of ~650 documents holds ~40: below the 1,000 the default asks for
    const engine = new PostgresSearchEngine(app.ds, app.ds, { exactTotal: 10 });
    const r = await engine.search(EVERYONE);
    expect([r.total, r.totalIsEstimate]).toEqual([listed, false]);
    // and with a filter, counted exactly too
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM search_document WHERE 'INSTAGRAM' = ANY(platforms)`);
    const f = await engine.search({ ...EVERYONE, filter: { platforms: ['INSTAGRAM'] } });
    expect([f.total, f.totalIsEstimate]).toEqual([n, false]);
  });

  it('a sample big enough: estimated, sixteen times the sampled matches, and flagged', async () => {
    const engine = new PostgresSearchEngine(app.ds, app.ds, { exactTotal: 10, minSampled: 5 });
    const [{ k }] = await app.ds.query(`SELECT count(*)::int AS k FROM search_document WHERE id < '10000000-0000-0000-0000-000000000000'::uuid`);
    expect(k).toBeGreaterThanOrEqual(5); // ids are random: ~40 expected, fewer than 5 all but impossible
    const r = await engine.search(EVERYONE);
    expect([r.total, r.totalIsEstimate]).toEqual([Math.max(11, k * 16), true]);
    expect(r.hits).toHaveLength(5);
  });
});
