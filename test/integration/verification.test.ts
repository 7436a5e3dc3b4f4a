/**
 * Verified social accounts (issue 11), over HTTP against a real local server standing in for the
 * platform's public profile pages: the code found -> VERIFIED; missing, 404, login redirect,
 * huge, slow, redirects into the private network -> a clear code and nothing verified. The owner
 * wins a contested handle, at once for the very next search; agencies see provenance and can
 * filter on it; a verification is revoked by a handle change and expires with time.
 */
import type http from 'node:http';
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { createTestStack, GqlClient, type TestStack } from '../support/test-app';
import { FakePlatform, profilePage as html } from '../support/fake-platform';
import { join } from '../support/join';

const DAY = 86_400_000;
const CONNECT = `mutation($i: SocialAccountInput!) { connectSocialAccount(input: $i) {
  account { id contested verification { state code profileUrl } } userErrors { field code message } } }`;
const START = `mutation($id: ID!) { startSocialAccountVerification(id: $id) { account { verification { state code profileUrl } } userErrors { field code } } }`;
const VERIFY = `mutation($id: ID!) { verifySocialAccount(id: $id) {
  account { id followersSource verification { state method verifiedAt expiresAt code } } userErrors { field code message } } }`;
const UPDATE = `mutation($id: ID!, $i: SocialAccountInput!) { updateSocialAccount(id: $id, input: $i) {
  account { handle verification { state revokedReason method } } userErrors { field code } } }`;
const GRANT = `mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`;
const ME = `{ me { listing { listable reasons } accounts { id platform handle contested followersSource verification { state method revokedReason expiresAt } }
  notices { id kind message platform handle readAt } } }`;
const SEARCH = `query($q: String, $f: InfluencerFilter) { searchInfluencers(query: $q, filter: $f, first: 50) {
  totalCount edges { node { id displayName verified accounts { platform handle verified verificationMethod verifiedAt followersSource followersUpdatedAt } } }
  facets { verified { value label count } } } }`;

