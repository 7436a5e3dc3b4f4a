/**
 * Verifying a social account by signing in with the platform (OAuth 2.0, authorization code with
 * PKCE, through `arctic`), on the built server (`arctic` is ESM-only: Node loads it, Jest's module
 * system cannot) against a real OAuth provider (`oauth2-mock-server`, in a process of its own):
 * the platform's follower count replaces the self-reported one and is marked PLATFORM; a sign-in
 * as another account, a replayed or unknown callback verify nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { createTestDatabase, GqlClient } from '../support/test-app';
import { join } from '../support/join';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const PROVIDER = path.resolve(__dirname, '../support/oauth-provider.mjs');
const HANDLE = 'cook_with_lea';
const PLATFORM_FOLLOWERS = 48_210;

const children: ChildProcess[] = [];

/** Start a process and wait for a line matching `ready`; its first group is returned. */
function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', (d) => ((out += d), check()));
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
}

const ACCOUNTS = `{ me { accounts { id handle followers followersSource verification { state method verifiedAt oauthAvailable } } } }`;
const CONNECT = `mutation($i: SocialAccountInput!) { connectSocialAccount(input: $i) { account { id verification { oauthAvailable } } userErrors { code } } }`;
const START = `mutation($id: ID!) { startSocialAccountOAuth(id: $id) { authorizationUrl userErrors { field code } } }`;

describe('verifying an account by signing in with the platform (OAuth)', () => {
  let url: string;
  let issuer: string;
  let c: GqlClient;

  beforeAll(async () => {
    issuer = await startProcess([PROVIDER, HANDLE, String(PLATFORM_FOLLOWERS)], {}, /READY (\S+)/);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await startProcess([MAIN], {
      DATABASE_URL: await createTestDatabase(),
      PORT: String(port),
      SEED_DEMO: 'false',
      PUBLIC_URL: base,
      OAUTH_YOUTUBE_CLIENT_ID: 'permission-test-client',
      OAUTH_YOUTUBE_CLIENT_SECRET: 'permission-test-secret',
      OAUTH_YOUTUBE_AUTHORIZE_URL: `${issuer}/authorize`,
      OAUTH_YOUTUBE_TOKEN_URL: `${issuer}/token`,
      OAUTH_YOUTUBE_USERINFO_URL: `${issuer}/userinfo`,
    }, /GraphQL:\s+(\S+)/);
    url = base;
    c = new GqlClient(url);
    await join(c, { email: 'lea@oauth.test', password: 'a long and unusual passphrase 42', displayName: 'Léa Cooks', birthDate: '1991-02-03' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    })));
  });

  /** The browser's trip: to the platform, back to our callback; where the callback sends it. */
  async function signInAt(authorizationUrl: string): Promise<URL> {
    const atPlatform = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(atPlatform.status).toBe(302);
    const callback = new URL(atPlatform.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${url}/oauth/callback`);
    const back = await fetch(callback, { redirect: 'manual' });
    expect(back.status).toBe(303);
    return new URL(back.headers.get('location')!, url);
  }

  it('the platform says who signed in: verified by OAUTH, and its follower count replaces the stated one', async () => {
    const acc = await c.request(CONNECT, { i: { platform: 'YOUTUBE', handle: HANDLE, followers: 1_000_000 } });
    expect(acc.data.connectSocialAccount.userErrors).toEqual([]);
    const id = acc.data.connectSocialAccount.account.id;
    expect(acc.data.connectSocialAccount.account.verification.oauthAvailable).toBe(true);
    const start = await c.request(START, { id });
    expect(start.data.startSocialAccountOAuth.userErrors).toEqual([]);
    const auth = new URL(start.data.startSocialAccountOAuth.authorizationUrl);
    expect(`${auth.origin}${auth.pathname}`).toBe(`${issuer}/authorize`);
    expect(Object.fromEntries(['client_id', 'code_challenge_method', 'redirect_uri'].map((k) => [k, auth.searchParams.get(k)]))).toEqual({
      client_id: 'permission-test-client', code_challenge_method: 'S256', redirect_uri: `${url}/oauth/callback`,
    });
    expect(auth.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect((await c.request(ACCOUNTS)).data.me.accounts[0].verification.state).toBe('PENDING');

    const landed = await signInAt(auth.toString());
    expect(landed.pathname).toBe('/portal/accounts');
    expect(Object.fromEntries(landed.searchParams)).toEqual({ account: id, verified: '1' });
    const [account] = (await c.request(ACCOUNTS)).data.me.accounts;
    expect(account).toEqual(expect.objectContaining({ handle: HANDLE, followers: PLATFORM_FOLLOWERS, followersSource: 'PLATFORM' }));
    expect(account.verification).toEqual(expect.objectContaining({ state: 'VERIFIED', method: 'OAUTH' }));

    // the same callback again: its state was used up
    const replay = await fetch(`${url}/oauth/callback?code=again&state=${auth.searchParams.get('state')}`, { redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(new URL(replay.headers.get('location')!, url).searchParams.get('verifyError')).toBe('OAUTH_FAILED');
  });

  it('signing in as another account verifies nothing', async () => {
    const acc = await c.request(CONNECT, { i: { platform: 'YOUTUBE', handle: 'not_leas_channel', followers: 10 } });
    const id = acc.data.connectSocialAccount.account.id;
    const start = await c.request(START, { id });
    const landed = await signInAt(start.data.startSocialAccountOAuth.authorizationUrl);
    expect(Object.fromEntries(landed.searchParams)).toEqual({ account: id, verifyError: 'OAUTH_FAILED' });
    const account = (await c.request(ACCOUNTS)).data.me.accounts.find((a: { id: string }) => a.id === id);
    expect(account).toEqual(expect.objectContaining({ followers: 10, followersSource: 'SELF_REPORTED' }));
    expect(account.verification.state).toBe('PENDING');
  });

  it('an unknown or malformed callback is a clear redirect, never a 500', async () => {
    for (const query of ['', '?state=nope&code=x', `?state=${'x'.repeat(500)}`, '?error=access_denied&state=zzz', '?state[]=1&code[]=2']) {
      const r = await fetch(`${url}/oauth/callback${query}`, { redirect: 'manual' });
      expect({ query, status: r.status }).toEqual({ query, status: 303 });
      expect(new URL(r.headers.get('location')!, url).searchParams.get('verifyError')).toBe('OAUTH_FAILED');
    }
  });
});
