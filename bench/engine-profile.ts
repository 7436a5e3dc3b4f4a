/**
 * `node dist/bench/engine-profile.js [DATA_DIR] [N]`: what a cache miss costs the postgres engine,
 * by kind of request. Runs N distinct requests of the load mix (bench/mix.ts) one after another
 * against the engine itself (no cache, no HTTP) on an existing benchmark database (default
 * `.bench-data/100000`; the server must not be running on it), and prints each kind's share of
 * the time, mean, median and worst, then the slowest requests. "broad": more than 2,000 matches.
 * `BROAD=1`: the broad benchmark's requests instead (first 100 with facets, no text, at most one
 * filter condition), each twice: with its facets and without, so the two costs show apart.
 * `TOPICS=1`: only the mix's requests ranked by RELEVANCE without text and filtered by topics (the
 * walks of search_topic_rank). `WARM=1`: each request is run once untimed before it is timed, so
 * two builds compared on one database meet the same buffers. After the mix's requests: what their
 * typo lookups cost alone (`search_typo_words` for each query word that has a typo budget and is
 * not itself a word of the index), as a share of the engine's time, and the slowest words.
 */
import 'reflect-metadata';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { PostgresSearchEngine } from '../src/search/postgres.engine';
import type { SearchFilter, SearchSort } from '../src/search/search-engine';
import { loadVocabulary, Mix, type SearchVariables } from './mix';
import { queryWords } from '../src/search/postgres.engine';
import { typoBudget } from '../src/domain/text';

async function main(): Promise<void> {
  const dataDir = path.resolve(process.argv[2] ?? '.bench-data/100000');
  const n = Number(process.argv[3] ?? 800);
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', PORT: '0', DATABASE_URL: '' });
  const app = await createApp(config, { log: () => undefined });
  try {
    const mix = new Mix(await loadVocabulary((sql) => app.ds.query(sql)), 7, 1);
    const engine = new PostgresSearchEngine(app.ds);
    const byKind = new Map<string, number[]>();
    const all: Array<{ ms: number; v: SearchVariables; total: number }> = [];
    const broad = process.env.BROAD === '1';
    const topicsOnly = process.env.TOPICS === '1';
    const warm = process.env.WARM === '1';
    for (let i = 0; i < n; i++) {
      let v = broad ? mix.broad() : mix.next();
      while (topicsOnly && (v.q || (v.s ?? 'RELEVANCE') !== 'RELEVANCE' || !(v.f as SearchFilter | undefined)?.topics?.length)) v = mix.next();
      if (broad) {
        const sort = (v.s ?? 'RELEVANCE') as SearchSort;
        const filter = (v.f ?? {}) as SearchFilter;
        const cond = Object.keys(filter)[0] ?? 'none';
        for (const facets of [true, false]) {
          const t = performance.now();
          const r = await engine.search({ text: '', filter, sort, offset: 0, limit: 200, facets });
          const ms = performance.now() - t;
          all.push({ ms, v, total: r.total });
          const kind = facets ? `facets+hits, filter ${cond}` : `hits only, ${sort}${cond === 'topics' ? ' topic' : ''}`;
          byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
        }
        continue;
      }
      const sort = (v.s ?? 'RELEVANCE') as SearchSort;
      const req = { text: v.q ?? '', filter: (v.f ?? {}) as SearchFilter, sort, offset: 0, limit: 200, facets: false };
      if (warm) await engine.search(req);
      const t = performance.now();
      const r = await engine.search(req);
      const ms = performance.now() - t;
      all.push({ ms, v, total: r.total });
      const kind = `${v.q ? 'text' : 'no text'}, ${sort === 'RELEVANCE' ? 'RELEVANCE' : 'other sort'}, ${r.total > 2000 ? 'broad' : 'narrow'}`;
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const total = sum(all.map((x) => x.ms));
    console.log(`${n} requests, ${total.toFixed(0)} ms, mean ${(total / n).toFixed(1)} ms`);
    for (const [kind, xs] of [...byKind].sort((a, b) => sum(b[1]) - sum(a[1]))) {
      xs.sort((a, b) => a - b);
      console.log(`${kind.padEnd(32)} n=${String(xs.length).padStart(4)}  share ${((100 * sum(xs)) / total).toFixed(0).padStart(3)}%  mean ${(sum(xs) / xs.length).toFixed(1)}  p50 ${xs[Math.floor(xs.length / 2)].toFixed(1)}  max ${xs.at(-1)!.toFixed(1)} ms`);
    }
    console.log('slowest:');
    for (const x of all.sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`  ${x.ms.toFixed(1)} ms, ${x.total} matches: ${JSON.stringify(x.v)}`);
    if (!broad) {
      // the same words as the engine's statement looks up (src/search/postgres.engine.ts)
      const lookups: Array<{ ms: number; word: string; budget: number; found: number }> = [];
      for (const x of all) {
        for (const word of queryWords(x.v.q ?? '')) {
          const budget = typoBudget(word);
          if (budget === 0) continue;
          const [{ known }]: Array<{ known: boolean }> = await app.ds.query(`SELECT EXISTS (SELECT 1 FROM search_vocabulary WHERE word = search_fold($1)) AS known`, [word]);
          if (known) continue;
          const t = performance.now();
          const [{ words }]: Array<{ words: string[] }> = await app.ds.query(`SELECT search_typo_words(search_fold($1), $2) AS words`, [word, budget]);
          lookups.push({ ms: performance.now() - t, word, budget, found: words.length });
        }
      }
      if (lookups.length) {
        const ms = lookups.map((l) => l.ms).sort((a, b) => a - b);
        console.log(`typo lookups, alone: ${lookups.length} in ${n} requests, ${sum(ms).toFixed(0)} ms (${((100 * sum(ms)) / total).toFixed(0)}% of the engine's time above), mean ${(sum(ms) / ms.length).toFixed(2)}, p50 ${ms[Math.floor(ms.length / 2)].toFixed(2)} ms; slowest:`);
        for (const l of lookups.sort((a, b) => b.ms - a.ms).slice(0, 6)) console.log(`  ${l.ms.toFixed(1)} ms: "${l.word}" (${l.budget} typo${l.budget > 1 ? 's' : ''}, ${l.found} word${l.found === 1 ? '' : 's'} found)`);
      }
    }
  } finally {
    await app.close();
  }
}
void main();
