/**
 * Every influencer operation over real HTTP, with its bad inputs: each gets a clear userErrors
 * entry or error code, and nothing changes.
 */
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import type { RunningServer } from '../../src/server';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';
import { join, lastMailTo, mailedCode } from '../support/join';

const ME = `me { id email displayName bio birthDate country city languages status
  topics { topic { slug } weight } accounts { id platform handle followers engagementRate isPrivate }
  consents { purpose granted active expiresAt } listing { listable reasons explanations contactable } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { codeSentTo userErrors { field message code } } }`;
const CONFIRM = `mutation($e: String!, $c: String!) { confirmSignUp(email: $e, code: $c) { ${ME} userErrors { field message code } } }`;
const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { ${ME} userErrors { field message code } } }`;
const CONNECT = `mutation($input: SocialAccountInput!) { connectSocialAccount(input: $input) { account { id handle isPrivate } userErrors { field message code } } }`;
const UPDATE_ACC = `mutation($id: ID!, $input: SocialAccountInput!) { updateSocialAccount(id: $id, input: $input) { account { id isPrivate followers } userErrors { field code } } }`;
const DISCONNECT = `mutation($id: ID!) { disconnectSocialAccount(id: $id) { account { id } userErrors { field code } } }`;
const GRANT = `mutation($p: ConsentPurpose!) { grantConsent(purpose: $p) { consent { purpose granted active expiresAt } receipt userErrors { field code message } } }`;
const WITHDRAW = `mutation($p: ConsentPurpose!) { withdrawConsent(purpose: $p) { consent { purpose granted active } userErrors { code } } }`;

const adult = (email: string) => ({ email, password: 'a long passphrase 42', displayName: 'Ana Souza', birthDate: '1994-03-12', country: 'BR' });

describe('influencer GraphQL over HTTP', () => {
  const clock = new ManualClock(new Date());
  let app: App;
  let server: RunningServer;
  let topicSlug: string;
  beforeAll(async () => {
    app = await createTestApp({ clock });
    server = await startTestServer(app);
    topicSlug = app.topics.all().find((t) => t.parentSlug)!.slug;
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });
  const count = async (table: string) => (await app.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('signUp rejects each bad input with a userError and creates nothing, mails nothing', async () => {
    const before = [await count('influencer'), await count('pending_sign_up'), await count('mail_message')];
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ email: 'not-an-email' }, 'email', 'INVALID'],
      [{ password: 'short' }, 'password', 'WEAK_PASSWORD'],
      [{ password: 'password123' }, 'password', 'WEAK_PASSWORD'],
      [{ birthDate: '2001-02-30' }, 'birthDate', 'INVALID'],
      [{ birthDate: '12/03/1994' }, 'birthDate', 'INVALID'],
      [{ birthDate: '2999-01-01' }, 'birthDate', 'INVALID'],
      [{ birthDate: '2015-01-01' }, 'birthDate', 'UNDER_MIN_AGE'],
      [{ country: 'XX' }, 'country', 'INVALID'],
      [{ displayName: '   ' }, 'displayName', 'REQUIRED'],
    ];
    for (const [patch, field, code] of cases) {
      const c = new GqlClient(server.url);
      const r = await c.request(SIGN_UP, { input: { ...adult('bad@input.test'), ...patch } });
      expect({ patch, status: r.status, errors: r.errors, sentTo: r.data.signUp.codeSentTo }).toEqual({ patch, status: 200, errors: undefined, sentTo: null });
      expect(r.data.signUp.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
      expect(c.cookie).toBeNull();
    }
    expect([await count('influencer'), await count('pending_sign_up'), await count('mail_message')]).toEqual(before);
  });

  it('joining takes the code mailed to the address; the account exists only then, with an httpOnly session cookie', async () => {
    const c = new GqlClient(server.url);
    const r = await c.request(SIGN_UP, { input: adult('ana@ex.test') });
    expect(r.data.signUp).toEqual({ codeSentTo: 'ana@ex.test', userErrors: [] });
    expect(r.setCookie).toBeNull();
    expect(await app.ds.query(`SELECT id FROM influencer WHERE email = 'ana@ex.test'`)).toEqual([]);
    const code = await mailedCode(server.url, 'ana@ex.test');
    // the mail says what the code is for and how long it works; the table keeps only its hash
    expect((await lastMailTo(server.url, 'ana@ex.test'))!.text).toMatch(new RegExp(`${code}[\\s\\S]*30 minutes`));
    expect(JSON.stringify(await app.ds.query(`SELECT * FROM pending_sign_up`))).not.toContain(code);

    const wrong = await c.request(CONFIRM, { e: 'ana@ex.test', c: code === '000000' ? '000001' : '000000' });
    expect(wrong.data.confirmSignUp).toEqual({ me: null, userErrors: [expect.objectContaining({ field: 'code', code: 'INVALID_CODE' })] });
    expect(c.cookie).toBeNull();

    const ok = await c.request(CONFIRM, { e: 'Ana@Ex.test', c: ` ${code} ` });
    expect(ok.data.confirmSignUp.userErrors).toEqual([]);
    expect(ok.data.confirmSignUp.me.listing).toEqual({
      listable: false,
      reasons: ['NO_DISCOVERY_CONSENT', 'NO_PUBLIC_ACCOUNT'],
      explanations: expect.any(Array),
      contactable: false,
    });
    expect(ok.setCookie).toMatch(/permission_session=.+; .*HttpOnly/i);
    expect(ok.setCookie).toMatch(/SameSite=Lax/i);
    // a code works once
    const again = await new GqlClient(server.url).request(CONFIRM, { e: 'ana@ex.test', c: code });
    expect(again.data.confirmSignUp.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_CODE' })]);

    const other = new GqlClient(server.url);
    const bad = await other.request(`mutation { signIn(email: "ana@ex.test", password: "wrong password!") { me { id } userErrors { code } } }`);
    expect(bad.data.signIn).toEqual({ me: null, userErrors: [{ code: 'INVALID_CREDENTIALS' }] });
    const good = await other.request(`mutation { signIn(email: "Ana@Ex.test", password: "a long passphrase 42") { me { email } userErrors { code } } }`);
    expect(good.data.signIn).toEqual({ me: { email: 'ana@ex.test' }, userErrors: [] });
    expect((await other.request(`{ me { email } }`)).data.me).toEqual({ email: 'ana@ex.test' });
    expect((await other.request(`mutation { signOut }`)).data.signOut).toBe(true);
    expect((await other.request(`{ me { email } }`)).data.me).toBeNull();
    // the first session is still valid
    expect((await c.request(`{ me { email } }`)).data.me).toEqual({ email: 'ana@ex.test' });
  });

  it('signUp answers the same whether or not the email has an account; the owner is told by mail, and nothing of theirs changes', async () => {
    await join(server.url, adult('taken@ex.test'));
    const accounts = await count('influencer');
    const answer = async (email: string) => {
      const c = new GqlClient(server.url);
      const r = await c.request(SIGN_UP, { input: { ...adult(email), password: 'another long passphrase 7' } });
      return { status: r.status, body: JSON.stringify(r.body).replace(email, '<email>'), cookie: r.setCookie };
    };
    const taken = await answer('TAKEN@ex.test');
    const fresh = await answer('fresh@ex.test');
    expect(taken).toEqual(fresh);
    expect(taken.cookie).toBeNull();
    expect(await count('influencer')).toBe(accounts);
    // the owner reads what happened; no code was made for their address
    const told = await lastMailTo(server.url, 'taken@ex.test');
    expect(told!.subject).toBe('Someone tried to join Permission with your email');
    expect(told!.text).not.toMatch(/\d{6}/);
    expect(await app.ds.query(`SELECT 1 FROM pending_sign_up WHERE email = 'taken@ex.test'`)).toEqual([]);
    // their password is as it was
    const owner = new GqlClient(server.url);
    expect((await owner.request(`mutation { signIn(email: "taken@ex.test", password: "a long passphrase 42") { userErrors { code } } }`)).data.signIn.userErrors).toEqual([]);
  });

  it('a code is refused after five wrong guesses, after 30 minutes, and when a newer sign-up replaced it', async () => {
    const c = new GqlClient(server.url);
    const confirm = (email: string, code: string) => c.request(CONFIRM, { e: email, c: code }).then((r) => r.data.confirmSignUp.userErrors.map((u: { code: string }) => u.code));
    const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    await c.request(SIGN_UP, { input: adult('guess@ex.test') });
    const code = await mailedCode(server.url, 'guess@ex.test');
    for (let i = 0; i < 5; i++) expect(await confirm('guess@ex.test', wrongFor(code))).toEqual(['INVALID_CODE']);
    expect(await confirm('guess@ex.test', code)).toEqual(['INVALID_CODE']);

    await c.request(SIGN_UP, { input: adult('slow@ex.test') });
    const slow = await mailedCode(server.url, 'slow@ex.test');
    clock.advance(30 * 60_000);
    expect(await confirm('slow@ex.test', slow)).toEqual(['INVALID_CODE']);
    // housekeeping forgets it
    await app.signUps.purgeExpired();
    expect(await app.ds.query(`SELECT 1 FROM pending_sign_up WHERE email = 'slow@ex.test'`)).toEqual([]);

    await c.request(SIGN_UP, { input: adult('twice@ex.test') });
    const first = await mailedCode(server.url, 'twice@ex.test');
    await c.request(SIGN_UP, { input: { ...adult('twice@ex.test'), displayName: 'Second Form' } });
    const second = await mailedCode(server.url, 'twice@ex.test');
    if (first !== second) expect(await confirm('twice@ex.test', first)).toEqual(['INVALID_CODE']);
    expect(await confirm('twice@ex.test', second)).toEqual([]);
    expect((await c.request(`{ me { displayName } }`)).data.me).toEqual({ displayName: 'Second Form' });
    expect(await app.ds.query(`SELECT 1 FROM pending_sign_up WHERE email = 'twice@ex.test'`)).toEqual([]);
  });

  it('signIn slows one address down after 5 attempts on an account (429, retryAfterSeconds), not the owner elsewhere', async () => {
    await join(server.url, adult('guessed@ex.test'));
    const attacker = new GqlClient(server.url);
    attacker.headers['x-forwarded-for'] = '203.0.113.7';
    const attempt = (c: GqlClient, password: string) =>
      c.request(`mutation($p: String!) { signIn(email: "guessed@ex.test", password: $p) { me { email } userErrors { code } } }`, { p: password });
    for (let i = 0; i < 5; i++) expect((await attempt(attacker, `wrong guess ${i}`)).data.signIn.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    const blocked = await attempt(attacker, 'a long passphrase 42');
    expect(blocked.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) }));
    expect((blocked.errors?.[0].extensions as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(blocked.status).toBe(429);
    // another account from the same address is not affected
    await join(server.url, adult('neighbour@ex.test'));
    const other = await attacker.request(`mutation { signIn(email: "neighbour@ex.test", password: "a long passphrase 42") { me { email } } }`);
    expect(other.data.signIn.me).toEqual({ email: 'neighbour@ex.test' });
    // nor is the owner, from their own address
    const owner = new GqlClient(server.url);
    owner.headers['x-forwarded-for'] = '203.0.113.99';
    expect((await attempt(owner, 'a long passphrase 42')).data.signIn.me).toEqual({ email: 'guessed@ex.test' });
  });

  it('mutations without a session are UNAUTHENTICATED and change nothing', async () => {
    const anon = new GqlClient(server.url);
    const events = await count('consent_event');
    const r = await anon.request(GRANT, { p: 'DISCOVERY' });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.status).toBe(200);
    expect(await count('consent_event')).toBe(events);
  });

  it('updateProfile validates every field and changes nothing when any is wrong', async () => {
    const c = new GqlClient(server.url);
    await join(c, adult('profile@ex.test'));
    const bad = await c.request(UPDATE, {
      input: { bio: 'New bio', languages: ['en', 'xx'], topics: [{ slug: 'no-such-topic' }, { slug: topicSlug, weight: 2 }], country: 'ZZ' },
    });
    const errs = bad.data.updateProfile.userErrors;
    expect(errs).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'languages[1]', code: 'INVALID' }),
      expect.objectContaining({ field: 'topics[0].slug', code: 'UNKNOWN_TOPIC' }),
      expect.objectContaining({ field: 'topics[1].weight', code: 'INVALID' }),
      expect.objectContaining({ field: 'country', code: 'INVALID' }),
    ]));
    expect(bad.data.updateProfile.me.bio).toBe('');
    const good = await c.request(UPDATE, { input: { bio: 'Pâtisserie every day', city: 'Lyon', languages: ['fr', 'en'], topics: [{ slug: topicSlug, weight: 0.7 }] } });
    expect(good.data.updateProfile.userErrors).toEqual([]);
    expect(good.data.updateProfile.me).toEqual(expect.objectContaining({ bio: 'Pâtisserie every day', city: 'Lyon', languages: ['fr', 'en'], topics: [{ topic: { slug: topicSlug }, weight: 0.7 }] }));
  });

  it('social accounts: bad inputs, another person\u2019s account id, then a full listable path', async () => {
    const c = new GqlClient(server.url);
    await join(c, adult('accounts@ex.test'));
    for (const [input, field] of [
      [{ platform: 'INSTAGRAM', handle: 'ok_handle', followers: -5 }, 'followers'],
      [{ platform: 'INSTAGRAM', handle: 'bad handle!' }, 'handle'],
      [{ platform: 'INSTAGRAM', handle: 'ok_handle', engagementRate: 3.5 }, 'engagementRate'],
      [{ platform: 'INSTAGRAM', handle: 'ok_handle', url: 'javascript:alert(1)' }, 'url'],
      [{ handle: 'ok_handle' }, 'platform'],
    ] as const) {
      const r = await c.request(CONNECT, { input });
      expect({ input, account: r.data.connectSocialAccount.account }).toEqual({ input, account: null });
      expect(r.data.connectSocialAccount.userErrors).toEqual([expect.objectContaining({ field })]);
    }
    const badEnum = await c.request(CONNECT, { input: { platform: 'MYSPACE', handle: 'x' } });
    expect(badEnum.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM social_account s JOIN influencer i ON i.id = s.influencer_id WHERE i.email = 'accounts@ex.test'`)).toEqual([{ n: 0 }]);

    const ok = await c.request(CONNECT, { input: { platform: 'TIKTOK', handle: '@ana_bakes', followers: 12000, engagementRate: 0.045 } });
    expect(ok.data.connectSocialAccount.userErrors).toEqual([]);
    const accountId = ok.data.connectSocialAccount.account.id;
    expect(ok.data.connectSocialAccount.account.handle).toBe('ana_bakes');

    // another person cannot touch it
    const stranger = new GqlClient(server.url);
    await join(stranger, adult('stranger@ex.test'));
    expect((await stranger.request(UPDATE_ACC, { id: accountId, input: { isPrivate: true } })).data.updateSocialAccount.userErrors).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
    expect((await stranger.request(DISCONNECT, { id: accountId })).data.disconnectSocialAccount.userErrors).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
    expect((await stranger.request(DISCONNECT, { id: 'not-a-uuid' })).data.disconnectSocialAccount.userErrors).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
    // a stranger's claim of the same handle is accepted only as contested: hidden from agencies
    // until verified (see verification.test.ts); the first claim is untouched. One's own twice is TAKEN.
    const contested = await stranger.request(CONNECT, { input: { platform: 'TIKTOK', handle: 'ANA_BAKES' } });
    expect(contested.data.connectSocialAccount.userErrors).toEqual([]);
    expect(await app.ds.query(`SELECT contested FROM social_account WHERE id = $1`, [contested.data.connectSocialAccount.account.id])).toEqual([{ contested: true }]);
    expect(await app.ds.query(`SELECT is_private, contested FROM social_account WHERE id = $1`, [accountId])).toEqual([{ is_private: false, contested: false }]);
    const taken = await c.request(CONNECT, { input: { platform: 'TIKTOK', handle: 'Ana_Bakes' } });
    expect(taken.data.connectSocialAccount.userErrors).toEqual([expect.objectContaining({ field: 'handle', code: 'TAKEN' })]);

    const granted = await c.request(GRANT, { p: 'DISCOVERY' });
    expect(granted.data.grantConsent.userErrors).toEqual([]);
    expect(granted.data.grantConsent.consent).toEqual(expect.objectContaining({ purpose: 'DISCOVERY', granted: true, active: true }));
    expect(granted.data.grantConsent.receipt).toEqual(expect.objectContaining({
      version: 'KI-CR-v1.1.0', piiPrincipalId: 'accounts@ex.test', consentReceiptID: expect.any(String), consentTimestamp: expect.any(Number),
      jurisdiction: expect.any(String), collectionMethod: expect.any(String), termsVersion: expect.any(String),
      services: [expect.objectContaining({ purposes: [expect.objectContaining({ consentType: 'EXPLICIT' })] })],
    }));
    expect((await c.request(`{ ${ME} }`)).data.me.listing).toEqual(expect.objectContaining({ listable: true, reasons: [] }));

    expect((await c.request(UPDATE_ACC, { id: accountId, input: { isPrivate: true } })).data.updateSocialAccount.account.isPrivate).toBe(true);
    expect((await c.request(`{ ${ME} }`)).data.me.listing.reasons).toEqual(['NO_PUBLIC_ACCOUNT']);
    await c.request(UPDATE_ACC, { id: accountId, input: { isPrivate: false } });
    expect((await c.request(DISCONNECT, { id: accountId })).data.disconnectSocialAccount.account.id).toBe(accountId);
    expect((await c.request(`{ ${ME} }`)).data.me.listing.reasons).toEqual(['NO_PUBLIC_ACCOUNT']);

    const w = await c.request(WITHDRAW, { p: 'DISCOVERY' });
    expect(w.data.withdrawConsent.consent).toEqual({ purpose: 'DISCOVERY', granted: false, active: false });
    expect((await c.request(`{ ${ME} }`)).data.me.listing.reasons).toEqual(['DISCOVERY_CONSENT_WITHDRAWN', 'NO_PUBLIC_ACCOUNT']);
  });

  it('every grant in the consent history has its receipt to download; withdrawals have none', async () => {
    const c = new GqlClient(server.url);
    await join(c, adult('receipts@ex.test'));
    await c.request(GRANT, { p: 'DISCOVERY' });
    await c.request(WITHDRAW, { p: 'DISCOVERY' });
    await c.request(GRANT, { p: 'CONTACT' });
    const r = await c.request(`{ me { country consentHistory { id purpose action receipt } } }`);
    const history = r.data.me.consentHistory;
    expect(history.map((e: any) => `${e.action} ${e.purpose}`)).toEqual(['GRANT CONTACT', 'WITHDRAW DISCOVERY', 'GRANT DISCOVERY']);
    for (const e of history) {
      if (e.action === 'WITHDRAW') expect(e.receipt).toBeNull();
      else expect(e.receipt).toEqual(expect.objectContaining({ consentReceiptID: e.id, piiPrincipalId: 'receipts@ex.test', jurisdiction: 'BR' }));
    }
  });

  it('a birth date corrected to a minor delists at once, and no consent can then be given', async () => {
    const c = new GqlClient(server.url);
    await join(c, adult('minor@ex.test'));
    const r = await c.request(UPDATE, { input: { birthDate: '2013-07-01' } });
    expect(r.data.updateProfile.me.listing.reasons).toContain('UNDER_MIN_AGE');
    const events = await count('consent_event');
    const g = await c.request(GRANT, { p: 'DISCOVERY' });
    expect(g.data.grantConsent.userErrors).toEqual([expect.objectContaining({ code: 'UNDER_MIN_AGE' })]);
    expect(await count('consent_event')).toBe(events);
  });

  it('deleteMyAccount needs confirm: true, then erases and ends the session', async () => {
    const c = new GqlClient(server.url);
    await join(c, adult('leaving@ex.test'));
    const no = await c.request(`mutation { deleteMyAccount(confirm: false) { deleted userErrors { field code } } }`);
    expect(no.data.deleteMyAccount).toEqual({ deleted: false, userErrors: [{ field: 'confirm', code: 'CONFIRMATION_REQUIRED' }] });
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM influencer WHERE email = 'leaving@ex.test'`)).toEqual([{ n: 1 }]);
    const yes = await c.request(`mutation { deleteMyAccount(confirm: true) { deleted userErrors { code } } }`);
    expect(yes.data.deleteMyAccount).toEqual({ deleted: true, userErrors: [] });
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM influencer WHERE email = 'leaving@ex.test'`)).toEqual([{ n: 0 }]);
    expect((await c.request(`{ me { id } }`)).data.me).toBeNull();
  });

  it('malformed requests get a 4xx with a code, never a 500 or a stack trace', async () => {
    const bad = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).not.toMatch(/at .*\.js:\d+/);
    const syntax = await new GqlClient(server.url).request(`{ topics { slug `);
    expect(syntax.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await new GqlClient(server.url).request(`{ nope }`);
    expect(unknown.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const topics = await new GqlClient(server.url).request(`{ topics { slug name parentSlug } }`);
    expect(topics.data.topics.length).toBeGreaterThanOrEqual(72);
  });
});
