/**
 * SearchWordsOnly1765400000000: documents indexed before text was split into words the way a
 * query splits it kept "lena.moves" as one token (a host name), so that handle was not findable.
 * The migration splits such tokens in place, weights and counts kept.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app';
import { SearchWordsOnly1765400000000 } from '../../src/entities/migrations/1765400000000-search-words-only';
import type { SearchDocument, SearchRequest } from '../../src/search/search-engine';
import { createTestApp } from '../support/test-app';

const doc = (handle: string): SearchDocument => ({
  id: randomUUID(), displayName: 'Lena Vogt', bio: 'Dance videos, see www.lena-dance.example', country: 'DE', city: null, languages: ['de'],
  topics: [], accounts: [], contactable: false, verified: false, topicSlugs: [], topicWeights: {}, topicNames: [], platforms: [],
  handles: [handle], totalFollowers: 10, engagementRate: 0, updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('migration: search words only', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({ env: { SEARCH_CACHE_TTL_MS: '0' } }) // the test edits the index behind the cache's back;
  });
  afterAll(() => app.close());

  const find = async (text: string): Promise<string[]> => {
    const req: SearchRequest = { text, filter: {}, sort: 'RELEVANCE', limit: 10, offset: 0, facets: false };
    return (await app.engine.search(req)).hits.map((h) => h.id);
  };

  it('a document written the old way is found by its handle after the migration, with its weights kept', async () => {
    const d = doc(`lena.moves${Math.floor(Math.random() * 1e6)}`);
    await app.engine.upsert([d]);
    expect(await find(d.handles[0])).toEqual([d.id]);
    // as the old statement wrote it: the handle a single host-name token
    await app.ds.query(
      `UPDATE search_document SET tsv = setweight(to_tsvector('simple', search_fold($2)), 'A') || setweight(to_tsvector('simple', search_fold($3)), 'C')
        WHERE id = $1`,
      [d.id, `${d.displayName} ${d.handles[0]}`, d.bio],
    );
    const before: Array<{ tsv: string }> = await app.ds.query(`SELECT tsv::text FROM search_document WHERE id = $1`, [d.id]);
    expect(before[0].tsv).toContain(`'${d.handles[0]}':3A`);
    expect(await find(d.handles[0])).toEqual([]);

    const runner = app.ds.createQueryRunner();
    try {
      await new SearchWordsOnly1765400000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await find(d.handles[0])).toEqual([d.id]);
    expect(await find('moves')).toContain(d.id);
    const after: Array<{ tsv: string }> = await app.ds.query(`SELECT tsv::text FROM search_document WHERE id = $1`, [d.id]);
    // name and handle words keep A, the bio's keep C (www.lena-dance.example: its words, C)
    expect(after[0].tsv).toMatch(/'moves\d*':\d+A/);
    expect(after[0].tsv).toMatch(/'lena':[\d,A]*\d+A/);
    expect(after[0].tsv).toMatch(/'dance':[\d,]*\d+C/);
    expect(after[0].tsv).not.toMatch(/'[^']*[.][^']*'/);
  });
});
