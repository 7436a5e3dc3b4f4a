/**
 * `node dist/bench/reindex-profile.js [DATA_DIR] [RUNS]`: how fast a full reindex writes, and who
 * spends the CPU. On an existing benchmark database (default `.bench-data/100000`; the server must
 * not be running on it), RUNS times (default 2): a rebuild into an empty index (`clear()` first),
 * then a rebuild over that index (every document already written from the same source, so only
 * read and compared), each with documents/s and the CPU time of Node and of PostgreSQL's processes
 * (from /proc, Linux). The index is left complete.
 */
import 'reflect-metadata';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { cpuMs, pidsOf } from './proc-cpu';

async function main(): Promise<void> {
  const dataDir = path.resolve(process.argv[2] ?? '.bench-data/100000');
  const runs = Number(process.argv[3] ?? 2);
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', PORT: '0', DATABASE_URL: '' });
  const app = await createApp(config, { log: () => undefined });
  try {
    for (let i = 0; i < runs; i++) {
      for (const into of ['an empty index', 'the index as it is'] as const) {
        if (into === 'an empty index') await app.engine.clear();
        // PostgreSQL's backends come and go with the pool: looked up at each reading
        const pg0 = cpuMs(pidsOf(/^postgres/));
        const node0 = process.cpuUsage();
        const t = performance.now();
        const report = await app.reconciler.rebuild();
        const wall = performance.now() - t;
        const node = process.cpuUsage(node0);
        const pg = cpuMs(pidsOf(/^postgres/)) - pg0;
        const perDoc = (ms: number) => ((1000 * ms) / report.eligible).toFixed(0);
        console.log(
          `into ${into}: ${(report.eligible / (wall / 1000)).toFixed(0)} documents/s (${report.eligible} in ${(wall / 1000).toFixed(1)} s); ` +
            `CPU per document: Node ${perDoc((node.user + node.system) / 1000)} µs, PostgreSQL ${perDoc(pg)} µs`,
        );
      }
    }
  } finally {
    await app.close();
  }
}
void main();
