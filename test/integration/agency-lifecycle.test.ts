/**
 * Consent stays live in agency work: every change that ends a listing (withdraw DISCOVERY, make
 * the only account private, a birth-date correction under age, deletion) hides the person from
 * every shortlist on the very next request, counted as hidden; withdrawing CONTACT keeps them
 * listed but cancels pending contact requests and hides the email an accepted request revealed.
 * Opting in again brings the shortlist entry back. The record ("who looked") shows what agencies
 * did, with the right agency, and nothing of it survives deletion.
 */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import { agencyClient, CAMPAIGN, listablePerson, Q, type Person } from '../support/agency-fixtures';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';

describe('agency workflows follow consent changes at once', () => {
  let app: App;
  let server: RunningServer;
  let a: GqlClient;
  let b: GqlClient;
  beforeAll(async () => {
    app = await createTestApp();
    server = await startTestServer(app);
    a = (await agencyClient(app, server.url, 'Alpha Agency')).c;
    b = (await agencyClient(app, server.url, 'Beta Agency')).c;
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  /** A person on A's new list, with an ACCEPTED request from A (email revealed) and a PENDING one from B. */
  async function scenario() {
    const p = await listablePerson(server.url);
    const list = (await a.request(Q.createList, { name: 'Campaign' })).data.createShortlist.shortlist.id as string;
    expect((await a.request(Q.add, { l: list, i: p.id, note: 'great fit' })).data.addToShortlist.userErrors).toEqual([]);
    const ra = (await a.request(Q.request, { i: p.id, c: CAMPAIGN })).data.requestContact;
    expect(ra.userErrors).toEqual([]);
    expect(ra.contactRequest).toMatchObject({ status: 'PENDING', contactEmail: null });
    const accepted = (await p.c.request(Q.accept, { id: ra.contactRequest.id, reply: 'Happy to talk' })).data.acceptContactRequest;
    expect(accepted.userErrors).toEqual([]);
    const rb = (await b.request(Q.request, { i: p.id, c: CAMPAIGN })).data.requestContact;
    expect(rb.userErrors).toEqual([]);
    expect(await view(p, list)).toEqual({ listed: true, hidden: 0, emailToA: p.email, statusA: 'ACCEPTED', statusB: 'PENDING' });
    return { p, list, requestA: ra.contactRequest.id as string, requestB: rb.contactRequest.id as string };
  }

  /** What the agencies see on their next requests. */
  async function view(p: Person, list: string) {
    const page = (await a.request(Q.entries, { l: list, n: 10 })).data.shortlist.entries;
    const reqA = (await a.request(Q.agencyRequests)).data.contactRequests.edges.map((e: any) => e.node).filter((n: any) => n.status !== undefined);
    const reqB = (await b.request(Q.agencyRequests)).data.contactRequests.edges.map((e: any) => e.node);
    const mineA = reqA.find((r: any) => r.influencer?.id === p.id || r.contactEmail === p.email) ?? reqA[0];
    const mineB = reqB[0];
    return {
      listed: page.edges.some((e: any) => e.node.id === p.id),
      hidden: page.hiddenCount,
      emailToA: mineA.contactEmail,
      statusA: mineA.status,
      statusB: mineB.status,
    };
  }

  beforeEach(async () => {
    // each scenario starts with no requests, so each agency's newest request is this scenario's
    await app.ds.query(`DELETE FROM contact_request`);
  });

  it('withdrawing DISCOVERY hides the entry, cancels the pending request, hides the email; granting again brings the entry back', async () => {
    const { p, list } = await scenario();
    await p.c.request(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    expect(await view(p, list)).toEqual({ listed: false, hidden: 1, emailToA: null, statusA: 'ACCEPTED', statusB: 'CANCELLED' });
    await p.c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    // back on the list; the accepted request shows the email again (CONTACT was never withdrawn); B's stays cancelled
    expect(await view(p, list)).toEqual({ listed: true, hidden: 0, emailToA: p.email, statusA: 'ACCEPTED', statusB: 'CANCELLED' });
  });

  it('withdrawing CONTACT keeps the entry, cancels the pending request and hides the revealed email', async () => {
    const { p, list } = await scenario();
    await p.c.request(`mutation { withdrawConsent(purpose: CONTACT) { userErrors { code } } }`);
    expect(await view(p, list)).toEqual({ listed: true, hidden: 0, emailToA: null, statusA: 'ACCEPTED', statusB: 'CANCELLED' });
    const [{ status }] = await app.ds.query(`SELECT status FROM contact_request WHERE agency_id <> (SELECT agency_id FROM api_key WHERE prefix = $1)`, [a.bearer!.split('_')[1]]);
    expect(status).toBe('CANCELLED'); // cancelled for good, in the withdrawal's transaction
    // and no new request can be sent
    expect((await b.request(Q.request, { i: p.id, c: CAMPAIGN })).data.requestContact.userErrors[0].code).toBe('NOT_CONTACTABLE');
  });

  it('making the only account private hides the entry and cancels the pending request; public again brings the entry back, not the request', async () => {
    const { p, list, requestB } = await scenario();
    await p.c.request(`mutation($id: ID!) { updateSocialAccount(id: $id, input: { isPrivate: true }) { userErrors { code } } }`, { id: p.accountId });
    expect(await view(p, list)).toEqual({ listed: false, hidden: 1, emailToA: null, statusA: 'ACCEPTED', statusB: 'CANCELLED' });
    expect((await p.c.request(Q.accept, { id: requestB })).data.acceptContactRequest.userErrors[0].code).toBe('NOT_ACTIONABLE');
    // once the indexer has taken them out, the pending request is cancelled for good
    await app.indexer.drain();
    await p.c.request(`mutation($id: ID!) { updateSocialAccount(id: $id, input: { isPrivate: false }) { userErrors { code } } }`, { id: p.accountId });
    expect(await view(p, list)).toEqual({ listed: true, hidden: 0, emailToA: p.email, statusA: 'ACCEPTED', statusB: 'CANCELLED' });
  });

  it('a birth-date correction under the minimum age hides the entry and everything contact-related', async () => {
    const { p, list } = await scenario();
    const minor = new Date(Date.now() - 15 * 365 * 86_400_000).toISOString().slice(0, 10);
    const r = await p.c.request(`mutation($d: String!) { updateProfile(input: { birthDate: $d }) { userErrors { code } } }`, { d: minor });
    expect(r.data.updateProfile.userErrors).toEqual([]);
    expect(await view(p, list)).toEqual({ listed: false, hidden: 1, emailToA: null, statusA: 'ACCEPTED', statusB: 'CANCELLED' });
    expect((await a.request(Q.add, { l: list, i: p.id })).data.addToShortlist.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('deleting the account removes the entry, the requests and the record', async () => {
    const { p, list } = await scenario();
    await a.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id: p.id });
    const r = await p.c.request(`mutation { deleteMyAccount(confirm: true) { deleted } }`);
    expect(r.data.deleteMyAccount.deleted).toBe(true);
    const page = (await a.request(Q.entries, { l: list, n: 10 })).data.shortlist.entries;
    expect(page).toMatchObject({ totalCount: 0, hiddenCount: 0, edges: [] });
    expect((await a.request(Q.agencyRequests)).data.contactRequests.edges).toEqual([]);
    expect((await b.request(Q.agencyRequests)).data.contactRequests.edges).toEqual([]);
    for (const t of ['shortlist_entry', 'contact_request', 'profile_activity']) {
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM ${t} WHERE influencer_id = $1`, [p.id])).toEqual([{ n: 0 }]);
    }
    // the sign-up code mailed to the address is gone with the account
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM mail_message WHERE to_address = $1`, [p.email])).toEqual([{ n: 0 }]);
  });
});

describe('the record the influencer reads ("who looked")', () => {
  it('shows views, shortlisting, removal, contact requests and search appearances, each with its agency; gone after deletion', async () => {
    const app = await createTestApp();
    const server = await startTestServer(app);
    try {
      const a = (await agencyClient(app, server.url, 'Alpha Looks')).c;
      const b = (await agencyClient(app, server.url, 'Beta Searches')).c;
      const p = await listablePerson(server.url);
      await app.indexer.drain();
      await a.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id: p.id });
      const list = (await a.request(Q.createList, { name: 'Looks' })).data.createShortlist.shortlist.id;
      await a.request(Q.add, { l: list, i: p.id });
      await a.request(Q.remove, { l: list, i: p.id });
      await a.request(Q.request, { i: p.id, c: CAMPAIGN });
      const word = p.email.split('@')[0];
      for (let i = 0; i < 3; i++) {
        const s = await b.request(`query($q: String!) { searchInfluencers(query: $q, first: 5) { edges { node { id } } } }`, { q: word });
        expect(s.data.searchInfluencers.edges.map((e: any) => e.node.id)).toEqual([p.id]);
      }
      await app.activity.flush();
      const edges = (await p.c.request(Q.activity)).data.me.activity.edges.map((e: any) => e.node);
      const today = new Date().toISOString().slice(0, 10);
      expect(edges).toEqual(expect.arrayContaining([
        { kind: 'VIEWED', agency: { name: 'Alpha Looks' }, count: 1, day: null },
        { kind: 'SHORTLISTED', agency: { name: 'Alpha Looks' }, count: 1, day: null },
        { kind: 'UNSHORTLISTED', agency: { name: 'Alpha Looks' }, count: 1, day: null },
        { kind: 'CONTACT_REQUESTED', agency: { name: 'Alpha Looks' }, count: 1, day: null },
        { kind: 'SEARCH_APPEARANCES', agency: { name: 'Beta Searches' }, count: 3, day: today },
      ]));
      expect(edges).toHaveLength(5);
      // newest first: the appearances were the last thing
      expect(edges[0].kind).toBe('SEARCH_APPEARANCES');
      // the export's service method gives the same record
      expect((await app.activity.activityFor(p.id)).map((e) => e.kind)).toEqual(edges.map((e: any) => e.kind));
      // a later flush adds to the day's count: still one row
      await b.request(`query($q: String!) { searchInfluencers(query: $q, first: 5) { edges { node { id } } } }`, { q: word });
      await app.activity.flush();
      const again = (await p.c.request(Q.activity)).data.me.activity.edges.map((e: any) => e.node);
      expect(again.filter((e: any) => e.kind === 'SEARCH_APPEARANCES')).toEqual([{ kind: 'SEARCH_APPEARANCES', agency: { name: 'Beta Searches' }, count: 4, day: today }]);
      // appearances counted after an erasure are dropped by the flush, not written
      await b.request(`query($q: String!) { searchInfluencers(query: $q, first: 5) { edges { node { id } } } }`, { q: word });
      await p.c.request(`mutation { deleteMyAccount(confirm: true) { deleted } }`);
      await app.activity.flush();
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM profile_activity WHERE influencer_id = $1`, [p.id])).toEqual([{ n: 0 }]);
      expect(await app.activity.activityFor(p.id)).toEqual([]);
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('pages newest first with cursors, for the record and for contact requests', async () => {
    const app = await createTestApp();
    const server = await startTestServer(app);
    try {
      const agencies = [];
      for (const name of ['One', 'Two', 'Three', 'Four', 'Five']) agencies.push(await agencyClient(app, server.url, `Agency ${name}`));
      const p = await listablePerson(server.url);
      for (const a of agencies) {
        expect((await a.c.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id: p.id })).data.influencer.id).toBe(p.id);
        expect((await a.c.request(Q.request, { i: p.id, c: CAMPAIGN })).data.requestContact.userErrors).toEqual([]);
      }
      const walk = async (field: 'activity' | 'contactRequests') => {
        const names: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 20; i++) {
          const r: any = await p.c.request(`query($after: String) { me { ${field}(first: 3, after: $after) { edges { node { agency { name } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`, { after });
          expect(r.errors).toBeUndefined();
          const conn = r.data.me[field];
          expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
          names.push(...conn.edges.map((e: any) => e.node.agency.name));
          if (!conn.pageInfo.hasNextPage) break;
          after = conn.pageInfo.endCursor;
        }
        return names;
      };
      const newestFirst = ['Five', 'Four', 'Three', 'Two', 'One'].map((n) => `Agency ${n}`);
      expect(await walk('contactRequests')).toEqual(newestFirst);
      // each agency viewed, then asked: ten events, the last agency's first
      expect(await walk('activity')).toEqual(newestFirst.flatMap((n) => [n, n]));
      const bad = await p.c.request(`{ me { activity(first: 3, after: "garbage") { edges { cursor } } } }`);
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const tooMany = await p.c.request(`{ me { activity(first: 101) { edges { cursor } } } }`);
      expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await server.close();
      await app.close();
    }
  });
});
