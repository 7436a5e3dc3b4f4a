/**
 * The logs of a full journey through the built server in production mode (JSON lines from pino):
 * every line is JSON, every request line has a request id (the client's own when it sends a sane
 * one), and nothing secret or personal is in them: no password, API key, session token, email or
 * birth date, in any encoding a request could carry it (JSON body, URL query, cookie, header), nor
 * the sign-up code, which reaches the person through a real SMTP server (smtp-server, on loopback).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { mailCatcher, type MailCatcher } from '../support/smtp';
import { keySecret } from '../support/agency-fixtures';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const CLI = path.resolve(__dirname, '../../dist/src/cli.js');

describe('logs of a full journey', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-logs-'));
  fs.chmodSync(dataDir, 0o755);
  let child: ChildProcess | null = null;
  // the mail server people's providers would run: what it receives is what they would read
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await mailCatcher();
    await smtp.listen();
  });
  afterAll(() => smtp.close());
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('are JSON lines with request ids and never carry passwords, keys, tokens, emails or birth dates', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'trace', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` };
    const server = spawn(process.execPath, [MAIN], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = server;
    let stdout = '';
    let stderr = '';
    server.stdout!.on('data', (d) => (stdout += d));
    server.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${stdout}${stderr}`)), 60_000);
      server.stdout!.on('data', () => {
        if (stdout.includes('GraphiQL:')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`exited ${code}:\n${stdout}${stderr}`)));
    });
    const base = `http://127.0.0.1:${port}`;

    // the secrets and personal data of the journey
    const email = 'journey.person@example.test';
    const password = 'correct horse battery staple 42';
    const wrongPassword = 'wrong horse battery staple 99';
    const birthDate = '1991-04-12';
    const correctedBirthDate = '1991-04-21';

    let cookie = '';
    const responseIds: string[] = [];
    const gql = async (query: string, variables: Record<string, unknown>, extra: Record<string, string> = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...extra },
        body: JSON.stringify({ query, variables }),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0];
      responseIds.push(res.headers.get('x-request-id') ?? '');
      return { status: res.status, body: (await res.json()) as any };
    };

    const up = await gql(
      `mutation SignUp($email: String!, $password: String!, $birthDate: String!) { signUp(input: { email: $email, password: $password, displayName: "Journey", birthDate: $birthDate, country: "FR" }) { codeSentTo userErrors { code } } }`,
      { email, password, birthDate },
      { 'x-request-id': 'journey-signup-1' },
    );
    expect(up.body.data.signUp.userErrors).toEqual([]);
    // the code arrives by mail, through SMTP
    const deadline = Date.now() + 20_000;
    while (!smtp.received.some((m) => m.to === email) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const mail = smtp.received.find((m) => m.to === email);
    const code = /^Subject: (\d{6}) is your Permission code/m.exec(mail?.raw ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(mail!.raw).toMatch(/^From: Permission <no-reply@permission\.invalid>/m);
    const confirmed = await gql(
      `mutation Confirm($e: String!, $c: String!) { confirmSignUp(email: $e, code: $c) { me { id } userErrors { code } } }`,
      { e: email, c: code },
    );
    expect(confirmed.body.data.confirmSignUp.userErrors).toEqual([]);
    // production has no dev mailbox
    expect((await fetch(`${base}/dev/mail?format=json`)).status).toBe(404);
    const sessionToken = decodeURIComponent(cookie.split('=')[1]);
    expect(sessionToken.length).toBeGreaterThan(20);
    expect(responseIds[0]).toBe('journey-signup-1');

    await gql(`mutation Profile($b: String!) { updateProfile(input: { bio: "Pastry and trail running", birthDate: $b, topics: [{ slug: "fitness" }] }) { userErrors { code } } }`, { b: correctedBirthDate });
    await gql(`mutation Connect { connectSocialAccount(input: { platform: INSTAGRAM, handle: "journey_person", followers: 5000 }) { userErrors { code } } }`, {});
    const granted = await gql(`mutation Grant { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`, {});
    expect(granted.body.data.grantConsent.userErrors).toEqual([]);
    await gql(`query Me { me { email birthDate listing { listable } } }`, {});
    const signedOut = cookie;
    cookie = '';
    const failed = await gql(`mutation SignIn($e: String!, $p: String!) { signIn(email: $e, password: $p) { userErrors { code } } }`, { e: email, p: wrongPassword });
    expect(failed.body.data.signIn.userErrors.length).toBeGreaterThan(0);
    await gql(`mutation SignIn($e: String!, $p: String!) { signIn(email: $e, password: $p) { me { id } } }`, { e: email, p: password });
    cookie ||= signedOut;

    // an agency, with a key made by the operator CLI against the running server's database
    const made = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [CLI, 'agency:create', 'Log Readers'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`cli exited ${code}`))));
    });
    const apiKey = made;
    expect(apiKey).toMatch(/^pk_/);
    const agencyCookie = cookie;
    cookie = '';
    const found = await gql(`query Find { searchInfluencers(query: "pastry", first: 5) { totalCount } }`, {}, { authorization: `Bearer ${apiKey}` });
    expect(found.status).toBe(200);
    // GraphQL over GET: variables in the URL (an email in a query string), and a bad key
    const q = encodeURIComponent('query Find($q: String) { searchInfluencers(query: $q, first: 1) { totalCount } }');
    const v = encodeURIComponent(JSON.stringify({ q: email }));
    expect((await fetch(`${base}/graphql?query=${q}&variables=${v}`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(200);
    expect((await fetch(`${base}/graphql?query=${q}`, { headers: { authorization: `Bearer pk_000000000000_${'A'.repeat(32)}` } })).status).toBe(200);
    // malformed JSON carrying the password
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"password": "${password}"` })).status).toBe(400);
    cookie = agencyCookie;
    await gql(`mutation Withdraw { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`, {});
    const deleted = await gql(`mutation Delete { deleteMyAccount(confirm: true) { userErrors { code } } }`, {});
    expect(deleted.status).toBe(200);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);

    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    const records = lines.map((l) => JSON.parse(l) as Record<string, any>);
    expect(records.length).toBeGreaterThan(15);
    for (const r of records) {
      expect(typeof r.level).toBe('number');
      expect(typeof r.time).toBe('number');
      expect(typeof r.msg).toBe('string');
    }
    const requests = records.filter((r) => r.req);
    expect(requests.length).toBeGreaterThanOrEqual(13);
    for (const r of requests) expect(typeof r.reqId).toBe('string');
    expect(new Set(requests.map((r) => r.reqId)).size).toBe(requests.length);
    expect(requests.find((r) => r.reqId === 'journey-signup-1')).toMatchObject({ operation: 'SignUp', res: { statusCode: 200 } });
    expect(requests.map((r) => r.operation)).toEqual(expect.arrayContaining(['SignUp', 'Confirm', 'Profile', 'Grant', 'SignIn', 'Find', 'Withdraw', 'Delete']));
    expect(requests.every((r) => !String(r.req.path).includes('?'))).toBe(true);
    for (const id of responseIds) expect(requests.map((r) => r.reqId)).toContain(id);

    const everything = stdout + stderr;
    const forbidden: Record<string, string> = {
      password,
      wrongPassword,
      'API key': apiKey,
      'API key secret part': keySecret(apiKey),
      'session token': sessionToken,
      email,
      'email, URL-encoded': encodeURIComponent(email),
      "email's local part": 'journey.person',
      'birth date': birthDate,
      'corrected birth date': correctedBirthDate,
    };
    for (const [what, value] of Object.entries(forbidden)) {
      expect([what, everything.includes(value)]).toEqual([what, false]);
    }
    expect(everything).not.toMatch(/authorization|cookie/i);
    // the code as a number of its own (six digits can occur inside a timestamp by chance)
    expect(everything).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));
  }, 120_000);
});
