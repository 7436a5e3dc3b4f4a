/** The agency API key check: only a real, unrevoked key opens the agency queries. */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import { ManualClock } from '../../src/clock';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';
import { until } from '../support/waiting';
import { join } from '../support/join';
import { keySecret } from '../support/agency-fixtures';

const SEARCH = `{ searchInfluencers(first: 1) { totalCount } }`;

describe('agency API keys', () => {
  let app: App;
  let server: RunningServer;
  let key: string;
  beforeAll(async () => {
    app = await createTestApp();
    server = await startTestServer(app);
    key = (await app.auth.createAgency('Key Holders')).apiKey;
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });
  const withKey = (k: string | null) => {
    const c = new GqlClient(server.url);
    c.bearer = k;
    return c;
  };

  it('a real key works, and only its SHA-256 is stored', async () => {
    const r = await withKey(key).request(SEARCH);
    expect(r.errors).toBeUndefined();
    expect(r.data.searchInfluencers.totalCount).toBe(0);
    const rows: Array<{ t: string }> = await app.ds.query(`SELECT k::text AS t FROM api_key k`);
    expect(rows.some((row) => row.t.includes(key))).toBe(false);
    expect(rows.some((row) => row.t.includes(keySecret(key)))).toBe(false);
  });

  it.each([
    ['no key', null],
    ['a made-up key of the right shape', `pk_000000000000_${'A'.repeat(32)}`],
    ['the real key with one character changed', null as string | null],
    ['garbage', 'hello world'],
  ])('%s is UNAUTHENTICATED', async (label, k) => {
    const tampered = label.startsWith('the real key') ? key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A') : k;
    const r = await withKey(tampered).request(SEARCH);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeNull();
  });

  it('a revoked key stops working at once, though keys are cached in memory', async () => {
    const other = await app.auth.issueKey(app.ds, (await app.ds.query(`SELECT id FROM agency LIMIT 1`))[0].id);
    for (let i = 0; i < 3; i++) expect((await withKey(other).request(SEARCH)).errors).toBeUndefined();
    expect(await app.auth.revokeKey(other.split('_')[1])).toBe(true);
    expect((await withKey(other).request(SEARCH)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await app.auth.revokeKey(other.split('_')[1])).toBe(false);
  });

  it('a key revoked, or its agency renamed, by hand in the database leaves the cache as the database announces it', async () => {
    const { agencyId, apiKey } = await app.auth.createAgency('Hand made');
    const c = withKey(apiKey);
    const name = async () => (await c.request(`{ viewer { agency { name } } }`)).data?.viewer?.agency?.name ?? null;
    expect(await name()).toBe('Hand made');
    await app.ds.query(`UPDATE agency SET name = 'Renamed' WHERE id = $1`, [agencyId]);
    await until('the new name', 2000, async () => ((await name()) === 'Renamed' ? true : null));
    // an operator's psql: the trigger announces it (NOTIFY api_key), every process drops the key
    await app.ds.query(`UPDATE api_key SET revoked_at = now() WHERE prefix = $1`, [apiKey.split('_')[1]]);
    await until('the key refused', 2000, async () => ((await c.request(SEARCH)).errors?.[0].extensions?.code === 'UNAUTHENTICATED' ? true : null));
  });

  it('an influencer session cannot search (FORBIDDEN), and an agency key cannot act as an influencer', async () => {
    const person = new GqlClient(server.url);
    await join(person, { email: 'nosy@ex.test', password: 'a long passphrase 42', displayName: 'Nosy', birthDate: '1990-01-01' });
    expect((await person.request(SEARCH)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const agency = withKey(key);
    const r = await agency.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await agency.request(`{ me { id } }`)).data.me).toBeNull();
  });
});

describe('last use of a key', () => {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  let app: App;
  let server: RunningServer;
  beforeAll(async () => {
    app = await createTestApp({ clock });
    server = await startTestServer(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('is written at most once a minute, not on every request (each request would queue on the key row)', async () => {
    const c = new GqlClient(server.url);
    c.bearer = (await app.auth.createAgency('Busy')).apiKey;
    const prefix = c.bearer.split('_')[1];
    const lastUsed = async () => ((await app.ds.query(`SELECT last_used_at FROM api_key WHERE prefix = $1`, [prefix]))[0].last_used_at as Date | null)?.toISOString() ?? null;
    const settled = async (expected: string) => until(`last_used_at ${expected}`, 5000, async () => ((await lastUsed()) === expected ? true : null));
    for (let i = 0; i < 5; i++) expect((await c.request(SEARCH)).errors).toBeUndefined();
    await settled('2026-11-28T10:00:00.000Z');
    clock.advance(30_000);
    for (let i = 0; i < 5; i++) await c.request(SEARCH);
    expect(await lastUsed()).toBe('2026-11-28T10:00:00.000Z');
    clock.advance(31_000);
    await c.request(SEARCH);
    await settled('2026-11-28T10:01:01.000Z');
  });
});
