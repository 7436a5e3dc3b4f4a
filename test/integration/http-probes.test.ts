/** Probes and metrics of the real HTTP server. */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import { startServer } from '../../src/server';
import { createTestApp, startTestServer } from '../support/test-app';

describe('probes and metrics', () => {
  let app: App;
  let server: RunningServer;
  beforeAll(async () => {
    app = await createTestApp();
    server = await startTestServer(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('/healthz and /readyz answer', async () => {
    const h = await fetch(`${server.url}/healthz`);
    expect([h.status, await h.json()]).toEqual([200, { status: 'ok' }]);
    const r = await fetch(`${server.url}/readyz`);
    expect([r.status, await r.json()]).toEqual([
      200,
      { status: 'ready', database: 'ok', search: 'ok', outbox: { pending: expect.any(Number), oldestSeconds: expect.any(Number), deadLetters: 0 } },
    ]);
  });

  it('on shutdown, /readyz answers 503 for SHUTDOWN_DELAY_MS while requests are still served; then nothing is accepted', async () => {
    const leaving = await startServer(app, 0, '127.0.0.1', { shutdownDelayMs: 1500 });
    expect((await fetch(`${leaving.url}/readyz`)).status).toBe(200);
    const closed = leaving.close();
    expect(leaving.draining).toBe(true);
    const r = await fetch(`${leaving.url}/readyz`);
    expect([r.status, await r.json()]).toEqual([503, { status: 'draining' }]);
    // a load balancer that has not looked yet still gets answers, and is asked to reconnect elsewhere
    const q = await fetch(`${leaving.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect([q.status, q.headers.get('connection'), await q.json()]).toEqual([200, 'close', expect.objectContaining({ data: { __typename: 'Query' } })]);
    await closed;
    await expect(fetch(`${leaving.url}/healthz`)).rejects.toThrow();
  });

  it('/metrics shows the outbox backlog until the indexer has drained it', async () => {
    const metric = async (name: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    };
    await app.indexer.drain();
    expect(await metric('permission_outbox_pending')).toBe(0);
    await app.influencers.createAccount({ email: 'metrics@ex.test', password: 'a long passphrase 42', displayName: 'M', birthDate: '1990-01-01' });
    expect(await metric('permission_outbox_pending')).toBe(1);
    expect(await metric('permission_outbox_oldest_seconds')).toBeGreaterThanOrEqual(0);
    await app.indexer.drain();
    expect(await metric('permission_outbox_pending')).toBe(0);
    expect(await metric('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('queries work over GET with an API key; a header-less GET is refused as a possible CSRF', async () => {
    const { apiKey } = await app.auth.createAgency('GET users');
    const q = encodeURIComponent('{ searchInfluencers(first: 1) { totalCount } }');
    const ok = await fetch(`${server.url}/graphql?query=${q}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { searchInfluencers: { totalCount: 0 } }, extensions: { cost: expect.objectContaining({ requestedQueryCost: 2 }) } });
    const bare = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(bare.status).toBe(400);
    const mutation = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { signOut }')}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(mutation.status).toBe(405);
  });

  it('GraphiQL is served from local assets', async () => {
    const res = await fetch(`${server.url}/graphiql`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Permission GraphiQL');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });
});
