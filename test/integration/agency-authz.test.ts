/**
 * The authorization matrix of issue 10, over HTTP: every new operation (and the two search
 * operations, now behind the `search` scope) x {anonymous, agency A, agency B, A's key without the
 * operation's scope, A's revoked key, influencer X (the one concerned), influencer Y}. "Success"
 * means reaching what the operation is about (A's list, X's request, ...); exactly the allowed
 * cells succeed, the others are refused with the right code, and nothing is a 500.
 */
import type { App } from '../../src/app';
import type { ApiScope } from '../../src/domain/agency';
import type { RunningServer } from '../../src/server';
import { agencyClient, CAMPAIGN, listablePerson, Q, type Person } from '../support/agency-fixtures';
import { createTestApp, GqlClient, type GqlResult, startTestServer } from '../support/test-app';

const PRINCIPALS = ['anonymous', 'agencyA', 'agencyB', 'keyWithoutScope', 'revokedKey', 'influencerX', 'influencerY'] as const;
type Principal = (typeof PRINCIPALS)[number];

interface Op {
  name: string;
  scope: ApiScope | null;
  allowed: Principal[];
  /** Runs the operation as `c`; true when it reached its object (A's list, X's request, ...). */
  run(c: GqlClient): Promise<{ ok: boolean; r: GqlResult }>;
}

