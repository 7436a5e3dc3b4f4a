/**
 * Issue 8, as an attacker tried it over HTTP: each finding reproduced against the real server,
 * and what must hold now. One request cannot stall the server (limits refuse it before
 * execution, with a code); the sign-in limit cannot be raced, re-keyed or wiped; no input gives a
 * 500 or a stack trace in the log; sign-up cannot be abused in bulk; small leaks are closed.
 */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';
import { join } from '../support/join';

const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { codeSentTo userErrors { field code message } } }`;
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { me { id } userErrors { code } } }`;
const CONNECT = `mutation($i: SocialAccountInput!) { connectSocialAccount(input: $i) { account { id url } userErrors { field code message } } }`;
const PASSWORD = 'correct horse battery staple 9';

describe('abuse', () => {
  let app: App;
  let server: RunningServer;
  let agency: GqlClient;
  const logged: string[] = [];
  let n = 0;

  beforeAll(async () => {
    app = await createTestApp({ env: { AGENCY_POINTS_PER_MINUTE: '20000', SIGNUPS_PER_HOUR: '1000', ANONYMOUS_REQUESTS_PER_MINUTE: '100000' } });
    server = await startTestServer(app);
    agency = new GqlClient(server.url);
    agency.bearer = (await app.auth.createAgency('Abuse testers')).apiKey;
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });
  beforeEach(() => {
    logged.length = 0;
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  /** A client from its own address (X-Forwarded-For is believed from loopback, a trusted proxy). */
  let addresses = 0;
  const client = (): GqlClient => {
    const c = new GqlClient(server.url);
    c.headers['x-forwarded-for'] = `198.51.100.${++addresses % 250}`;
    return c;
  };

  /** A raw POST. */
  async function post(body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  async function person(): Promise<{ c: GqlClient; id: string; email: string }> {
    const c = client();
    const email = `abuse${++n}.${Date.now()}@abuse.test`;
    const { id } = await join(c, { email, password: PASSWORD, displayName: `Abuse ${n}`, birthDate: '1990-01-01' });
    return { c, id, email };
  }

  describe('1. one request cannot stall the server', () => {
    it('an alias bomb of topics is refused before execution, with a code', async () => {
      // ~2,500 aliases in 95 KB, under the 100 KB body limit, as in the finding
      const query = `{ ${Array.from({ length: 2500 }, (_, i) => `a${i}: topics { slug name parentSlug }`).join(' ')} }`;
      expect(query.length).toBeLessThan(100_000);
      const r = await post({ query });
      expect(r.json.data).toBeUndefined();
      // refused by the token limit while parsing, before validation and execution
      expect(r.status).toBe(400);
      expect(r.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(r.json.errors[0].message).toMatch(/tokens/i);
      expect(r.text.length).toBeLessThan(20_000);
    });

    it('an introspection alias bomb is refused too', async () => {
      // few tokens, many aliases: the alias limit refuses it at validation
      const query = `{ ${Array.from({ length: 100 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ')} }`;
      const r = await post({ query });
      expect(r.status).toBe(400);
      expect(r.json.data).toBeUndefined();
      expect(r.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.json.errors[0].message).toMatch(/aliases/i);
    });

    it('a search too expensive is refused with QUERY_TOO_COMPLEX and its cost', async () => {
      const search = (i: number) => `s${i}: searchInfluencers(first: 100) { edges { node { id displayName bio accounts { platform handle followers } topics { topic { slug name } weight } } matchedTopics { topic { slug } evidence } } facets { topics { value count } } }`;
      const r = await agency.request(`{ ${Array.from({ length: 8 }, (_, i) => search(i)).join(' ')} }`);
      expect(r.data).toBeUndefined();
      expect(r.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
      expect((r.errors![0].extensions as any).cost).toBeGreaterThan((r.errors![0].extensions as any).maximumCost);
    });

    it('reports the cost of each operation, requested and actual, and rate-limit headers', async () => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agency.bearer}` },
        body: JSON.stringify({ query: `{ searchInfluencers(first: 50) { totalCount edges { node { id } } } }` }),
      });
      const body = await res.json();
      expect(body.errors).toBeUndefined();
      const cost = body.extensions.cost;
      expect(cost.requestedQueryCost).toBeGreaterThan(50);
      // nobody is listed here: the actual cost is what the empty page cost
      expect(cost.actualQueryCost).toBeLessThan(cost.requestedQueryCost);
      expect(Number(res.headers.get('ratelimit-limit'))).toBe(20000);
      expect(Number(res.headers.get('ratelimit-remaining'))).toBeLessThan(20000);
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    });

    it('a key that spends its budget gets RATE_LIMITED with retryAfterSeconds, and other keys do not', async () => {
      const greedy = new GqlClient(server.url);
      greedy.bearer = (await app.auth.createAgency('Greedy')).apiKey;
      // about 900 points a request, charged as requested (like GitHub's API), whatever comes back
      const page = (k: number) => `p${k}: searchInfluencers(first: 100) { edges { node { id displayName accounts { handle } } } }`;
      const q = `{ ${page(1)} ${page(2)} ${page(3)} }`;
      let limited: any = null;
      for (let i = 0; i < 60 && !limited; i++) {
        const r = await greedy.request(q);
        if (r.errors?.[0]?.extensions?.code === 'RATE_LIMITED') limited = r;
      }
      expect(limited).not.toBeNull();
      expect(limited.status).toBe(429);
      expect((limited.errors[0].extensions as any).retryAfterSeconds).toBeGreaterThan(0);
      expect((await agency.request(`{ topics { slug } }`)).errors).toBeUndefined();
    });

    it('spends commit on a pool of their own without waiting for the WAL flush; nothing else does', async () => {
      const setting = async (q: (sql: string) => Promise<Array<{ synchronous_commit: string }>>) => (await q('SHOW synchronous_commit'))[0].synchronous_commit;
      expect(await setting(async (sql) => (await app.limits.pool.query(sql)).rows)).toBe('off');
      // consent, accounts and everything else stay durable at commit
      expect(await setting((sql) => app.ds.query(sql))).toBe('on');
      // and a spend through it is counted where every process reads it
      const key = `t-${Date.now()}`;
      await app.limits.contactRequests.spend(key, 3, () => 'limited');
      expect((await app.limits.contactRequests.peek(key)).remaining).toBe(app.limits.contactRequests.points - 3);
      const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM rate_limit WHERE key LIKE 'contact%'`);
      expect(n).toBeGreaterThan(0);
    });
  });

  describe('2. the sign-in limit cannot be raced, re-keyed or wiped', () => {
    it('300 parallel wrong sign-ins, then the right password: refused, the attempts were counted first', async () => {
      const p = await person();
      const attacker = client();
      const wrong = await Promise.all(
        Array.from({ length: 300 }, () => attacker.request(SIGN_IN, { e: p.email, p: 'wrong password 123' })),
      );
      const passed = wrong.filter((r) => r.data?.signIn?.userErrors?.[0]?.code === 'INVALID_CREDENTIALS').length;
      const limited = wrong.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED').length;
      expect(passed + limited).toBe(300);
      expect(passed).toBeLessThanOrEqual(5);
      const right = await attacker.request(SIGN_IN, { e: p.email, p: PASSWORD });
      expect(right.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(right.status).toBe(429);
      // the owner, elsewhere, is not locked out by someone guessing from one address
      const owner = client();
      expect((await owner.request(SIGN_IN, { e: p.email, p: PASSWORD })).data.signIn.me).toEqual({ id: p.id });
    }, 60_000);

    it('the limiter keys the account as the database finds it: spellings that reach one account share one budget', async () => {
      const c = client();
      const email = `i${Date.now()}@dotted.test`;
      await join(c, { email, password: PASSWORD, displayName: 'Dotted', birthDate: '1990-01-01' });
      const candidates = [email, email.toUpperCase(), email.replace(/^i/, 'İ'), email.replace(/^i/, 'I'), `ı${email.slice(1)}`];
      // the spellings PostgreSQL (citext) resolves to this account, whatever JavaScript would say
      const same: string[] = [];
      for (const v of candidates) if ((await app.ds.query(`SELECT 1 FROM influencer WHERE email = $1`, [v])).length) same.push(v);
      expect(same.length).toBeGreaterThanOrEqual(3);
      const attacker = client();
      const codes: string[] = [];
      for (let k = 0; k < 6; k++) {
        const r = await attacker.request(SIGN_IN, { e: same[k % same.length], p: 'wrong password 123' });
        codes.push(r.errors?.[0]?.extensions?.code ?? r.data.signIn.userErrors[0].code);
      }
      // five attempts a minute per account and address, however the email is spelled
      expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED']);
    });

    it('a flood of sign-ins for other emails does not wipe anyone\u2019s limit', async () => {
      const p = await person();
      const attacker = client();
      for (let k = 0; k < 6; k++) await attacker.request(SIGN_IN, { e: p.email, p: 'wrong password 123' });
      // a flood of other keys (the old limiter's map was cleared past 100,000 entries): some over
      // HTTP, and 150,000 more straight into the store, as many requests would leave them
      await Promise.all(Array.from({ length: 50 }, (_, k) => client().request(SIGN_IN, { e: `flood${k}@x.test`, p: 'wrong password 123' })));
      await app.ds.query(`INSERT INTO rate_limit (key, points, expire)
        SELECT 'signin-pair-m:flood' || i, 1, (extract(epoch FROM now()) * 1000)::bigint + 600000 FROM generate_series(1, 150000) i`);
      const still = await attacker.request(SIGN_IN, { e: p.email, p: PASSWORD });
      expect(still.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }, 60_000);

    it('at most one authentication mutation per request: aliased signIn or signUp are refused', async () => {
      const aliases = Array.from({ length: 50 }, (_, k) => `a${k}: signIn(email: "x${k}@y.test", password: "zzzzzzzzzz") { me { id } }`).join(' ');
      const r = await post({ query: `mutation { ${aliases} }` });
      expect(r.json.data).toBeUndefined();
      expect(r.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const ups = Array.from({ length: 100 }, (_, k) => `u${k}: signUp(input: { email: "bulk${k}@y.test", password: "${PASSWORD}", displayName: "Bulk", birthDate: "1990-01-01" }) { codeSentTo }`).join(' ');
      const before = (await app.ds.query(`SELECT count(*)::int AS n FROM influencer`))[0].n;
      const u = await post({ query: `mutation { ${ups} }` });
      expect(u.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(u.headers.get('set-cookie')).toBeNull();
      expect((await app.ds.query(`SELECT count(*)::int AS n FROM influencer`))[0].n).toBe(before);
      expect((await app.ds.query(`SELECT count(*)::int AS n FROM pending_sign_up WHERE email LIKE 'bulk%'`))[0].n).toBe(0);
      const codes = Array.from({ length: 5 }, (_, k) => `c${k}: confirmSignUp(email: "x@y.test", code: "00000${k}") { userErrors { code } }`).join(' ');
      expect((await post({ query: `mutation { ${codes} }` })).json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('3. a clear error instead of a 500, and one log line at most', () => {
    const expectClean = (r: { status: number; text: string }) => {
      expect(r.status).toBeLessThan(500);
      expect(r.text).not.toMatch(/INTERNAL_SERVER_ERROR|stack|at .*\.js:\d+/);
    };

    it('a NUL byte in an email (signIn, signUp)', async () => {
      const a = await post({ query: SIGN_IN, variables: { e: 'nul\u0000@x.test', p: 'whatever123' } });
      expectClean(a);
      expect(a.json.data.signIn.userErrors[0].code).toBe('INVALID_CREDENTIALS');
      const b = await post({ query: SIGN_UP, variables: { i: { email: 'nul\u0000@x.test', password: PASSWORD, displayName: 'Nul', birthDate: '1990-01-01' } } });
      expectClean(b);
      expect(b.json.data.signUp.userErrors).toContainEqual(expect.objectContaining({ field: 'email', code: 'INVALID' }));
      expect(logged).toEqual([]);
    });

    it('social account URLs are normalised or refused, never a 500', async () => {
      const p = await person();
      const cases: Array<[string, string | null]> = [
        ['HTTPS://example.com/a', 'https://example.com/a'],
        ['https:example.com', 'https://example.com/'],
        ['https:\\\\example.com', 'https://example.com/'],
        ['https://exa\u0000mple.com', null],
        ['javascript:alert(1)', null],
      ];
      for (const [i, [url, stored]] of cases.entries()) {
        const r = await p.c.request(CONNECT, { i: { platform: 'INSTAGRAM', handle: `url_case_${n}_${i}`, url, followers: 10 } });
        expect(r.status).toBe(200);
        expect(r.errors).toBeUndefined();
        if (stored) expect({ url, stored: r.data.connectSocialAccount.account?.url }).toEqual({ url, stored });
        else expect(r.data.connectSocialAccount.userErrors).toContainEqual(expect.objectContaining({ field: 'url', code: 'INVALID' }));
      }
      expect(logged).toEqual([]);
    });

    it('a topic weight below the stored precision is refused; one within it is rounded', async () => {
      const p = await person();
      const slug = app.topics.all().find((t) => t.parentSlug)!.slug;
      const low = await p.c.request(`mutation($w: Float) { updateProfile(input: { topics: [{ slug: "${slug}", weight: $w }] }) { userErrors { field code } } }`, { w: 0.004 });
      expect(low.errors).toBeUndefined();
      expect(low.data.updateProfile.userErrors).toEqual([{ field: 'topics[0].weight', code: 'INVALID' }]);
      const ok = await p.c.request(`mutation($w: Float) { updateProfile(input: { topics: [{ slug: "${slug}", weight: $w }] }) { me { topics { weight } } userErrors { code } } }`, { w: 0.456 });
      expect(ok.data.updateProfile.me.topics).toEqual([{ weight: 0.46 }]);
      expect(logged).toEqual([]);
    });

    it('an id of 36 dashes is just not found', async () => {
      const p = await person();
      const dashes = '-'.repeat(36);
      const r = await p.c.request(`mutation($id: ID!) { disconnectSocialAccount(id: $id) { userErrors { code } } }`, { id: dashes });
      expect(r.errors).toBeUndefined();
      expect(r.data.disconnectSocialAccount.userErrors[0].code).toBe('NOT_FOUND');
      const one = await agency.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id: dashes });
      expect(one.errors).toBeUndefined();
      expect(one.data.influencer).toBeNull();
      expect(logged).toEqual([]);
    });

    it('connectSocialAccount racing deleteMyAccount: a clear answer, never a foreign-key 500', async () => {
      for (let k = 0; k < 10; k++) {
        const p = await person();
        const [connect] = await Promise.all([
          p.c.request(CONNECT, { i: { platform: 'TIKTOK', handle: `race_${n}_${k}`, followers: 10 } }),
          p.c.request(`mutation { deleteMyAccount(confirm: true) { deleted } }`),
        ]);
        expect(connect.status).toBe(200);
        const code = connect.errors?.[0]?.extensions?.code ?? connect.data?.connectSocialAccount?.userErrors?.[0]?.code ?? 'OK';
        expect(['OK', 'NOT_FOUND', 'UNAUTHENTICATED']).toContain(code);
      }
      expect(logged).toEqual([]);
    });

    it('a subscription and a persisted query with a wrong hash get a 4xx with a code', async () => {
      const s = await post({ query: `subscription { x }` });
      expectClean(s);
      expect(s.json.errors[0].extensions.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_REQUEST/);
      const pq = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
      expectClean(pq);
      expect(pq.json.errors[0].extensions.code).toMatch(/BAD_REQUEST|PERSISTED_QUERY/);
      expect(logged).toEqual([]);
    });
  });

  describe('4. sign-up and accounts cannot be abused in bulk', () => {
    it('weak passwords, control characters, invisible or bidi-overridden names are refused', async () => {
      const base = { email: `strict${Date.now()}@x.test`, password: PASSWORD, displayName: 'Fine Name', birthDate: '1990-01-01' };
      const cases: Array<[Record<string, string>, string, string]> = [
        [{ password: 'Password1!' }, 'password', 'WEAK_PASSWORD'],
        [{ password: '12345abcde' }, 'password', 'WEAK_PASSWORD'],
        [{ email: 'ctl\u0007@x.test' }, 'email', 'INVALID'],
        [{ displayName: '\u200b\u200b\u200b' }, 'displayName', 'REQUIRED'],
        [{ displayName: 'evil\u202eman' }, 'displayName', 'INVALID'],
      ];
      for (const [patch, field, code] of cases) {
        const r = await new GqlClient(server.url).request(SIGN_UP, { i: { ...base, ...patch } });
        expect({ patch, errors: r.data.signUp.userErrors }).toEqual({ patch, errors: expect.arrayContaining([expect.objectContaining({ field, code })]) });
      }
    });

    it('at most 20 social accounts per person, and a plausible follower count', async () => {
      const p = await person();
      for (let k = 0; k < 20; k++) {
        const r = await p.c.request(CONNECT, { i: { platform: 'BLOG', handle: `cap_${n}_${k}`, followers: 1_000_000 } });
        expect(r.data.connectSocialAccount.userErrors).toEqual([]);
      }
      const over = await p.c.request(CONNECT, { i: { platform: 'BLOG', handle: `cap_${n}_x`, followers: 1 } });
      expect(over.data.connectSocialAccount.userErrors).toEqual([expect.objectContaining({ code: 'INVALID' })]);
      const q = await person();
      const huge = await q.c.request(CONNECT, { i: { platform: 'BLOG', handle: `huge_${n}`, followers: 2_000_000_000 } });
      expect(huge.data.connectSocialAccount.userErrors).toEqual([expect.objectContaining({ field: 'followers', code: 'INVALID' })]);
    });

    it('expired sessions are deleted', async () => {
      await app.ds.query(`INSERT INTO session (token_hash, influencer_id, expires_at)
        SELECT repeat('e', 64), id, now() - interval '1 day' FROM influencer LIMIT 1`);
      expect(await app.auth.purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
      expect((await app.ds.query(`SELECT count(*)::int AS n FROM session WHERE expires_at <= now()`))[0].n).toBe(0);
    });
  });

  describe('6. small leaks', () => {
    it('connecting a handle that someone holds as a private account does not say TAKEN', async () => {
      const owner = await person();
      const handle = `secret_${n}_${Date.now()}`;
      await owner.c.request(CONNECT, { i: { platform: 'INSTAGRAM', handle, followers: 10, isPrivate: true } });
      const other = await person();
      const r = await other.c.request(CONNECT, { i: { platform: 'INSTAGRAM', handle, followers: 10, isPrivate: true } });
      expect(r.data.connectSocialAccount.userErrors).toEqual([]);
    });

    it('a private account changing does not move what agencies see as updatedAt', async () => {
      const p = await person();
      await p.c.request(CONNECT, { i: { platform: 'YOUTUBE', handle: `pub_${n}`, followers: 100 } });
      const priv = await p.c.request(CONNECT, { i: { platform: 'INSTAGRAM', handle: `priv_${n}`, followers: 100, isPrivate: true } });
      await p.c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
      const seen = async () => (await agency.request(`query($id: ID!) { influencer(id: $id) { updatedAt } }`, { id: p.id })).data.influencer.updatedAt;
      const before = await seen();
      await new Promise((r) => setTimeout(r, 20));
      await p.c.request(`mutation($id: ID!) { updateSocialAccount(id: $id, input: { followers: 999 }) { userErrors { code } } }`, { id: priv.data.connectSocialAccount.account.id });
      expect(await seen()).toBe(before);
    });

    it('GraphiQL is compressed, with a Content Security Policy and frame protection', async () => {
      const res = await fetch(`${server.url}/graphiql`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });
  });
});
