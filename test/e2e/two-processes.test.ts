/**
 * Two api processes on one PostgreSQL, as a load balancer would run them (`node dist/src/main.js`
 * twice, DATABASE_URL): a withdrawal through one is honoured by a search on the other on the very
 * next request; both indexers drain one outbox, and when one process is killed (SIGKILL) in the
 * middle of a stream of consent changes, the other drains everything: nothing is lost, and the
 * index ends exactly as the rule says. And when the search engine fails for a while during a stream
 * of consent changes through both (the postgres engine's table taken away under them), searches
 * answer SEARCH_UNAVAILABLE, nothing is counted against anyone, and once it is back both indexers
 * bring the index to exactly what the rule says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { createTestDatabase } from '../support/test-app';
import { until } from '../support/waiting';
import { join } from '../support/join';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const CLI = path.resolve(__dirname, '../../dist/src/cli.js');
const children = new Set<ChildProcess>();

interface Api {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function startApi(databaseUrl: string): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: databaseUrl, PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (children.delete(child), resolve(code))));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('GraphiQL:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`exited ${code} while starting:\n${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, exited };
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { body: (await res.json()) as any, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

describe('two api processes on one database', () => {
  let databaseUrl: string;
  let a: Api;
  let b: Api;
  let db: Client;
  let agency: Record<string, string>;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    a = await startApi(databaseUrl);
    b = await startApi(databaseUrl);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const key = (await cli(['agency:create', 'Balanced'])).split('\n').pop()!;
    agency = { authorization: `Bearer ${key}` };
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    for (const c of children) c.kill('SIGKILL');
  });

  /** Runs the operator CLI on the same database; its output, trimmed. */
  const cli = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (err += d));
      c.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${args[0]} exited ${code}: ${out}${err}`))));
    });

  /** A listable person, signed up through `api`; their session cookie and id. */
  async function person(api: Api, n: number) {
    const word = `Twofold${n}x${Date.now() % 100000}`;
    const up = await join(api.url, { email: `${word}@two.test`, password: 'a long passphrase 42', displayName: `${word} Doe`, birthDate: '1990-01-01' });
    const session = { cookie: up.cookie };
    await gql(api.url, `mutation($h: String!) { connectSocialAccount(input: { platform: INSTAGRAM, handle: $h, followers: 10 }) { userErrors { code } } }`, { h: word.toLowerCase() }, session);
    await gql(api.url, `mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, session);
    return { id: up.id, word, session };
  }

  const found = async (api: Api, word: string, id: string) =>
    ((await gql(api.url, `query($q: String) { searchInfluencers(query: $q, first: 5) { edges { node { id } } } }`, { q: word }, agency)).body.data.searchInfluencers.edges as Array<{ node: { id: string } }>).some((e) => e.node.id === id);

  it('a withdrawal through one is honoured by a search on the other on the very next request', async () => {
    const p = await person(a, 1);
    await until('findable through B', 20_000, async () => ((await found(b, p.word, p.id)) ? true : null));
    await gql(a.url, `mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, p.session);
    expect(await found(b, p.word, p.id)).toBe(false);
    expect((await gql(b.url, `query($id: ID!) { influencer(id: $id) { id } }`, { id: p.id }, agency)).body.data.influencer).toBeNull();
  }, 60_000);

  it('API keys are cached in each process, and a key revoked elsewhere (the CLI) is refused by both on the next request', async () => {
    const made = await cli(['agency:create', 'Cached']);
    const key = { authorization: `Bearer ${made.split('\n').pop()!.trim()}` };
    const viewer = async (api: Api) => (await gql(api.url, `{ viewer { agency { name } } }`, {}, key)).body;
    // both processes now hold the key in memory
    for (let i = 0; i < 3; i++) for (const api of [a, b]) expect((await viewer(api)).data.viewer.agency.name).toBe('Cached');
    await cli(['key:revoke', key.authorization.split('_')[1]]);
    for (const api of [b, a]) {
      // viewer answers for anyone (no agency for a key that no longer works); a search needs one
      expect((await viewer(api)).data.viewer.agency).toBeNull();
      const search = await gql(api.url, `{ searchInfluencers(first: 1) { totalCount } }`, {}, key);
      expect(search.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  }, 60_000);

  it('both indexers drain one outbox; with one killed mid-stream, the other loses nothing', async () => {
    const people = [];
    for (let i = 0; i < 8; i++) people.push(await person(i % 2 ? a : b, 100 + i));
    // a stream of consent changes through both, and A killed in the middle of it
    for (const [i, p] of people.entries()) {
      const via = i % 2 ? b : a;
      if (i === 4) {
        a.child.kill('SIGKILL');
        await a.exited;
      }
      const api = i >= 4 ? b : via;
      await gql(api.url, `mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, p.session);
      if (i % 3 === 0) await gql(api.url, `mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, p.session);
    }
    // B drains it all (events A had claimed come back when its transaction died with it)
    await until('the outbox to be empty', 30_000, async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dead_at IS NULL`);
      return rows[0].n === 0 ? true : null;
    });
    // the servers run with the default policy, as loadConfig gives it
    const { minAge, consentTtlDays } = loadConfig({});
    const { rows: drift } = await db.query(
      `SELECT count(*)::int AS n FROM (
         (SELECT influencer_id AS id FROM influencer_eligibility($1, $2, now()) WHERE listable EXCEPT SELECT id FROM search_document)
         UNION ALL
         (SELECT id FROM search_document EXCEPT SELECT influencer_id FROM influencer_eligibility($1, $2, now()) WHERE listable)) d`,
      [minAge, consentTtlDays],
    );
    expect(drift[0].n).toBe(0);
    for (const [i, p] of people.entries()) expect({ i, found: await found(b, p.word, p.id) }).toEqual({ i, found: i % 3 === 0 });
  }, 120_000);

  it('the search engine failing during a stream of consent changes through both: a clear code meanwhile, nothing lost after', async () => {
    // A was killed above: a fresh one on the same database
    a = await startApi(databaseUrl);
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await person(i % 2 ? a : b, 200 + i));
    for (const p of people) await until(`${p.word} findable`, 20_000, async () => ((await found(b, p.word, p.id)) ? true : null));

    // the engine fails for both processes: its table is gone
    await db.query(`ALTER TABLE search_document RENAME TO search_document_away`);
    try {
      for (const [i, p] of people.entries()) {
        const api = i % 2 ? a : b;
        const w = await gql(api.url, `mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, p.session);
        expect(w.body.data.withdrawConsent.userErrors).toEqual([]);
        if (i % 3 === 0) await gql(api.url, `mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`, {}, p.session);
        // searches say what is wrong, with a code, through either process (a filter nobody asked
        // for yet: the search cache may still answer a recent one, re-checked by the rule)
        for (const via of [a, b]) {
          const res = await fetch(`${via.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...agency },
            body: JSON.stringify({
              query: `query($q: String, $f: Int) { searchInfluencers(query: $q, first: 5, filter: { minFollowers: $f }) { edges { node { id } } } }`,
              variables: { q: p.word, f: 1 + i },
            }),
          });
          const body = (await res.json()) as any;
          expect({ status: res.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 503, code: 'SEARCH_UNAVAILABLE' });
        }
        // a withdrawn person is not readable by id meanwhile (the read path asks the rule, not the index)
        const byId = await gql(a.url, `query($id: ID!) { influencer(id: $id) { id } }`, { id: p.id }, agency);
        expect({ i, listed: byId.body.data.influencer !== null }).toEqual({ i, listed: i % 3 === 0 });
      }
      // both indexers keep trying; the engine being down is counted against nobody
      await new Promise((r) => setTimeout(r, 1500));
      const { rows } = await db.query(`SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0 OR dead_at IS NOT NULL)::int AS counted FROM outbox_event`);
      expect(rows[0].pending).toBeGreaterThan(0);
      expect(rows[0].counted).toBe(0);
    } finally {
      await db.query(`ALTER TABLE search_document_away RENAME TO search_document`);
    }

    await until('the outbox to be empty once the engine is back', 60_000, async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox_event`);
      return rows[0].n === 0 ? true : null;
    });
    for (const [i, p] of people.entries()) {
      for (const via of [a, b]) expect({ i, found: await found(via, p.word, p.id) }).toEqual({ i, found: i % 3 === 0 });
    }
  }, 180_000);
});
