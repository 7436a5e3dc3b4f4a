/**
 * `npm run bench:startup`: start-up time of the embedded PostgreSQL and of the whole server,
 * median of 5 runs each: a first start on an empty DATA_DIR (initdb + migrations), a restart on
 * existing data, and a first start that seeds the demo data. Prints Markdown for BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../src/main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Start {
  processMs: number;
  upMs: number;
  databaseMs: number;
}

function startOnce(dataDir: string, seed: boolean): Promise<Start> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATA_DIR: dataDir, SEED_DEMO: String(seed), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let result: Start | null = null;
    child.stdout.on('data', (d) => {
      out += d;
      const m = /up in (\d+) ms \(database (\d+) ms/.exec(out);
      if (!result && m && out.includes('GraphiQL:')) {
        result = { processMs: performance.now() - t0, upMs: Number(m[1]), databaseMs: Number(m[2]) };
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', () => (result ? resolve(result) : reject(new Error(`did not start:\n${out}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-startup-'));
  try {
    const cases: Array<[string, () => Promise<Start>]> = [];
    let n = 0;
    cases.push(['first start, empty DATA_DIR (initdb, migrations), no demo data', () => startOnce(path.join(root, `fresh-${n++}`), false)]);
    const kept = path.join(root, 'kept');
    await startOnce(kept, false);
    cases.push(['restart on existing data', () => startOnce(kept, false)]);
    cases.push(['first start with the demo seed (2,000 influencers)', () => startOnce(path.join(root, `seeded-${n++}`), true)]);
    console.log(`### Start-up (median of ${RUNS})`);
    console.log('');
    console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Command: \`npm run bench:startup\`.`);
    console.log('"database" is PostgreSQL started and migrated; "server" adds the app and HTTP; "process" is from spawning node to the printed address.');
    console.log('');
    console.log('| case | database | server | process |');
    console.log('| --- | --- | --- | --- |');
    for (const [label, run] of cases) {
      const xs: Start[] = [];
      for (let i = 0; i < RUNS; i++) xs.push(await run());
      console.log(`| ${label} | ${median(xs.map((x) => x.databaseMs))} ms | ${median(xs.map((x) => x.upMs))} ms | ${Math.round(median(xs.map((x) => x.processMs)))} ms |`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
