/**
 * The server killed with SIGKILL right after a withdrawal commits, its indexer not yet done with
 * it (held back by a table lock): the embedded PostgreSQL outlives it. The next start stops that
 * leftover PostgreSQL instead of failing on its lock file, replays the outbox, and the person is
 * not findable at any point: not on the first request after the restart (the index still holds
 * them; the read path drops them), not after the replay (the index no longer holds them).
 * A second server on a data directory a live server uses is refused with one clear line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedUrl, freePort } from '../../src/db/embedded';
import { processAlive as alive, until } from '../support/waiting';
import { join } from '../support/join';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const CLI = path.resolve(__dirname, '../../dist/src/cli.js');

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

function launch(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => out, exited };
}

async function start(dataDir: string): Promise<Server> {
  const port = await freePort();
  const s = launch({ DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${s.output()}`)), 60_000);
    s.child.stdout!.on('data', () => {
      if (s.output().includes('GraphiQL:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void s.exited.then((code) => reject(new Error(`exited ${code} while starting:\n${s.output()}`)));
  });
  return { ...s, port };
}

describe('killed after a withdrawal commits', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-kill-'));
  fs.chmodSync(dataDir, 0o755);
  const leftovers: number[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGQUIT');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the next start takes over the data, replays the outbox, and the person is never findable', async () => {
    const first = await start(dataDir);
    const gql = async (port: number, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      return { body: (await res.json()) as any, cookie };
    };

    // a listable person, findable by a word of their own
    const word = `Zephyrine${Date.now() % 100000}`;
    const up = await join(`http://127.0.0.1:${first.port}`, { email: 'killed@after.test', password: 'a long passphrase 42', displayName: `${word} Doe`, birthDate: '1990-01-01', country: 'FR' });
    const id = up.id;
    const session = { cookie: up.cookie };
    await gql(first.port, `mutation { connectSocialAccount(input: { platform: INSTAGRAM, handle: "zephyrine_ig", followers: 900 }) { userErrors { code } } }`, {}, session);
    await gql(first.port, `mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, session);
    const key = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [CLI, 'agency:create', 'Watchers'], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`agency:create exited ${code}`))));
    });
    const agency = { authorization: `Bearer ${key}` };
    const SEARCH = `query($q: String) { searchInfluencers(query: $q, first: 5) { edges { node { id } } } }`;
    const findable = async (port: number) => ((await gql(port, SEARCH, { q: word }, agency)).body.data.searchInfluencers.edges as Array<{ node: { id: string } }>).some((e) => e.node.id === id);
    await until('the person to be findable', 30_000, async () => ((await findable(first.port)) ? true : null));

    // A second server on the same data directory, while this one runs: refused, plainly.
    const second = launch({ DATA_DIR: dataDir, PORT: String(await freePort()), SEED_DEMO: 'false' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/The embedded PostgreSQL in .* is already running \(pid \d+\) by process \d+/);
    expect(second.output()).toContain('DATABASE_URL');

    // Hold the index table so the indexer cannot apply the withdrawal; then withdraw and kill.
    const pidFile = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    const [pgPid, pgPort] = [Number(pidFile[0]), Number(pidFile[3])];
    leftovers.push(pgPid);
    const holder = new Client(embeddedUrl(dataDir, pgPort));
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE search_document IN SHARE MODE');
    const withdrawn = await gql(first.port, `mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, session);
    expect(withdrawn.body.data.withdrawConsent.userErrors).toEqual([]);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    // a crash takes its in-flight statements with it: end the dead server's backends before the
    // lock goes, or a DELETE it had already sent would still run (and this would depend on timing)
    await holder.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'permission%' AND pid <> pg_backend_pid()`);
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end().catch(() => undefined);
    // the database outlived the server, with the withdrawal's outbox event not applied
    expect(alive(pgPid)).toBe(true);
    const look = new Client(embeddedUrl(dataDir, pgPort));
    await look.connect();
    const pending = await until('the killed indexer\'s transaction to end', 20_000, async () => {
      const [{ n }] = (await look.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'permission' AND state LIKE 'idle in transaction%'`)).rows;
      return n === 0 ? true : null;
    }).then(async () => (await look.query(`SELECT count(*)::int AS n FROM outbox_event WHERE influencer_id = $1`, [id])).rows[0].n as number);
    const stillIndexed = (await look.query(`SELECT count(*)::int AS n FROM search_document WHERE id = $1`, [id])).rows[0].n as number;
    await look.end();
    expect(pending).toBeGreaterThan(0);
    expect(stillIndexed).toBe(1);

    // The next start: takes over from the leftover PostgreSQL; the very first search does not show them.
    const restarted = await start(dataDir);
    expect(restarted.output()).toContain(`Stopping the PostgreSQL (pid ${pgPid}) that a previous process left running`);
    expect(alive(pgPid)).toBe(false);
    expect(await findable(restarted.port)).toBe(false);
    // the outbox is replayed: the index no longer holds them, and they stay unfindable
    await until('the outbox to be replayed', 30_000, async () => {
      const text = await (await fetch(`http://127.0.0.1:${restarted.port}/metrics`)).text();
      return /^permission_outbox_pending 0$/m.test(text) ? true : null;
    });
    expect(await findable(restarted.port)).toBe(false);
    const me = await gql(restarted.port, `{ me { listing { listable } } }`, {}, session);
    expect(me.body.data.me.listing.listable).toBe(false);
    const check = new Client(embeddedUrl(dataDir, Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3])));
    await check.connect();
    const [{ n }] = (await check.query(`SELECT count(*)::int AS n FROM search_document WHERE id = $1`, [id])).rows;
    await check.end();
    expect(n).toBe(0);

    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 180_000);
});
