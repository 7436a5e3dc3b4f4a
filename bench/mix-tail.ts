/**
 * `node dist/bench/mix-tail.js URL DATABASE_URL API_KEY [CONNECTIONS]`: which searches make the
 * mix's p95. Drives a running server (started on a benchmark database) with the load mix for 10 s
 * from CONNECTIONS (default 16) clients, each sending its next request when the last is answered,
 * keeps every request with its kind and latency, and prints, per kind, how many there were, their
 * p50 and worst latency and how many of them are among the slowest 5%. DISTINCT (default 0.6) and
 * SEED (default 77) as in `cpu-split`.
 *
 * A kind: popular or distinct; with text or without; broad (more than 4,000 matches) or narrow;
 * ranked by relevance or by another sort.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { FIRST20, loadVocabulary, Mix, POPULAR, type SearchVariables } from './mix';

interface Sample {
  ms: number;
  kind: string;
}

const DURATION_MS = 10_000;

function kindOf(vars: SearchVariables, popular: boolean, total: number): string {
  return [
    popular ? 'popular' : 'distinct',
    vars.q ? 'text' : 'no text',
    total > 4000 ? 'broad' : 'narrow',
    !vars.s || vars.s === 'RELEVANCE' ? 'relevance' : 'other sort',
  ].join(', ');
}

async function main(): Promise<void> {
  const [url, databaseUrl, key, connections = '16'] = process.argv.slice(2);
  if (!url || !databaseUrl || !key) throw new Error('usage: node dist/bench/mix-tail.js URL DATABASE_URL API_KEY [CONNECTIONS]');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const vocabulary = await loadVocabulary(async (sql) => (await db.query(sql)).rows);
  await db.end();
  const mix = new Mix(vocabulary, Number(process.env.SEED ?? 77), Number(process.env.DISTINCT ?? 0.6));
  const popular = new Set(POPULAR.map((p) => JSON.stringify(p)));
  const samples: Sample[] = [];
  const end = Date.now() + DURATION_MS;
  let errors = 0;
  await Promise.all(Array.from({ length: Number(connections) }, async () => {
    while (Date.now() < end) {
      const vars = mix.next();
      const start = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: FIRST20, variables: vars }),
      });
      const body = (await res.json()) as { data?: { searchInfluencers?: { totalCount: number } }; errors?: unknown[] };
      const ms = performance.now() - start;
      if (body.errors || !body.data?.searchInfluencers) {
        errors++;
        continue;
      }
      samples.push({ ms, kind: kindOf(vars, popular.has(JSON.stringify(vars)), body.data.searchInfluencers.totalCount) });
    }
  }));
  samples.sort((a, b) => a.ms - b.ms);
  const n = samples.length;
  const at = (p: number) => samples[Math.min(n - 1, Math.floor(n * p))].ms.toFixed(0);
  console.log(`${n} requests, ${(n / (DURATION_MS / 1000)).toFixed(0)} req/s, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ${errors} errors`);
  const kinds = new Map<string, { ms: number[]; slowest: number }>();
  samples.forEach((s, i) => {
    const k = kinds.get(s.kind) ?? { ms: [], slowest: 0 };
    k.ms.push(s.ms);
    if (i >= Math.floor(n * 0.95)) k.slowest++;
    kinds.set(s.kind, k);
  });
  console.log(`${'kind'.padEnd(40)} ${'n'.padStart(5)} ${'p50'.padStart(5)} ${'max'.padStart(5)}  among the slowest 5%`);
  for (const [kind, k] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`${kind.padEnd(40)} ${String(k.ms.length).padStart(5)} ${k.ms[k.ms.length >> 1].toFixed(0).padStart(5)} ${k.ms[k.ms.length - 1].toFixed(0).padStart(5)}  ${k.slowest}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