describe('authorization matrix of the agency workflows', () => {
  let app: App;
  let server: RunningServer;
  let A: { c: GqlClient; agencyId: string };
  let B: { c: GqlClient; agencyId: string };
  let X: Person;
  let Y: Person;
  const withoutScope = new Map<ApiScope, GqlClient>();
  let revoked: GqlClient;
  const anonymous = () => new GqlClient(server.url);

  beforeAll(async () => {
    app = await createTestApp();
    server = await startTestServer(app);
    A = await agencyClient(app, server.url, 'Matrix A');
    B = await agencyClient(app, server.url, 'Matrix B');
    for (const scope of ['search', 'shortlists', 'contact'] as const) {
      const c = new GqlClient(server.url);
      c.bearer = await app.auth.issueKey(app.ds, A.agencyId, (['search', 'shortlists', 'contact'] as const).filter((s) => s !== scope));
      withoutScope.set(scope, c);
    }
    revoked = new GqlClient(server.url);
    revoked.bearer = await app.auth.issueKey(app.ds, A.agencyId);
    await app.ds.query(`UPDATE api_key SET revoked_at = now() WHERE prefix = $1`, [revoked.bearer.split('_')[1]]);
    X = await listablePerson(server.url);
    Y = await listablePerson(server.url);
    await app.indexer.drain();
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const newList = async (name = 'A list') => (await app.shortlists.create(A.agencyId, name)).ok && (await app.shortlists.lists(A.agencyId)).at(-1)!.id;
  /** A fresh PENDING request from A to X. */
  const pendingRequest = async () => {
    await app.ds.query(`DELETE FROM contact_request WHERE influencer_id = $1`, [X.id]);
    const o = await app.contacts.request(A.agencyId, X.id, CAMPAIGN);
    if (!o.ok) throw new Error(JSON.stringify(o.errors));
    return o.value.id;
  };
  const clean = (r: GqlResult) => !r.errors && r.status === 200;

  let viewer: string | undefined;
  const ops: Op[] = [
    { name: 'viewer', scope: null, allowed: ['agencyA', 'agencyB', 'keyWithoutScope'], run: async (c) => {
      const r = await c.request(`{ viewer { agency { name } apiKey { prefix scopes } } }`);
      return { ok: clean(r) && r.data.viewer.agency !== null, r };
    } },
    { name: 'searchInfluencers', scope: 'search', allowed: ['agencyA', 'agencyB'], run: async (c) => {
      const r = await c.request(`{ searchInfluencers(first: 5) { edges { node { id } } } }`);
      return { ok: clean(r) && r.data.searchInfluencers.edges.length > 0, r };
    } },
    { name: 'influencer(id)', scope: 'search', allowed: ['agencyA', 'agencyB'], run: async (c) => {
      const r = await c.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id: X.id });
      return { ok: clean(r) && r.data.influencer?.id === X.id, r };
    } },
    { name: 'shortlists', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      const r = await c.request(`{ shortlists { id name } }`);
      return { ok: clean(r) && r.data.shortlists.some((l: any) => l.id === id), r };
    } },
    { name: 'shortlist(id) with entries', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      await app.shortlists.add(A.agencyId, id as string, X.id, 'note');
      const r = await c.request(Q.entries, { l: id, n: 5 });
      return { ok: clean(r) && r.data.shortlist?.entries.edges[0]?.node.id === X.id, r };
    } },
    { name: 'shortlist(id) csv', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      await app.shortlists.add(A.agencyId, id as string, X.id, null);
      const r = await c.request(`query($l: ID!) { shortlist(id: $l) { csv } }`, { l: id });
      return { ok: clean(r) && typeof r.data.shortlist?.csv === 'string' && r.data.shortlist.csv.includes(X.id), r };
    } },
    { name: 'createShortlist', scope: 'shortlists', allowed: ['agencyA', 'agencyB'], run: async (c) => {
      const r = await c.request(Q.createList, { name: 'Made in the matrix' });
      return { ok: clean(r) && r.data.createShortlist.userErrors.length === 0 && !!r.data.createShortlist.shortlist, r };
    } },
    { name: 'renameShortlist', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      const r = await c.request(`mutation($l: ID!) { renameShortlist(id: $l, name: "Renamed") { shortlist { name } userErrors { field message code } } }`, { l: id });
      return { ok: clean(r) && r.data.renameShortlist.shortlist?.name === 'Renamed', r };
    } },
    { name: 'deleteShortlist', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      const r = await c.request(`mutation($l: ID!) { deleteShortlist(id: $l) { deletedShortlistId userErrors { field message code } } }`, { l: id });
      return { ok: clean(r) && r.data.deleteShortlist.deletedShortlistId === id, r };
    } },
    { name: 'addToShortlist', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      const r = await c.request(Q.add, { l: id, i: X.id, note: 'hi' });
      const added = (await app.shortlists.entries(app.ds, id as string, 5, null)).visibleCount === 1;
      return { ok: clean(r) && r.data.addToShortlist.userErrors.length === 0 && added, r };
    } },
    { name: 'removeFromShortlist', scope: 'shortlists', allowed: ['agencyA'], run: async (c) => {
      const id = await newList();
      await app.shortlists.add(A.agencyId, id as string, X.id, null);
      const r = await c.request(Q.remove, { l: id, i: X.id });
      const removed = (await app.shortlists.entries(app.ds, id as string, 5, null)).visibleCount === 0;
      return { ok: clean(r) && r.data.removeFromShortlist.userErrors.length === 0 && removed, r };
    } },
    { name: 'requestContact', scope: 'contact', allowed: ['agencyA', 'agencyB'], run: async (c) => {
      await app.ds.query(`DELETE FROM contact_request WHERE influencer_id = $1`, [X.id]);
      const r = await c.request(Q.request, { i: X.id, c: CAMPAIGN });
      return { ok: clean(r) && r.data.requestContact.contactRequest?.status === 'PENDING', r };
    } },
    { name: 'contactRequests', scope: 'contact', allowed: ['agencyA'], run: async (c) => {
      const id = await pendingRequest();
      const r = await c.request(Q.agencyRequests);
      return { ok: clean(r) && r.data.contactRequests.edges.some((e: any) => e.node.id === id), r };
    } },
    { name: 'acceptContactRequest', scope: null, allowed: ['influencerX'], run: async (c) => {
      const id = await pendingRequest();
      const r = await c.request(Q.accept, { id });
      return { ok: clean(r) && r.data.acceptContactRequest.contactRequest?.status === 'ACCEPTED', r };
    } },
    { name: 'declineContactRequest', scope: null, allowed: ['influencerX'], run: async (c) => {
      const id = await pendingRequest();
      const r = await c.request(Q.decline, { id });
      return { ok: clean(r) && r.data.declineContactRequest.contactRequest?.status === 'DECLINED', r };
    } },
    { name: 'me.contactRequests', scope: null, allowed: ['influencerX'], run: async (c) => {
      const id = await pendingRequest();
      const r = await c.request(Q.myRequests);
      return { ok: clean(r) && !!r.data.me?.contactRequests.edges.some((e: any) => e.node.id === id), r };
    } },
    { name: 'me.activity', scope: null, allowed: ['influencerX'], run: async (c) => {
      // an agency that does nothing else: Y may well have appearances of their own from Matrix A
      // (its searches are recorded in the background), but never a view by this one
      viewer ??= (await app.auth.createAgency('Matrix viewer only of X')).agencyId;
      await app.activity.record(app.ds, 'VIEWED', X.id, viewer);
      const r = await c.request(Q.activity);
      return { ok: clean(r) && !!r.data.me?.activity.edges.some((e: any) => e.node.agency.name === 'Matrix viewer only of X'), r };
    } },
  ];

  const clientFor = (p: Principal, op: Op): GqlClient => {
    switch (p) {
      case 'anonymous': return anonymous();
      case 'agencyA': return A.c;
      case 'agencyB': return B.c;
      case 'keyWithoutScope': return withoutScope.get(op.scope ?? 'search')!;
      case 'revokedKey': return revoked;
      case 'influencerX': return X.c;
      case 'influencerY': return Y.c;
    }
  };

  it(`exactly the allowed cells succeed (${ops.length} operations x ${PRINCIPALS.length} principals = ${ops.length * PRINCIPALS.length} cells)`, async () => {
    const got: Record<string, Principal[]> = {};
    const want: Record<string, Principal[]> = {};
    const wrongRefusals: string[] = [];
    for (const op of ops) {
      want[op.name] = op.allowed;
      got[op.name] = [];
      for (const p of PRINCIPALS) {
        const { ok, r } = await op.run(clientFor(p, op));
        expect({ op: op.name, p, status: r.status < 500 }).toEqual({ op: op.name, p, status: true });
        if (ok) {
          got[op.name].push(p);
          continue;
        }
        const code = r.errors?.[0]?.extensions?.code ?? null;
        const agencyOp = op.scope !== null;
        const influencerOp = op.allowed.includes('influencerX');
        // why each refusal: no valid key or session, a key that may not, or the wrong owner
        let expected: string | null = null;
        if ((p === 'anonymous' || p === 'revokedKey') && (agencyOp || (influencerOp && !op.name.startsWith('me.')))) expected = 'UNAUTHENTICATED';
        if ((p === 'influencerX' || p === 'influencerY') && agencyOp) expected = 'FORBIDDEN';
        if ((p === 'agencyA' || p === 'agencyB' || p === 'keyWithoutScope') && influencerOp && !op.name.startsWith('me.')) expected = 'FORBIDDEN';
        if (p === 'keyWithoutScope' && op.scope) {
          expected = 'FORBIDDEN';
          expect({ op: op.name, scope: (r.errors?.[0]?.extensions as any)?.scope }).toEqual({ op: op.name, scope: op.scope });
        }
        if (code !== expected) wrongRefusals.push(`${op.name} as ${p}: ${code}, expected ${expected}`);
      }
    }
    expect(got).toEqual(want);
    expect(wrongRefusals).toEqual([]);
  });

  it('viewer names the agency and the key with its scopes', async () => {
    const r = await withoutScope.get('contact')!.request(`{ viewer { agency { name } apiKey { prefix scopes } } }`);
    expect(r.data.viewer).toEqual({ agency: { name: 'Matrix A' }, apiKey: { prefix: withoutScope.get('contact')!.bearer!.split('_')[1], scopes: ['search', 'shortlists'] } });
    expect((await anonymous().request(`{ viewer { agency { name } apiKey { prefix } } }`)).data.viewer).toEqual({ agency: null, apiKey: null });
  });
});

