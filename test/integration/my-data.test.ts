/**
 * What the portal added to the API: exportMyData (everything held about a person, every table
 * covered), Me.preview (the agency's view of oneself, built by the search code) and portalPolicy.
 */
import { PERSONAL_TABLES } from '../../src/portal/my-data.service';
import { createTestStack, GqlClient, type TestStack } from '../support/test-app';
import { join } from '../support/join';

const CARD = `id displayName bio country city languages topics { topic { slug } weight } accounts { platform handle url followers engagementRate } totalFollowers contactable updatedAt`;

describe('exportMyData, Me.preview and portalPolicy over HTTP', () => {
  let stack: TestStack;
  let person: GqlClient;
  let id: string;
  beforeAll(async () => {
    stack = await createTestStack();
    person = new GqlClient(stack.server.url);
    ({ id } = await join(person, { email: 'ida@example.com', password: 'a long passphrase 42', displayName: 'Ida', birthDate: '1990-02-03', country: 'NO' }));
    await person.request(`mutation { connectSocialAccount(input: { platform: INSTAGRAM, handle: "ida.public", followers: 1200 }) { userErrors { code } } }`);
    await person.request(`mutation { connectSocialAccount(input: { platform: TIKTOK, handle: "ida.secret", followers: 90, isPrivate: true }) { userErrors { code } } }`);
    await person.request(`mutation { updateProfile(input: { topics: [{ slug: "yoga", weight: 0.6 }] }) { userErrors { code } } }`);
  });
  afterAll(() => stack.close());

  it('reads every table that holds a person (the database own foreign keys and influencer_id columns)', async () => {
    const rows: Array<{ t: string }> = await stack.app.ds.query(
      `SELECT DISTINCT c.conrelid::regclass::text AS t FROM pg_constraint c WHERE c.contype = 'f' AND c.confrelid = 'influencer'::regclass
       UNION SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'influencer_id'`,
    );
    const holding = rows.map((r) => r.t).sort();
    expect(holding.length).toBeGreaterThanOrEqual(5);
    expect(holding.filter((t) => !(PERSONAL_TABLES as readonly string[]).includes(t))).toEqual([]);
  });

  it('exports everything about the caller, private accounts and ledger included, never a secret', async () => {
    await person.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    await stack.app.indexer.drain();
    // an agency looks at them: the record is part of the export
    expect((await stack.agency.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id })).data.influencer).toEqual({ id });
    const r = await person.request(`{ exportMyData }`);
    expect(r.errors).toBeUndefined();
    const data = r.data.exportMyData;
    expect(data.account).toMatchObject({ id, email: 'ida@example.com', birthDate: '1990-02-03', country: 'NO' });
    expect(data.socialAccounts.map((a: { handle: string }) => a.handle).sort()).toEqual(['ida.public', 'ida.secret']);
    expect(data.topics).toEqual([{ slug: 'yoga', name: 'Yoga', weight: 0.6 }]);
    expect(data.consent.ledger).toHaveLength(1);
    expect(data.consent.receipts[0].consentReceiptID).toBe(data.consent.ledger[0].id);
    expect(data.listing.listed).toBe(true);
    expect(data.sessions).toHaveLength(1);
    expect(data.searchIndex.documents).toHaveLength(1);
    expect(data.agencyActivity.events).toContainEqual(expect.objectContaining({ kind: 'VIEWED', agencyName: 'Test agency', count: 1 }));
    expect(data.agencyActivity.shortlists).toEqual([]);
    expect(data.agencyActivity.contactRequests).toEqual([]);
    const text = JSON.stringify(data);
    const [{ password_hash }] = await stack.app.ds.query(`SELECT password_hash FROM influencer WHERE id = $1`, [id]);
    expect(text).not.toContain(password_hash);
    expect(text).not.toContain(person.cookie!.split('=')[1]);
  });

  it('needs a session: no one else, not even an agency, can export a person', async () => {
    const anonymous = await new GqlClient(stack.server.url).request(`{ exportMyData }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const agency = await stack.agency.request(`{ exportMyData }`);
    expect(agency.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('Me.preview is what an agency gets from influencer(id), listed or not', async () => {
    const mine = await person.request(`{ me { preview { listed influencer { ${CARD} } matchedTopics { topic { slug } evidence } } } }`);
    const theirs = await stack.agency.request(`query($id: ID!) { influencer(id: $id) { ${CARD} } }`, { id });
    expect(mine.data.me.preview.listed).toBe(true);
    expect(mine.data.me.preview.influencer).toEqual(theirs.data.influencer);
    expect(mine.data.me.preview.influencer.accounts.map((a: { handle: string }) => a.handle)).toEqual(['ida.public']);
    expect(mine.data.me.preview.matchedTopics[0].evidence).toContain('Yoga');

    await person.request(`mutation { withdrawConsent(purpose: DISCOVERY) { userErrors { code } } }`);
    const after = await person.request(`{ me { preview { listed influencer { displayName accounts { handle } } } } }`);
    expect(after.data.me.preview).toEqual({ listed: false, influencer: { displayName: 'Ida', accounts: [{ handle: 'ida.public' }] } });
    expect((await stack.agency.request(`query($id: ID!) { influencer(id: $id) { id } }`, { id })).data.influencer).toBeNull();
  });

  it('portalPolicy states the minimum age, the consent period and the terms of each purpose', async () => {
    const r = await new GqlClient(stack.server.url).request(`{ portalPolicy { minAge consentTtlDays terms { purpose title termsVersion paragraphs } } }`);
    expect(r.data.portalPolicy.minAge).toBe(stack.app.config.minAge);
    expect(r.data.portalPolicy.consentTtlDays).toBe(stack.app.config.consentTtlDays);
    expect(r.data.portalPolicy.terms.map((t: { purpose: string }) => t.purpose)).toEqual(['DISCOVERY', 'CONTACT']);
    expect(r.data.portalPolicy.terms[0].paragraphs.join(' ')).toContain('never see your email');
  });
});
