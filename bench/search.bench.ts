/**
 * `npm run bench:search`: searchInfluencers over HTTP at N generated influencers (default
 * 100,000), p50/p95 per kind of query, and the time from a withdrawConsent response to the
 * index no longer holding the document. Prints a Markdown section for BENCHMARKS.md.
 *
 *   BENCH_COUNT=100000 BENCH_REQUESTS=400 npm run bench:search
 *
 * It runs on its own embedded PostgreSQL in a temporary directory (or DATABASE_URL), with the
 * postgres engine, and sends traffic only to 127.0.0.1.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/seed';
import { startServer } from '../src/server';

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const WITHDRAWALS = Number(process.env.BENCH_WITHDRAWALS ?? 30);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  // BENCH_DATA_DIR keeps the generated data between runs (seeding 100,000 takes a minute or two)
  const keep = process.env.BENCH_DATA_DIR;
  const dataDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'permission-bench-'));
  // a budget no benchmark exhausts: the limiter still counts every request (its cost is measured)
  const config = loadConfig({ AGENCY_POINTS_PER_MINUTE: '1000000000', ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', PORT: '0' });
  const app = await createApp(config, { log: () => undefined });
  const lines: string[] = [];
  const say = (l: string) => {
    console.log(l);
    lines.push(l);
  };
  try {
    let t = Date.now();
    const [{ n: existing }]: Array<{ n: number }> = await app.ds.query(`SELECT count(*)::int AS n FROM influencer`);
    if (existing < COUNT) await seedDemo(app, COUNT - existing, 42, { batchSize: 2000 });
    const seedMs = Date.now() - t;
    await app.ds.query(`DELETE FROM outbox_event`);
    t = Date.now();
    const report = existing >= COUNT ? await app.reconciler.verify(true) : await app.reconciler.rebuild();
    const indexMs = Date.now() - t;
    await app.ds.query(`VACUUM ANALYZE`);
    await app.startIndexer();
    const server = await startServer(app, 0, '127.0.0.1');
    // the same app without query and rate limits, to measure what they cost in the same run
    const bare = await startServer(app, 0, '127.0.0.1', { limits: false });
    const key = (await app.auth.createAgency('Bench')).apiKey;
    const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = { authorization: `Bearer ${key}` }, url = server.url) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { body, res };
    };
    const SEARCH = `query($q: String, $f: InfluencerFilter, $s: InfluencerSort, $n: Int!) {
      searchInfluencers(query: $q, filter: $f, sort: $s, first: $n) {
        totalCount edges { cursor node { id displayName country topics { topic { slug } weight } accounts { platform handle followers } }
          matchedTopics { topic { slug } weight evidence } }
        facets { topics { value count } platforms { value count } countries { value count } languages { value count } } } }`;
    const kinds: Array<[string, Record<string, unknown>]> = [
      ['text: topic word', { q: 'yoga', n: 20 }],
      ['text: typo + accent', { q: 'patiserie', n: 20 }],
      ['text: a name', { q: 'Müller', n: 20 }],
      ['filter: group + country', { f: { topics: ['fitness'], countries: ['DE'] }, n: 20 }],
      ['filter: platform + followers, sort followers', { f: { platforms: ['TIKTOK'], minFollowers: 10000 }, s: 'FOLLOWERS', n: 50 }],
      ['text + filters + contactable', { q: 'travel', f: { languages: ['en'], contactableOnly: true }, s: 'ENGAGEMENT', n: 20 }],
      ['everything, first 100', { n: 100 }],
    ];
    for (const [, v] of kinds) await gql(SEARCH, v); // warm-up
    const per = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
    const all: number[] = [];
    const unlimited: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const [kind, v] = kinds[i % kinds.length];
      const s = performance.now();
      await gql(SEARCH, v);
      const d = performance.now() - s;
      per.get(kind)!.push(d);
      all.push(d);
      // the same request on the server without limits, interleaved so both see the same caches
      const t = performance.now();
      await gql(SEARCH, v, undefined, bare.url);
      unlimited.push(performance.now() - t);
    }

    // withdrawal to index: sign in as listable demo people, withdraw, watch the index
    const some: Array<{ id: string; email: string }> = await app.ds.query(
      `SELECT i.id, i.email FROM search_document d JOIN influencer i ON i.id = d.id ORDER BY d.id LIMIT $1`,
      [WITHDRAWALS],
    );
    const lag: number[] = [];
    for (const p of some) {
      const signIn = await gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { me { id } } }`, { e: p.email, p: DEMO_PASSWORD }, {});
      const cookie = signIn.res.headers.get('set-cookie')!.split(';')[0];
      await gql(`mutation { withdrawConsent(purpose: DISCOVERY) { consent { granted } } }`, {}, { cookie });
      const s = performance.now();
      for (;;) {
        const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM search_document WHERE id = $1`, [p.id]);
        if (n === 0) break;
        if (performance.now() - s > 10_000) throw new Error('withdrawal not applied to the index within 10 s');
        await new Promise((r) => setTimeout(r, 1));
      }
      lag.push(performance.now() - s);
    }
    const mem = process.memoryUsage();
    say(`### searchInfluencers at ${COUNT.toLocaleString('en')} influencers (${report.eligible.toLocaleString('en')} listable), postgres engine`);
    say('');
    say(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, embedded PostgreSQL 18.`);
    say(`Command: \`BENCH_COUNT=${COUNT} BENCH_REQUESTS=${REQUESTS} npm run bench:search\` (${new Date().toISOString().slice(0, 10)}); one client, sequential requests over HTTP on 127.0.0.1.`);
    say('');
    say(`${existing >= COUNT ? 'Reused data' : `Seeding ${ms(seedMs)} · index rebuild ${ms(indexMs)}`} · process RSS after the run ${(mem.rss / 2 ** 20).toFixed(0)} MiB (server, indexer and client in one process)`);
    say('');
    say('| query | n | p50 | p95 |');
    say('| --- | --- | --- | --- |');
    for (const [kind, xs] of per) say(`| ${kind} | ${xs.length} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 95))} |`);
    say(`| **all** | ${all.length} | ${ms(pct(all, 50))} | ${ms(pct(all, 95))} |`);
    say('');
    const rate = (xs: number[]) => (1000 * xs.length) / xs.reduce((a, b) => a + b, 0);
    say('Query and rate limits on vs off (the same requests, interleaved, same run):');
    say('');
    say('| server | n | p50 | p95 | req/s (one client) |');
    say('| --- | --- | --- | --- | --- |');
    say(`| limits on (armor, cost, PostgreSQL rate limiter) | ${all.length} | ${ms(pct(all, 50))} | ${ms(pct(all, 95))} | ${rate(all).toFixed(1)} |`);
    say(`| limits off | ${unlimited.length} | ${ms(pct(unlimited, 50))} | ${ms(pct(unlimited, 95))} | ${rate(unlimited).toFixed(1)} |`);
    say('');
    say(`withdrawConsent response → document gone from the index (n = ${lag.length}): p50 ${ms(pct(lag, 50))}, p95 ${ms(pct(lag, 95))}, max ${ms(Math.max(...lag))}. (The read path already excludes the person before this: the rule is applied in SQL on every search.)`);
    await server.close();
    await bare.close();
  } finally {
    await app.close();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
