/**
 * The database stopped and started again under a search load: the server keeps running, every
 * request meanwhile gets a clear code (DATABASE_UNAVAILABLE, HTTP 503; never a 500 or a stack),
 * and once PostgreSQL is back the server answers again by itself (its pool reconnects).
 * The built server runs against a PostgreSQL of its own (DATABASE_URL), started and stopped by a
 * child process on a fixed port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { until } from '../support/waiting';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const children = new Set<ChildProcess>();

/** PostgreSQL on `port` in `dir`, as the server's own embedded one; resolves with its app URL; stop() stops it. */
async function postgres(dir: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = `
    require('./dist/src/db/embedded').startEmbeddedPostgres(${JSON.stringify(dir)}, () => {}, ${port}).then((db) => {
      console.log(db.url);
      process.stdin.on('end', () => db.stop().then(() => process.exit(0)));
      process.stdin.resume();
    }, (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => (children.delete(child), resolve())));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`postgres script exited ${code}: ${err}`)));
  });
  return { url, stop: async () => (child.stdin!.end(), await exited) };
}

describe('PostgreSQL stopped and started again under load', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-dbrestart-'));
  fs.chmodSync(dir, 0o755);
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers DATABASE_UNAVAILABLE (503) while it is down, and serves again by itself when it is back', async () => {
    const pgPort = await freePort();
    let pg = await postgres(dir, pgPort);
    const port = await freePort();
    const server = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: pg.url, PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(server);
    let log = '';
    server.stdout!.on('data', (d) => (log += d));
    server.stderr!.on('data', (d) => (log += d));
    let serverExited = false;
    server.on('exit', () => (serverExited = true));
    await until('the server to start', 60_000, () => (log.includes('GraphiQL:') ? true : null));
    const key = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [CLI, 'agency:create', 'Patient'], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: pg.url }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`agency:create exited ${code}`))));
    });
    const search = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ searchInfluencers(query: "yoga", first: 5) { totalCount } }' }),
      });
      const text = await res.text();
      return { status: res.status, text, code: (JSON.parse(text).errors?.[0]?.extensions?.code as string | undefined) ?? 'OK' };
    };
    expect((await search()).code).toBe('OK');

    // a steady load while the database goes away and comes back
    const seen: Array<{ status: number; code: string; text: string }> = [];
    let loading = true;
    const load = (async () => {
      while (loading) {
        seen.push(await search().catch((e: Error) => ({ status: 0, code: `FETCH ${e.message}`, text: '' })));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await until('some answers before', 10_000, () => (seen.length >= 5 ? true : null));
    await pg.stop();
    await until('answers while down', 20_000, () => (seen.filter((s) => s.code !== 'OK').length >= 5 ? true : null));
    pg = await postgres(dir, pgPort);
    const before = seen.length;
    await until('the server to answer again by itself', 30_000, () => (seen.slice(before).some((s) => s.code === 'OK') ? true : null));
    loading = false;
    await load;

    const down = seen.filter((s) => s.code !== 'OK');
    expect(down.length).toBeGreaterThan(0);
    // while down: a clear code and 503, never a 500, a stack or a dropped connection
    expect([...new Set(down.map((s) => `${s.status} ${s.code}`))]).toEqual(['503 DATABASE_UNAVAILABLE']);
    expect(down.some((s) => /at .*\.js:\d+|stack/i.test(s.text))).toBe(false);
    expect(serverExited).toBe(false);
    expect((await search()).code).toBe('OK');
    server.kill('SIGTERM');
    await pg.stop();
  }, 120_000);
});
