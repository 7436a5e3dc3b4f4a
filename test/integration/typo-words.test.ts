/**
 * `search_typo_words` (src/search/typo.sql.ts): the index's words within a query word's typo
 * budget, a swap of neighbours counting as one mistake (`search_typo_distance`, the same as
 * TypeScript's `typoDistance`). The candidates are the words holding one of the query word's
 * 3k + 1 rarest trigrams (by the counts in `search_trigram`), and those a swap away; the
 * distance decides. It must find exactly what
 * comparing the query with every word of the vocabulary finds, whatever the counts say (none
 * yet, or counted): nothing lost to the choice of trigrams, nothing beyond the edit distance.
 */
import type { App } from '../../src/app';
import { TAXONOMY } from '../../src/data/taxonomy';
import fc from 'fast-check';
import { foldedWords, typoBudget, typoDistance } from '../../src/domain/text';
import { createTestApp } from '../support/test-app';
import { TypoTrigrams1766000000000 } from '../../src/entities/migrations/1766000000000-typo-trigrams';

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

  it('finds exactly the words within the budget that a comparison with every word finds, before the trigrams are counted and after', async () => {
    const queries = [...new Set(vocabulary.filter((w) => w.length >= 5).flatMap(variants))]
      .filter((q) => typoBudget(q) > 0)
      .map((q) => ({ q, k: typoBudget(q) }));
    expect(queries.length).toBeGreaterThan(500);
    const compare = async () => {
      const rows: Array<{ q: string; k: number; found: string[]; all: string[]; degenerate: boolean }> = await app.ds.query(
        `SELECT x.q, x.k,
                ARRAY(SELECT w FROM unnest(search_typo_words(x.q, x.k)) w ORDER BY w) AS found,
                -- every word; plain Levenshtein, at most twice the distance, only to spare the slower count
                ARRAY(SELECT v.word FROM search_vocabulary v
                      WHERE levenshtein(v.word, x.q) <= 2 * x.k AND search_typo_distance(v.word, x.q) <= x.k ORDER BY v.word) AS "all",
                cardinality(show_trgm(x.q)) <= 3 * x.k AS degenerate
         FROM unnest($1::text[], $2::int[]) AS x(q, k)`,
        [queries.map((x) => x.q), queries.map((x) => x.k)],
      );
      return rows;
    };
    // no counts: every trigram counts as rare (the choice is by name), as in a new index
    await app.ds.query(`DELETE FROM search_trigram`);
    const before = await compare();
    expect(before.filter((r) => r.found.join(' ') !== r.all.join(' '))).toEqual([]);
    await app.ds.query(`SELECT search_trigram_refresh('0 seconds')`);
    const after = await compare();
    expect(after.filter((r) => r.found.join(' ') !== r.all.join(' '))).toEqual([]);
    // the repeated-letter words are among them (all their trigrams asked for), and the comparison
    // is not empty-handed: most variants are within reach of their word, the swapped ones too
    expect(after.filter((r) => r.degenerate).length).toBeGreaterThan(0);
    expect(after.filter((r) => r.all.length > 0).length).toBeGreaterThan(after.length / 2);
    // among them words with two neighbours swapped, found by their word: "meditaiton"
    const swap = (a: string, b: string) => {
      const at = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
      return a.length === b.length && at.length === 2 && at[1] === at[0] + 1 && a[at[0]] === b[at[1]] && a[at[1]] === b[at[0]];
    };
    const swapped = after.filter((r) => r.found.some((w) => swap(w, r.q)));
    expect(swapped.length).toBeGreaterThan(20);
  });

  it('a swap of neighbours is one mistake: "fitnses" finds "fitness", as Meilisearch counts it', async () => {
    const [{ found, levenshtein: plain, distance }] = await app.ds.query(
      `SELECT search_typo_words('fitnses', 1) AS found, levenshtein('fitnses', 'fitness') AS levenshtein, search_typo_distance('fitnses', 'fitness') AS distance`,
    );
    expect(plain).toBe(2); // what the lookup counted before: beyond the budget of a 7-letter word
    expect(distance).toBe(1);
    expect(found).toContain('fitness');
    // two swaps in a long word are two mistakes; a swap and two more changes are three
    expect((await app.ds.query(`SELECT search_typo_words('meidtatoin', 2) AS f`))[0].f).toContain('meditation');
    expect((await app.ds.query(`SELECT search_typo_words('meidtxtoix', 2) AS f`))[0].f).not.toContain('meditation');
  });

  it("counts mistakes as TypeScript's typoDistance does, for any two words", async () => {
    const word = fc.stringMatching(/^[a-eé]{0,9}$/);
    const pairs = fc.sample(fc.tuple(word, word), { numRuns: 400, seed: 9 });
    pairs.push(['ab', 'ba'], ['abc', 'ca'], ['fitnses', 'fitness'], ['', 'abc'], ['ca', 'abc']);
    const [{ d }] = await app.ds.query(
      `SELECT array_agg(search_typo_distance(x.a, x.b) ORDER BY x.i) AS d FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(a, b, i)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect(d).toEqual(pairs.map(([a, b]) => typoDistance(a, b)));
    // optimal string alignment: a swapped pair is not edited again ("ca" -> "abc" is 3, not 2)
    expect(typoDistance('ca', 'abc')).toBe(3);
    expect(typoDistance('ab', 'ba')).toBe(1);
  });

  it('finds what pg_trgm\'s default threshold lost: two changes far apart in a 10-letter word', async () => {
    const [{ found, similarity }] = await app.ds.query(
      `SELECT search_typo_words('gzeyhounxs', 2) AS found, similarity('gzeyhounxs', 'greyhounds') AS similarity`,
    );
    expect(found).toEqual(['greyhounds']);
    expect(similarity).toBeLessThan(0.3);
  });

  it('a degenerate word (no more distinct trigrams than 3k) asks for all of them, and finds its near repeats', async () => {
    const [{ found, keep }] = await app.ds.query(`SELECT search_typo_words('aaaaaaaaa', 2) AS found, search_typo_trigrams('aaaaaaaaa', 2) AS keep`);
    expect([...found].sort()).toEqual(['aaaaaaaaa', 'aaaaaaaab']);
    expect([...keep].sort()).toEqual([...(await app.ds.query(`SELECT show_trgm('aaaaaaaaa') AS t`))[0].t].sort());
  });

  it('a word typed so far that begins like thousands of others: the commonest of its trigrams are not asked for, and the same words are found', async () => {
    // issue 9: "therahulb" shares "  t", " th" and "the" with every word beginning with "the";
    // pg_trgm's similarity index handed all of those over to have their similarity computed
    // (20-31 ms at 100,000 influencers). Two mistakes in 9 letters: 8 of its 10 trigrams are asked
    // for, the rarest, and the words holding them are checked by length and plain Levenshtein.
    const the = Array.from({ length: 3000 }, (_, i) => `the${(i * 7919).toString(36)}x${i}`);
    await app.ds.query(`INSERT INTO search_vocabulary (word, docs) SELECT w, 1 FROM unnest($1::text[]) w ON CONFLICT DO NOTHING`, [[...the, 'therahul', 'therahulbose', 'therahlub']]);
    await app.ds.query(`SELECT search_trigram_refresh('0 seconds')`);
    const [{ keep, found, all }] = await app.ds.query(
      `SELECT search_typo_trigrams('therahulb', 2) AS keep,
              ARRAY(SELECT w FROM unnest(search_typo_words('therahulb', 2)) w ORDER BY w) AS found,
              ARRAY(SELECT v.word FROM search_vocabulary v WHERE search_typo_distance(v.word, 'therahulb') <= 2 ORDER BY v.word) AS "all"`,
    );
    expect(keep).toHaveLength(8);
    expect(keep).not.toContain('  t');
    expect(keep.filter((t: string) => [' th', 'the'].includes(t))).toHaveLength(1);
    expect(found).toEqual(all);
    expect(found).toEqual(expect.arrayContaining(['therahul', 'therahlub']));
  });

  it('counts the trigrams anew only when the count is older than asked, or missing', async () => {
    const refresh = async (age: string) => (await app.ds.query(`SELECT search_trigram_refresh($1::interval) AS r`, [age]))[0].r as boolean;
    await refresh('0 seconds');
    expect(await refresh('1 hour')).toBe(false);
    const held = async () => (await app.ds.query(`SELECT coalesce((SELECT words FROM search_trigram WHERE trgm = 'zqx'), 0) AS n`))[0].n as number;
    const before = await held();
    await app.ds.query(`INSERT INTO search_vocabulary (word, docs) VALUES ('zqxjvkzqx', 1)`);
    expect(await held()).toBe(before); // not counted until the next count
    expect(await refresh('0 seconds')).toBe(true);
    expect(await held()).toBe(before + 1);
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM search_trigram`);
    const [{ expected }] = await app.ds.query(`SELECT count(DISTINCT t)::int AS expected FROM search_vocabulary, unnest(trigrams) t`);
    expect(n).toBe(expected);
    // a cleared count (an index cleared) is counted again whatever its age
    await app.ds.query(`DELETE FROM search_trigram`);
    expect(await refresh('1 hour')).toBe(true);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM search_trigram`))[0].n).toBe(expected);
  });

  it('the engine counts them when it settles after writes, if the count is missing', async () => {
    await app.ds.query(`DELETE FROM search_trigram`);
    await app.engine.settle!();
    const [{ n, expected }] = await app.ds.query(
      `SELECT (SELECT count(*)::int FROM search_trigram) AS n,
              (SELECT count(DISTINCT t)::int FROM search_vocabulary, unnest(trigrams) t) AS expected`,
    );
    expect(n).toBeGreaterThan(0);
    expect(n).toBe(expected);
  });

  it('the migration builds the trigram column, its index and the counts over a vocabulary that exists', async () => {
    const runner = app.ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const migration = new TypoTrigrams1766000000000();
      await migration.down(runner);
      expect((await runner.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'search_vocabulary' ORDER BY 1`)).map((r: { indexname: string }) => r.indexname))
        .toEqual(['search_vocabulary_pkey', 'search_vocabulary_trgm']);
      await migration.up(runner);
      expect((await runner.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'search_vocabulary' ORDER BY 1`)).map((r: { indexname: string }) => r.indexname))
        .toEqual(['search_vocabulary_pkey', 'search_vocabulary_trigrams']);
      const [{ n, expected, mismatched }] = await runner.query(
        `SELECT (SELECT count(*)::int FROM search_trigram) AS n,
                (SELECT count(DISTINCT t)::int FROM search_vocabulary, unnest(trigrams) t) AS expected,
                (SELECT count(*)::int FROM search_vocabulary WHERE trigrams IS DISTINCT FROM show_trgm(word)) AS mismatched`,
      );
      expect(n).toBeGreaterThan(100);
      expect(n).toBe(expected);
      expect(mismatched).toBe(0);
      const [{ found }] = await runner.query(`SELECT search_typo_words('gzeyhounxs', 2) AS found`);
      expect(found).toEqual(['greyhounds']);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
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