describe('verified social accounts', () => {
  let stack: TestStack;
  let app: App;
  let agency: GqlClient;
  const platform = new FakePlatform();
  // a second local server, NOT allowed: what a redirect into the private network would reach
  const internal = new FakePlatform();
  const clock = new ManualClock(new Date('2026-06-15T12:00:00.000Z'));
  let n = 0;

  const PASSWORD = 'a long and unusual passphrase 42';
  async function person(): Promise<{ c: GqlClient; id: string; email: string }> {
    const c = new GqlClient(stack.server.url);
    const email = `v${n++}@verify.test`;
    const { id } = await join(c, { email, password: PASSWORD, displayName: `Person ${n}`, birthDate: '1990-04-04' });
    return { c, id, email };
  }
  async function connect(c: GqlClient, i: Record<string, unknown>) {
    const r = await c.request(CONNECT, { i: { followers: 1000, ...i } });
    expect(r.data.connectSocialAccount.userErrors).toEqual([]);
    return r.data.connectSocialAccount.account as { id: string; contested: boolean };
  }
  async function codeFor(c: GqlClient, id: string): Promise<string> {
    const r = await c.request(START, { id });
    expect(r.data.startSocialAccountVerification.userErrors).toEqual([]);
    expect(r.data.startSocialAccountVerification.account.verification.state).toBe('PENDING');
    return r.data.startSocialAccountVerification.account.verification.code;
  }
  const accountRow = async (id: string) =>
    (await app.ds.query(`SELECT verification_status, verified_at, verification_method FROM social_account WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    await platform.start();
    await internal.start();
    stack = await createTestStack({
      clock,
      env: {
        PROFILE_BASE_URL_INSTAGRAM: `http://127.0.0.1:${platform.port}/profile/`,
        PROFILE_BASE_URL_TIKTOK: `http://127.0.0.1:${internal.port}/profile/`,
        VERIFY_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${platform.port}`,
        VERIFY_TIMEOUT_MS: '1500',
        VERIFY_MAX_BYTES: '65536',
        VERIFY_FETCHES_PER_MINUTE: '100000',
        VERIFICATION_TTL_DAYS: '180',
      },
    });
    ({ app, agency } = stack);
  });
  afterAll(async () => {
    await stack.close();
    await platform.close();
    await internal.close();
  });

  it('the code in the public bio verifies the account; agencies see it verified, with method and date', async () => {
    const p = await person();
    const acc = await connect(p.c, { platform: 'INSTAGRAM', handle: 'ana.bakes', followers: 52_000 });
    const code = await codeFor(p.c, acc.id);
    expect(code).toMatch(/^PERM-[A-Z0-9]{8}$/);
    platform.pages.set('ana.bakes', html(`Baking every day 🍰 ${code} · Lyon`));
    const r = await p.c.request(VERIFY, { id: acc.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.verifySocialAccount.userErrors).toEqual([]);
    expect(r.data.verifySocialAccount.account.verification).toEqual({
      state: 'VERIFIED', method: 'PROFILE_CODE', verifiedAt: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + 180 * DAY).toISOString(), code: null,
    });
    expect(r.data.verifySocialAccount.account.followersSource).toBe('SELF_REPORTED');
    expect(platform.hits).toContain('/profile/ana.bakes');

    await p.c.request(GRANT);
    await app.indexer.drain();
    const found = await agency.request(SEARCH, { f: { verifiedOnly: true, platforms: ['INSTAGRAM'] } });
    const node = found.data.searchInfluencers.edges.find((e: any) => e.node.id === p.id)?.node;
    expect(node).toEqual(expect.objectContaining({ verified: true }));
    expect(node.accounts).toEqual([{
      platform: 'INSTAGRAM', handle: 'ana.bakes', verified: true, verificationMethod: 'PROFILE_CODE', verifiedAt: clock.now().toISOString(),
      followersSource: 'SELF_REPORTED', followersUpdatedAt: clock.now().toISOString(),
    }]);
  });

  describe('nothing is verified when the page does not prove it', () => {
    const cases: Array<[string, string, (code: string) => (res: http.ServerResponse) => void, string]> = [
      ['the code is missing', 'no_code_here', () => html('Just a bio, no code.'), 'VERIFICATION_CODE_NOT_FOUND'],
      ['the profile does not exist (404)', 'nobody_at_all', () => () => undefined, 'PROFILE_NOT_FOUND'],
      ['the platform redirects to its login page', 'private_person', () => (res) =>
        res.writeHead(302, { location: '/accounts/login/?next=%2Fprivate_person%2F' }).end(), 'PROFILE_LOGIN_REQUIRED'],
      ['the page is huge (the code after the byte limit)', 'huge_page', (code) => (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const filler = Buffer.alloc(16 * 1024, 'x');
        let sent = 0;
        const more = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += filler.length;
            if (!res.write(filler)) return void res.once('drain', more);
          }
          res.end(code);
        };
        res.on('error', () => undefined);
        more();
      }, 'PROFILE_TOO_LARGE'],
      ['the page is slower than the deadline', 'slow_page', (code) => (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        // never finishes in time; the code would come after
        const t = setTimeout(() => res.end(code), 30_000);
        res.on('close', () => clearTimeout(t));
      }, 'PROFILE_TIMEOUT'],
      ['a redirect to another port on 127.0.0.1', 'to_loopback', () => (res) =>
        res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/profile/to_loopback` }).end(), 'ADDRESS_NOT_ALLOWED'],
      ['a redirect to the cloud metadata address 169.254.169.254', 'to_metadata', () => (res) =>
        res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }).end(), 'ADDRESS_NOT_ALLOWED'],
      ['a redirect to localhost by name', 'to_localhost', () => (res) =>
        res.writeHead(307, { location: `http://localhost:${internal.port}/profile/to_localhost` }).end(), 'ADDRESS_NOT_ALLOWED'],
    ];
    it.each(cases)('%s: %s', async (_what, handle, page, expected) => {
      const p = await person();
      const acc = await connect(p.c, { platform: 'INSTAGRAM', handle });
      const code = await codeFor(p.c, acc.id);
      if (handle !== 'nobody_at_all') platform.pages.set(handle, page(code));
      // the internal server would prove it: it must never be asked
      internal.pages.set(handle, html(code));
      const r = await p.c.request(VERIFY, { id: acc.id });
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data.verifySocialAccount.account).toBeNull();
      expect(r.data.verifySocialAccount.userErrors).toEqual([expect.objectContaining({ field: 'id', code: expected })]);
      expect(r.data.verifySocialAccount.userErrors[0].message.length).toBeGreaterThan(10);
      expect(await accountRow(acc.id)).toEqual({ verification_status: 'PENDING', verified_at: null, verification_method: null });
      expect(internal.hits.filter((h) => h.includes(handle))).toEqual([]);
    });

    it('a platform whose own address is private and not allowed is never fetched', async () => {
      const p = await person();
      const acc = await connect(p.c, { platform: 'TIKTOK', handle: 'tiktok_internal' });
      const code = await codeFor(p.c, acc.id);
      internal.pages.set('tiktok_internal', html(code));
      const r = await p.c.request(VERIFY, { id: acc.id });
      expect(r.data.verifySocialAccount.userErrors).toEqual([expect.objectContaining({ code: 'ADDRESS_NOT_ALLOWED' })]);
      expect(internal.hits.filter((h) => h.includes('tiktok_internal'))).toEqual([]);
      expect((await accountRow(acc.id)).verification_status).toBe('PENDING');
    });

    it('verifying without a code first, or someone else\'s account, changes nothing', async () => {
      const p = await person();
      const acc = await connect(p.c, { platform: 'INSTAGRAM', handle: 'no_code_asked' });
      expect((await p.c.request(VERIFY, { id: acc.id })).data.verifySocialAccount.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ACTIONABLE' })]);
      const other = await person();
      expect((await other.c.request(VERIFY, { id: acc.id })).data.verifySocialAccount.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      expect((await other.c.request(START, { id: 'not-a-uuid' })).data.startSocialAccountVerification.userErrors).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
      expect((await accountRow(acc.id)).verification_status).toBe('UNVERIFIED');
    });
  });

  it('the owner wins: the impostor\'s claim goes at once, the very next search finds only the owner, and the impostor is told', async () => {
    const impostor = await person();
    await connect(impostor.c, { platform: 'INSTAGRAM', handle: 'cristiano', followers: 999_000_000 });
    await connect(impostor.c, { platform: 'YOUTUBE', handle: 'impostor_other_channel', followers: 10 });
    await impostor.c.request(GRANT);
    await app.indexer.drain();
    const before = await agency.request(SEARCH, { q: 'cristiano' });
    expect(before.data.searchInfluencers.edges.map((e: any) => e.node.id)).toContain(impostor.id);

    // the owner can claim it too: contested, hidden from agencies until verified
    const owner = await person();
    const claim = await connect(owner.c, { platform: 'INSTAGRAM', handle: 'Cristiano', followers: 600_000_000 });
    expect(claim.contested).toBe(true);
    await owner.c.request(GRANT);
    expect((await owner.c.request(ME)).data.me.listing).toEqual({ listable: false, reasons: ['NO_PUBLIC_ACCOUNT'] });

    const code = await codeFor(owner.c, claim.id);
    platform.pages.set('Cristiano', html(`Official account. ${code}`));
    const verified = await owner.c.request(VERIFY, { id: claim.id });
    expect(verified.data.verifySocialAccount.userErrors).toEqual([]);
    expect(verified.data.verifySocialAccount.account.verification.state).toBe('VERIFIED');

    // no drain: the very next search
    const after = await agency.request(SEARCH, { q: 'cristiano' });
    const ids = after.data.searchInfluencers.edges.map((e: any) => e.node.id);
    expect(ids).toContain(owner.id);
    expect(ids).not.toContain(impostor.id);
    const ownerNode = after.data.searchInfluencers.edges.find((e: any) => e.node.id === owner.id).node;
    expect(ownerNode.accounts).toEqual([expect.objectContaining({ platform: 'INSTAGRAM', handle: 'Cristiano', verified: true })]);
    // the impostor is still listed by their own channel, without the handle
    const byChannel = await agency.request(SEARCH, { q: 'impostor_other_channel' });
    const impostorNode = byChannel.data.searchInfluencers.edges.find((e: any) => e.node.id === impostor.id)?.node;
    expect(impostorNode.accounts.map((a: any) => a.handle)).toEqual(['impostor_other_channel']);

    const told = (await impostor.c.request(ME)).data.me;
    expect(told.accounts.map((a: any) => a.handle)).toEqual(['impostor_other_channel']);
    expect(told.notices).toEqual([expect.objectContaining({ kind: 'CLAIM_REMOVED', platform: 'INSTAGRAM', handle: 'Cristiano', readAt: null })]);
    expect(told.notices[0].message).toContain('@Cristiano');
    const read = await impostor.c.request(`mutation($id: ID!) { markNoticeRead(id: $id) { notice { readAt } userErrors { code } } }`, { id: told.notices[0].id });
    expect(read.data.markNoticeRead).toEqual({ notice: { readAt: clock.now().toISOString() }, userErrors: [] });
    expect((await owner.c.request(`mutation($id: ID!) { markNoticeRead(id: $id) { notice { id } userErrors { code } } }`, { id: told.notices[0].id })).data.markNoticeRead)
      .toEqual({ notice: null, userErrors: [expect.objectContaining({ code: 'NOT_FOUND' })] });

    // a verified handle cannot be claimed again, publicly or privately, nor renamed into
    const again = await impostor.c.request(CONNECT, { i: { platform: 'INSTAGRAM', handle: 'cristiano', followers: 1 } });
    expect(again.data.connectSocialAccount.userErrors).toEqual([expect.objectContaining({ field: 'handle', code: 'HANDLE_VERIFIED' })]);
    const hidden = await impostor.c.request(CONNECT, { i: { platform: 'INSTAGRAM', handle: 'CRISTIANO', followers: 1, isPrivate: true } });
    expect(hidden.data.connectSocialAccount.userErrors).toEqual([expect.objectContaining({ code: 'HANDLE_VERIFIED' })]);
    const channel = told.accounts[0].id;
    const rename = await impostor.c.request(UPDATE, { id: channel, i: { platform: 'INSTAGRAM', handle: 'cristiano' } });
    expect(rename.data.updateSocialAccount.userErrors).toEqual([expect.objectContaining({ code: 'HANDLE_VERIFIED' })]);

    // provenance for agencies: the filter and the facet
    await app.indexer.drain();
    const onlyVerified = await agency.request(SEARCH, { f: { verifiedOnly: true } });
    const vIds = onlyVerified.data.searchInfluencers.edges.map((e: any) => e.node.id);
    expect(vIds).toContain(owner.id);
    expect(vIds).not.toContain(impostor.id);
    expect(onlyVerified.data.searchInfluencers.edges.every((e: any) => e.node.verified)).toBe(true);
    const all = await agency.request(SEARCH, {});
    const facet = all.data.searchInfluencers.facets.verified;
    expect(facet).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'true', label: 'Verified' }), expect.objectContaining({ value: 'false', label: 'Not verified' })]));
    expect(facet.reduce((s: number, f: any) => s + f.count, 0)).toBe(all.data.searchInfluencers.totalCount);
    expect(facet.find((f: any) => f.value === 'true').count).toBe(onlyVerified.data.searchInfluencers.totalCount);
  });

  it('changing the handle revokes the verification; time expires it, and the sweep re-reads the person', async () => {
    const p = await person();
    const acc = await connect(p.c, { platform: 'INSTAGRAM', handle: 'long_lived' });
    const code = await codeFor(p.c, acc.id);
    platform.pages.set('long_lived', html(code));
    expect((await p.c.request(VERIFY, { id: acc.id })).data.verifySocialAccount.userErrors).toEqual([]);
    await p.c.request(GRANT);
    const verdict = await app.rule.evaluateOne(app.ds, p.id);
    expect(verdict!.nextChangeAt).toEqual(new Date(clock.now().getTime() + 180 * DAY));

    // a second account, verified, then renamed: revoked
    const other = await connect(p.c, { platform: 'INSTAGRAM', handle: 'renamed_soon' });
    platform.pages.set('renamed_soon', html(await codeFor(p.c, other.id)));
    expect((await p.c.request(VERIFY, { id: other.id })).data.verifySocialAccount.userErrors).toEqual([]);
    const renamed = await p.c.request(UPDATE, { id: other.id, i: { handle: 'renamed_now' } });
    expect(renamed.data.updateSocialAccount.account).toEqual({ handle: 'renamed_now', verification: { state: 'REVOKED', revokedReason: 'HANDLE_CHANGED', method: null } });

    // 180 days on: expired, shown as REVOKED (EXPIRED); the sweep enqueues the person
    await app.indexer.drain();
    clock.advance(180 * DAY);
    // the session ended meanwhile
    await p.c.request(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { userErrors { code } } }`, { e: p.email, p: PASSWORD });
    const me = (await p.c.request(ME)).data.me;
    expect(me.accounts.find((a: any) => a.id === acc.id).verification).toEqual(expect.objectContaining({ state: 'REVOKED', revokedReason: 'EXPIRED', method: null }));
    expect(await app.indexer.sweep()).toBeGreaterThanOrEqual(1);
    await app.indexer.drain();
    const doc = await app.ds.query(`SELECT verified FROM search_document WHERE id = $1`, [p.id]);
    expect(doc).toEqual([{ verified: false }]);
  });

  it('OAuth not configured for a platform says so, and changes nothing', async () => {
    const p = await person();
    const acc = await connect(p.c, { platform: 'PINTEREST', handle: 'pins_only' });
    const r = await p.c.request(`mutation($id: ID!) { startSocialAccountOAuth(id: $id) { authorizationUrl userErrors { field code } } }`, { id: acc.id });
    expect(r.data.startSocialAccountOAuth).toEqual({ authorizationUrl: null, userErrors: [{ field: 'id', code: 'OAUTH_NOT_CONFIGURED' }] });
    expect((await accountRow(acc.id)).verification_status).toBe('UNVERIFIED');
  });
});

describe('verification fetches are rate limited per platform, before anything is fetched', () => {
  let stack: TestStack;
  const platform = new FakePlatform();
  beforeAll(async () => {
    await platform.start();
    stack = await createTestStack({
      env: {
        PROFILE_BASE_URL_TWITCH: `http://127.0.0.1:${platform.port}/profile/`,
        VERIFY_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${platform.port}`,
        VERIFY_FETCHES_PER_MINUTE: '2',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await platform.close();
  });

  it('the third check on Twitch within a minute is RATE_LIMITED and fetches nothing', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = new GqlClient(stack.server.url);
      await join(c, { email: `rl${i}@verify.test`, password: 'a long and unusual passphrase 42', displayName: `Limited ${i}`, birthDate: '1990-04-04' });
      const acc = await c.request(CONNECT, { i: { platform: 'TWITCH', handle: `streamer_${i}`, followers: 5 } });
      const id = acc.data.connectSocialAccount.account.id;
      await c.request(START, { id });
      const r = await c.request(VERIFY, { id });
      outcomes.push(r.errors?.[0]?.extensions?.code ?? r.data.verifySocialAccount.userErrors[0]?.code ?? 'VERIFIED');
    }
    expect(outcomes).toEqual(['PROFILE_NOT_FOUND', 'PROFILE_NOT_FOUND', 'RATE_LIMITED']);
    expect(platform.hits).toEqual(['/profile/streamer_0', '/profile/streamer_1']);
  });
});
