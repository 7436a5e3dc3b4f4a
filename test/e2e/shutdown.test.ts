/**
 * Graceful shutdown of the built server as `npm start` runs it (`node dist/src/main.js`, embedded
 * PostgreSQL): on SIGTERM it stops accepting connections, lets a request in flight finish, and
 * exits 0 within 10 s leaving no process behind (neither node nor any PostgreSQL process).
 * The only timing asserted is that 10 s bound, which the shutdown promises.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedUrl, freePort } from '../../src/db/embedded';
import { processAlive as alive } from '../support/waiting';
import { join } from '../support/join';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const LIMIT_MS = 10_000;

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children = new Set<ChildProcess>();

async function start(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (/GraphiQL:/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} while starting:\n${out}`));
    });
  });
  return { child, port, output: () => out, exited };
}

/** Every live process whose ancestry leads to `root` (node's PostgreSQL and its workers), and root. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (tree.includes(ppid) && !tree.includes(pid)) {
        tree.push(pid);
        grew = true;
      }
    }
  }
  return tree;
}

async function until<T>(what: string, deadline: number, probe: () => Promise<T | null> | T | null): Promise<T> {
  for (;;) {
    const got = await probe();
    if (got !== null) return got;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function gql(port: number, query: string, cookie?: string): Promise<{ status: number; body: any; cookie: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.json(), cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

/** Exit 0 within the limit after the signal, and every process of its tree gone by then. */
async function exitsCleanly(server: Server, tree: number[], signalled: number): Promise<void> {
  const { code, signal, at } = await server.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(at - signalled).toBeLessThan(LIMIT_MS);
  const left = await until('every process of the server to be gone', signalled + LIMIT_MS, () => {
    const living = tree.filter(alive);
    return living.length === 0 ? living : null;
  });
  expect(left).toEqual([]);
}

describe('graceful shutdown of the started server', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-shutdown-'));
  fs.chmodSync(dataDir, 0o755);
  afterAll(() => {
    // a failed assertion must not leave a server (and its PostgreSQL) running
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM: stops accepting, finishes the request in flight, exits 0 within 10 s, no process left', async () => {
    const server = await start(dataDir);
    const signUp = await join(`http://127.0.0.1:${server.port}`, { email: 'drain@me.test', password: 'a long passphrase 42', displayName: 'Before', birthDate: '1990-01-01' });
    const id = signUp.id;

    // Hold the influencer's row, so that their profile update is in flight when the signal comes.
    const pgPort = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const holder = new Client(embeddedUrl(dataDir, pgPort));
    holder.on('error', () => undefined); // PostgreSQL stopping under it at the end is expected
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM influencer WHERE id = $1 FOR UPDATE', [id]);
    const inFlight = gql(server.port, `mutation { updateProfile(input: { displayName: "After" }) { userErrors { code } } }`, signUp.cookie);
    // (watched from another session: pg_stat_activity is a snapshot taken once per transaction)
    const watcher = new Client(embeddedUrl(dataDir, pgPort));
    await watcher.connect();
    await until('the update to wait for the row lock', Date.now() + 10_000, async () => {
      const { rows } = await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE%influencer%'`);
      return rows.length > 0 ? true : null;
    });
    await watcher.end();

    const tree = processTree(server.child.pid!);
    expect(tree.length).toBeGreaterThan(3); // node, the postmaster and its workers
    const signalled = Date.now();
    server.child.kill('SIGTERM');

    // New connections are refused while the request in flight is still being served. (Right at
    // the signal a connection may be accepted and cut: ECONNRESET. Wait for the listener to close.)
    const refused = await until('the listener to close', signalled + LIMIT_MS, () =>
      fetch(`http://127.0.0.1:${server.port}/healthz`).then(
        () => null,
        (err: Error & { cause?: { code?: string } }) => (err.cause?.code === 'ECONNREFUSED' ? err.cause.code : null),
      ),
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(alive(server.child.pid!)).toBe(true);

    // Let it go: the request completes, with its answer.
    await holder.query('COMMIT');
    await holder.end();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual(expect.objectContaining({ data: { updateProfile: { userErrors: [] } } }));

    await exitsCleanly(server, tree, signalled);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(server.output()).toContain('SIGTERM: stopping');
    expect(server.output()).not.toMatch(/error|failed/i);
  }, 120_000);

  it('SIGINT (Ctrl-C) on the restarted server: the update was kept; exit 0, no process left', async () => {
    const server = await start(dataDir);
    const signIn = await gql(server.port, `mutation { signIn(email: "drain@me.test", password: "a long passphrase 42") { me { displayName } } }`);
    expect(signIn.body.data.signIn.me.displayName).toBe('After');
    const tree = processTree(server.child.pid!);
    const signalled = Date.now();
    server.child.kill('SIGINT');
    await exitsCleanly(server, tree, signalled);
  }, 120_000);
});