describe('contact request limits', () => {
  it('one open request per agency and influencer, and a daily maximum per agency (RATE_LIMITED)', async () => {
    const app = await createTestApp({ env: { CONTACT_REQUESTS_PER_DAY: '2' } });
    const server = await startTestServer(app);
    try {
      const a = (await agencyClient(app, server.url, 'Spammy')).c;
      const people = [await listablePerson(server.url), await listablePerson(server.url), await listablePerson(server.url)];
      expect((await a.request(Q.request, { i: people[0].id, c: CAMPAIGN })).data.requestContact.userErrors).toEqual([]);
      const again = await a.request(Q.request, { i: people[0].id, c: CAMPAIGN });
      expect(again.data.requestContact.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REQUESTED', field: 'influencerId' })]);
      expect((await a.request(Q.request, { i: people[1].id, c: CAMPAIGN })).data.requestContact.userErrors).toEqual([]);
      const third = await a.request(Q.request, { i: people[2].id, c: CAMPAIGN });
      expect(third.status).toBe(429);
      expect(third.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      // nothing was written for the refused one
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM contact_request WHERE influencer_id = $1`, [people[2].id])).toEqual([{ n: 0 }]);
      // a listable person without CONTACT cannot be asked; bad input is a userError
      const quiet = await listablePerson(server.url, { contact: false });
      expect((await a.request(Q.request, { i: quiet.id, c: CAMPAIGN })).data.requestContact.userErrors[0].code).toBe('NOT_CONTACTABLE');
      const bad = await a.request(Q.request, { i: quiet.id, c: { title: ' ', brief: 'x', deadline: '2001-02-30' } });
      expect(bad.data.requestContact.userErrors.map((e: any) => [e.field, e.code])).toEqual([['campaign.title', 'REQUIRED'], ['campaign.deadline', 'INVALID']]);
      expect((await a.request(Q.request, { i: 'not-a-uuid', c: CAMPAIGN })).data.requestContact.userErrors[0].code).toBe('NOT_FOUND');
    } finally {
      await server.close();
      await app.close();
    }
  });
});
