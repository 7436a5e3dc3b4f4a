/**
 * `node dist/bench/cpu-split.js URL DATABASE_URL API_KEY [CONNECTIONS]`: who spends the CPU of a
 * search. Drives a running server (started on a benchmark database) with the load mix for 10 s
 * through autocannon and prints the CPU time per request of PostgreSQL's processes, the server's
 * and this load generator's (from /proc, Linux). DISTINCT (default 0.6) is the mix's share of
 * distinct searches (0: popular ones only, nearly all answered by the cache); SEED its seed.
 * BROAD=1: the broad benchmark's requests instead (first 100 with facets, bench/mix.ts `broad()`).
 * URL may be several, comma-separated: api processes on one database (DESIGN.md, "Scaling out"),
 * the connections shared out among them, each with a mix of its own (never the same requests).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { FIRST20, loadVocabulary, Mix, WITH_FACETS } from './mix';
import { cpuMs, pidsOf } from './proc-cpu';

async function main(): Promise<void> {
  const [url, databaseUrl, key, connections = '16'] = process.argv.slice(2);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const vocabulary = await loadVocabulary(async (sql) => (await db.query(sql)).rows);
  await db.end();
  const urls = url.split(',');
  const who = { postgres: pidsOf(/^postgres/), server: pidsOf(/dist\/src\/main\.js/), 'load generator': [process.pid] };
  const before = Object.fromEntries(Object.entries(who).map(([k, pids]) => [k, cpuMs(pids)]));
  const latencies: number[] = [];
  const seed = Number(process.env.SEED ?? 1);
  await Promise.all(urls.map((u, i) => {
    const mix = new Mix(vocabulary, seed + 1000 * i, Number(process.env.DISTINCT ?? 0.6));
    const share = Math.floor(Number(connections) / urls.length) + (i < Number(connections) % urls.length ? 1 : 0);
    const run = autocannon({
      url: `${u}/graphql`, connections: share, duration: 10,
      requests: [{
        method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify(process.env.BROAD === '1' ? { query: WITH_FACETS, variables: mix.broad() } : { query: FIRST20, variables: mix.next() }),
        }),
      }],
    });
    run.on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
    return run;
  }));
  const n = latencies.length;
  latencies.sort((a, b) => a - b);
  console.log(`${n} requests, ${(n / 10).toFixed(0)} req/s, p50 ${latencies[Math.floor(n / 2)].toFixed(1)} ms, p95 ${latencies[Math.floor(n * 0.95)].toFixed(1)} ms`);
  console.log(`CPU per request: ${Object.entries(who).map(([k, pids]) => `${k} ${((cpuMs(pids) - before[k]) / n).toFixed(2)} ms`).join(', ')}`);
}
void main();
