/**
 * The README's promise, tested on the built server (`npm test` builds first): with no
 * configuration it starts an embedded PostgreSQL, answers GraphQL, stops cleanly on SIGTERM,
 * and a second start reuses the data. Bad configuration: one clear line, a non-zero exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { join } from '../support/join';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

const children = new Set<ChildProcess>();

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /GraphQL:\s+(\S+)/.exec(out);
      if (m && /GraphiQL:/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
  return { child, output: () => out, url };
}

async function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

async function gql(url: string, query: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return res.json();
}

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start on a fresh machine', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-start-'));
  afterAll(() => {
    // a failed assertion must not leave a server (and its PostgreSQL) running
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no configuration, answers topics, and a second start reuses the data', async () => {
    expect(fs.existsSync(MAIN)).toBe(true);
    const port = String(await freePort());
    const first = await start({ DATA_DIR: dataDir, PORT: port });
    expect(first.output()).toMatch(/Demo agency API key .*: pk_/);
    const topics = await gql(first.url, '{ topics { slug } }');
    expect(topics.data.topics.length).toBeGreaterThanOrEqual(72);
    // the influencer portal: its address printed, served from the built assets with its CSP
    const portal = /Portal:\s+(\S+)/.exec(first.output())![1];
    const page = await fetch(portal);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = /src="(\/portal\/assets\/[^"]+\.js)"/.exec(await page.text())![1];
    expect((await fetch(new URL(script, portal))).status).toBe(200);
    // without SMTP_URL, the sign-up code goes to the dev mailbox, whose address is printed
    const mailbox = /Mail:\s+(\S+)/.exec(first.output())![1];
    const joined = await join(new URL(mailbox).origin, { email: 'keep@me.test', password: 'a long passphrase 42', displayName: 'Kept', birthDate: '1990-01-01' });
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('SIGTERM: stopping');

    const second = await start({ DATA_DIR: dataDir, PORT: port });
    expect(second.output()).not.toMatch(/Demo agency API key/);
    const signIn = await gql(second.url, `mutation { signIn(email: "keep@me.test", password: "a long passphrase 42") { me { id } userErrors { code } } }`);
    expect(signIn.data.signIn.me.id).toBe(joined.id);
    expect(await stop(second)).toBe(0);
  }, 120_000);

  it.each([
    ['PORT', 'eighty'],
    ['MIN_AGE', '5'],
    ['CONSENT_TTL_DAYS', 'forever'],
    ['SEARCH_ENGINE', 'solr'],
    ['DATABASE_URL', 'http://not-postgres'],
    ['MEILI_URL', 'nope'],
    ['SEED_DEMO', 'perhaps'],
    ['DATA_DIR', ' '],
  ])('%s=%s: one clear line naming it, exit code != 0', async (name, value) => {
    const r = await run({ DATA_DIR: dataDir, [name]: value });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(r.stdout).toBe('');
  });
});
