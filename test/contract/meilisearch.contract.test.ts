/**
 * The engine contract against `MeilisearchEngine` and a real Meilisearch server, when MEILI_URL
 * (and, if the server needs it, MEILI_MASTER_KEY) is set:
 *
 *   MEILI_URL=http://127.0.0.1:7700 MEILI_MASTER_KEY=... npx jest test/contract
 *
 * Each run uses an index of its own (`contract_<time>_<random>`) and deletes it afterwards.
 * Without MEILI_URL the suite is skipped, and says why.
 *
 * Loading the client under Jest: `meilisearch` is ESM-only. Jest's module registry cannot load it
 * (`require` and the `import()` ts-jest compiles to `require` fail with "Must use import to load
 * ES Module"), Jest 30 also hands its own registry out through `module.createRequire` and
 * `process.getBuiltinModule`, and a native `import()` run inside Jest's vm context fails without
 * --experimental-vm-modules. What works is Node's own loader, reached through the main context:
 * `vm.runInThisContext('process')` is the host's real `process`, whose `getBuiltinModule('node:module')`
 * gives the real `createRequire`, and Node >= 20.19 can `require` an ES module. On an older Node the
 * fallback is a native `import()` compiled in the main context with Node's default loader
 * (`vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`). The client is then injected into the engine
 * through its `client` option (the engine's own lazy `require` goes through Jest's registry).
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { MeilisearchEngine, type MeilisearchEngineOptions } from '../../src/search/meilisearch.engine';
import { engineContract } from './engine.contract';

type MeiliClient = NonNullable<MeilisearchEngineOptions['client']>;

interface MeilisearchModule {
  Meilisearch: new (config: { host: string; apiKey?: string }) => MeiliClient;
}

/** The `meilisearch` package, loaded by Node itself rather than by Jest's module registry. */
async function loadMeilisearch(): Promise<MeilisearchModule> {
  const hostProcess = vm.runInThisContext('process') as NodeJS.Process;
  const { createRequire } = hostProcess.getBuiltinModule('node:module');
  const hostRequire = createRequire(__filename);
  try {
    return hostRequire('meilisearch') as MeilisearchModule;
  } catch (requireError) {
    const loader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    if (!loader) throw requireError;
    const nativeImport = vm.runInThisContext('(specifier) => import(specifier)', { importModuleDynamically: loader }) as (
      specifier: string,
    ) => Promise<MeilisearchModule>;
    return nativeImport(pathToFileURL(hostRequire.resolve('meilisearch')).href);
  }
}

const host = process.env.MEILI_URL?.trim();
const apiKey = process.env.MEILI_MASTER_KEY?.trim() || undefined;

if (host) {
  engineContract('meilisearch', async () => {
    const { Meilisearch } = await loadMeilisearch();
    const client = new Meilisearch({ host, apiKey });
    const indexName = `contract_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const engine = new MeilisearchEngine({ host, apiKey, indexName, client, taskTimeoutMs: 30_000, taskPollIntervalMs: 20 });
    return {
      engine,
      async cleanup() {
        const task = await client.deleteIndex(indexName).waitTask({ timeout: 30_000, interval: 20 });
        // index_not_found: the run failed before creating it; nothing to delete
        if (task.status !== 'succeeded' && task.error?.code !== 'index_not_found') {
          throw new Error(`could not delete the contract index ${indexName}: ${JSON.stringify(task.error)}`);
        }
      },
    };
  });
} else {
  const reason = 'MEILI_URL not set: skipping the Meilisearch engine contract (set MEILI_URL, and MEILI_MASTER_KEY if needed, to run it against a real server)';
  // straight to stderr: jest swallows console output of a suite whose tests are all skipped
  process.stderr.write(`[meilisearch contract] ${reason}\n`);
  describe('meilisearch search engine contract', () => {
    test.skip(reason, () => undefined);
  });
}
