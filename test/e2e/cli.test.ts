/**
 * The operator CLI as operators run it: the BUILT `dist/src/cli.js` (`npm test` builds first), in
 * a child process, against a real database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { sha256 } from '../../src/auth/auth.service';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { createTestDatabase } from '../support/test-app';

const CLI = path.resolve(__dirname, '../../dist/src/cli.js');
const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const KEY = /^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('operator CLI on a database given by DATABASE_URL', () => {
  let url: string;
  let app: App;
  const env = () => ({ DATABASE_URL: url });

  beforeAll(async () => {
    expect(fs.existsSync(CLI)).toBe(true);
    url = await createTestDatabase();
    // migrates the fresh database; also used to check what the CLI did
    app = await createApp(loadConfig({ SEED_DEMO: 'false' }), { databaseUrl: url, poolSize: 3 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('agency:create prints a working API key as the very last line', async () => {
    const r = await cli(['agency:create', 'Acme Ltd'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const out = lines(r.stdout);
    const key = out[out.length - 1];
    expect(key).toMatch(KEY);
    // stored as its hash, for the new agency
    const stored = await app.ds.query(`SELECT a.name FROM api_key k JOIN agency a ON a.id = k.agency_id WHERE k.key_hash = $1`, [sha256(key)]);
    expect(stored).toEqual([{ name: 'Acme Ltd' }]);
    // and it authenticates (while a made-up key of the same shape does not)
    const principal = await app.auth.agencyForKey(key);
    expect(principal?.agencyName).toBe('Acme Ltd');
    expect(await app.auth.agencyForKey(`pk_000000000000_${'A'.repeat(32)}`)).toBeNull();
  });

  it('seed --count 50 adds 50 demo influencers, with plain progress lines when stderr is not a terminal', async () => {
    const count = async () => (await app.ds.query(`SELECT count(*)::int AS n FROM influencer`))[0].n as number;
    const before = await count();
    const r = await cli(['seed', '--count', '50'], env());
    expect(r.code).toBe(0);
    expect(await count()).toBe(before + 50);
    expect(r.stdout).toMatch(/Added 50 demo influencers/);
    expect(r.stderr).not.toContain('\r'); // no terminal bar in a pipe
    expect(r.stderr).toMatch(/^seed: 50\/50 \(100%\)/m);
    // the rows are all there
    const [{ topics, accounts }] = await app.ds.query(
      `SELECT (SELECT count(*)::int FROM influencer_topic) AS topics, (SELECT count(*)::int FROM social_account) AS accounts`,
    );
    expect(topics).toBeGreaterThanOrEqual(50);
    expect(accounts).toBeGreaterThanOrEqual(50);

    const again = await cli(['seed', '--count=50'], env());
    expect(again.code).toBe(0);
    expect(await count()).toBe(before + 100);
  });

  it('reindex rebuilds the index from the listable set; reindex --verify reports and repairs drift', async () => {
    await cli(['seed', '--count', '60'], env());
    const listable = () => app.projector.listableIds();
    const indexed = async () => ((await app.ds.query(`SELECT id FROM search_document ORDER BY 1`)) as Array<{ id: string }>).map((r) => r.id);
    const rebuilt = await cli(['reindex'], env());
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/reindex: \d+\/\d+ \(100%\)/);
    const wanted = await listable();
    expect(wanted.length).toBeGreaterThan(40);
    expect(await indexed()).toEqual(wanted);

    // drift: one listable person missing from the index, one non-listable person in it
    const [gone, intruder] = [wanted[0], wanted[1]];
    await app.ds.query(`DELETE FROM search_document WHERE id = $1`, [gone]);
    await app.ds.query(`UPDATE influencer SET status = 'suspended' WHERE id = $1`, [intruder]);
    await app.ds.query(`DELETE FROM outbox_event`);
    const verified = await cli(['reindex', '--verify'], env());
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Missing from the index (added): 1: ${gone}`);
    expect(verified.stdout).toContain(`Not listable but indexed (removed): 1: ${intruder}`);
    expect(await indexed()).toEqual(await listable());
    const again = await cli(['reindex', '--verify'], env());
    expect(again.stdout).toContain('Missing from the index (added): 0');
    expect(again.stdout).toContain('Not listable but indexed (removed): 0');
  });

  it('help lists the commands', async () => {
    const r = await cli(['help'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('agency:create <name>');
    expect(r.stdout).toContain('seed --count N');
  });

  it.each([
    [['frobnicate'], /Unknown command "frobnicate"/],
    [[], /No command given/],
    [['agency:create'], /agency:create needs the agency name/],
    [['agency:create', '   '], /agency:create needs the agency name/],
    [['seed'], /seed needs --count/],
    [['seed', '--count'], /--count needs a whole number/],
    [['seed', '--count', 'many'], /--count needs a whole number/],
    [['seed', '--count', '0'], /--count needs a whole number/],
    [['seed', '--count', '5', '--force'], /unknown option --force/],
  ])('%j: one clear line on stderr, exit code 2', async (args, message) => {
    const r = await cli(args, env());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('bad configuration: one line naming the variable, exit code 2', async () => {
    const r = await cli(['agency:create', 'Acme Ltd'], { ...env(), MIN_AGE: '5' });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('MIN_AGE');
  });

  it('a failure: the message without a stack trace, exit code 1', async () => {
    const bad = new URL(url);
    bad.pathname = '/no_such_database_here';
    const r = await cli(['agency:create', 'Acme Ltd'], { DATABASE_URL: bad.toString() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^agency:create failed: .*no_such_database_here/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('operator CLI on the embedded database (DATA_DIR)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-cli-'));
  const started: ChildProcess[] = [];

  afterAll(() => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('works while the server runs, on the server\'s own PostgreSQL; and on its own once the server is stopped', async () => {
    fs.chmodSync(dataDir, 0o755);
    const env = { DATA_DIR: dataDir, SEED_DEMO: 'false' };
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${out}`)), 60_000);
      child.stdout!.on('data', () => {
        if (/GraphQL:/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited ${code}:\n${out}`));
      });
    });
    const serverPg = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0];

    // agency:create against the running server's database: the server accepts the new key at once
    const made = await cli(['agency:create', 'Busy Ltd'], env);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain(`Using the embedded PostgreSQL already running on ${dataDir} (pid ${serverPg},`);
    const key = lines(made.stdout).pop()!;
    expect(key).toMatch(KEY);
    const search = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ searchInfluencers(first: 1) { totalCount } }' }),
    });
    expect(await search.json()).toEqual(expect.objectContaining({ data: { searchInfluencers: { totalCount: 0 } } }));

    // the rest of the commands too, while the server keeps serving
    const seeded = await cli(['seed', '--count', '30'], env);
    expect(seeded.code).toBe(0);
    const rebuilt = await cli(['reindex'], env);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt the postgres index/);
    const verified = await cli(['reindex', '--verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Missing from the index (added): 0');
    expect(verified.stdout).toContain('Not listable but indexed (removed): 0');
    // the server's PostgreSQL is the one that ran throughout, and the server still answers
    expect(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]).toBe(serverPg);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    await new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });

    // Now the CLI starts the embedded PostgreSQL itself, on the same data, and stops it at the end.
    const ok = await cli(['agency:create', 'Later Ltd'], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const out2 = lines(ok.stdout);
    expect(out2[out2.length - 1]).toMatch(KEY);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('refuses clearly when the data directory is locked by a process it cannot reach', async () => {
    // A live process that looks like a PostgreSQL holds the lock file, announcing a port nobody listens on.
    const imposter = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'postgres-imposter'], { stdio: 'ignore' });
    started.push(imposter);
    const lockFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const port = await freePort();
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    fs.writeFileSync(lockFile, `${imposter.pid}\n${path.dirname(lockFile)}\n1764000000\n${port}\n\n127.0.0.1\n  1234567  1\nready   \n`);
    try {
      const r = await cli(['agency:create', 'Blocked Ltd'], { DATA_DIR: dataDir, SEED_DEMO: 'false' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`in use by another process \\(pid ${imposter.pid}\\) and could not be reached on 127\\.0\\.0\\.1:${port}`));
      expect(r.stderr).toMatch(/stop that process/);
      expect(r.stderr).toContain('DATABASE_URL');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      imposter.kill('SIGKILL');
      fs.rmSync(lockFile, { force: true });
    }
  });
});
