/**
 * `search_typo_words` (src/search/typo.sql.ts): the index's words within a query word's typo
 * budget, found through the trigram index with a threshold derived from the budget. It must find
 * exactly what comparing the query with every word of the vocabulary finds: nothing lost to the
 * threshold, nothing beyond the edit distance. Degenerate query words (repeated letters, whose
 * bound is not above 0) keep pg_trgm's threshold, for bounded work.
 */
import type { App } from '../../src/app';
import { TAXONOMY } from '../../src/data/taxonomy';
import { foldedWords, typoBudget } from '../../src/domain/text';
import { createTestApp } from '../support/test-app';

/** Deterministic variants of a word: every kind of one-letter mistake, and two far apart. */
function variants(word: string): string[] {
  const out: string[] = [];
  const n = word.length;
  for (let i = 1; i < n; i += 2) {
    out.push(word.slice(0, i) + 'x' + word.slice(i + 1)); // changed
    out.push(word.slice(0, i) + word.slice(i + 1)); // dropped
    out.push(word.slice(0, i) + 'e' + word.slice(i)); // added
    if (i + 1 < n) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)); // swapped
  }
  if (n >= 9) {
    out.push(word[0] + 'z' + word.slice(2, n - 2) + 'q' + word[n - 1]); // two changes, no trigram in common
    out.push(word[0] + word.slice(2, n - 2) + word[n - 1]); // two dropped
  }
  out.push(word.slice(0, Math.max(5, n - 2))); // typed so far
  return out;
}

describe('typo candidates (search_typo_words)', () => {
  let app: App;
  const vocabulary = [...new Set([
    ...TAXONOMY.flatMap((t) => foldedWords(t.name)),
    'greyhounds', 'photography', 'astrophotography', 'marketing', 'influencer', 'patisserie', 'lindqvist',
    // words most of whose trigrams repeat: the derived threshold is not above 0 for a budget of two
    'aaaaaaaaa', 'aaaaaaaab', 'abababababab', 'ababababbbab',
  ])].filter((w) => w.length >= 3);

  beforeAll(async () => {
    app = await createTestApp();
    await app.ds.query(`INSERT INTO search_vocabulary (word, docs) SELECT w, 1 FROM unnest($1::text[]) w ON CONFLICT DO NOTHING`, [vocabulary]);
  });
  afterAll(() => app.close());

  it('finds exactly the words within the budget that a comparison with every word finds', async () => {
    const queries = [...new Set(vocabulary.filter((w) => w.length >= 5).flatMap(variants))]
      .filter((q) => typoBudget(q) > 0)
      .map((q) => ({ q, k: typoBudget(q) }));
    expect(queries.length).toBeGreaterThan(500);
    const rows: Array<{ q: string; k: number; found: string[]; all: string[]; degenerate: boolean }> = await app.ds.query(
      `SELECT x.q, x.k,
              ARRAY(SELECT w FROM unnest(search_typo_words(x.q, x.k)) w ORDER BY w) AS found,
              ARRAY(SELECT v.word FROM search_vocabulary v WHERE levenshtein(v.word, x.q) <= x.k ORDER BY v.word) AS "all",
              cardinality(show_trgm(x.q)) <= 3 * x.k AS degenerate
       FROM unnest($1::text[], $2::int[]) AS x(q, k)`,
      [queries.map((x) => x.q), queries.map((x) => x.k)],
    );
    const differ = rows.filter((r) => !r.degenerate && r.found.join(' ') !== r.all.join(' '));
    expect(differ).toEqual([]);
    // the only queries left to pg_trgm's own threshold are the variants of the repeated-letter words
    expect(rows.filter((r) => r.degenerate).map((r) => r.q).filter((q) => !/aaaa|abab|baba/.test(q))).toEqual([]);
    // and the comparison is not empty-handed: most variants are within reach of their word
    expect(rows.filter((r) => r.all.length > 0).length).toBeGreaterThan(rows.length / 2);
  });

  it('finds what pg_trgm\'s default threshold lost: two changes far apart in a 10-letter word', async () => {
    const [{ found, similarity }] = await app.ds.query(
      `SELECT search_typo_words('gzeyhounxs', 2) AS found, similarity('gzeyhounxs', 'greyhounds') AS similarity`,
    );
    expect(found).toEqual(['greyhounds']);
    expect(similarity).toBeLessThan(0.3);
  });

  it('a degenerate word (its bound not above 0) keeps pg_trgm\'s threshold, and still finds its near repeats', async () => {
    const [{ found }] = await app.ds.query(`SELECT search_typo_words('aaaaaaaaa', 2) AS found`);
    expect([...found].sort()).toEqual(['aaaaaaaaa', 'aaaaaaaab']);
  });

  it('leaves the session\'s similarity threshold as it was', async () => {
    await app.ds.transaction(async (m) => {
      await m.query(`SELECT set_limit(0.37)`);
      await m.query(`SELECT search_typo_words('marketinq', 2), search_typo_words('photograhpy', 2)`);
      const [{ t }] = await m.query(`SELECT current_setting('pg_trgm.similarity_threshold') AS t`);
      expect(Number(t)).toBe(0.37);
    });
  });
});
