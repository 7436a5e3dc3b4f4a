/**
 * Every change that can alter what an agency sees leaves an outbox row in its own transaction;
 * the consent ledger is append-only; erasure leaves nothing of the person anywhere.
 */
import type { App } from '../../src/app';
import { createTestApp } from '../support/test-app';

describe('outbox, ledger and erasure', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  async function newPerson(tag: string): Promise<string> {
    const r = await app.influencers.createAccount({ email: `${tag}@outbox.test`, password: 'correct horse battery', displayName: `Person ${tag}`, birthDate: '1990-04-01', country: 'DE' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value;
  }
  async function outboxFor(id: string): Promise<string[]> {
    const rows: Array<{ reason: string }> = await app.ds.query(`SELECT reason FROM outbox_event WHERE influencer_id = $1 ORDER BY id`, [id]);
    return rows.map((r) => r.reason);
  }
  async function clearOutbox(): Promise<void> {
    await app.ds.query(`DELETE FROM outbox_event`);
  }

  it('writes one outbox row for each kind of change, in the same transaction', async () => {
    const id = await newPerson('kinds');
    expect(await outboxFor(id)).toEqual(['influencer.insert']);
    const changes: Array<[string, () => Promise<unknown>, string]> = [
      ['profile', () => app.influencers.updateProfile(id, { bio: 'Trail running and coffee' }), 'influencer.update'],
      ['topics', () => app.influencers.updateProfile(id, { topics: [{ slug: app.topics.all().find((t) => t.parentSlug)!.slug, weight: 0.5 }] }), 'influencer_topic.insert'],
      ['connect', () => app.influencers.connectAccount(id, { platform: 'YOUTUBE', handle: 'kinds_yt', followers: 10 }), 'social_account.insert'],
      ['grant', () => app.consent.grant(id, 'CONTACT'), 'consent_event.insert'],
      ['withdraw', () => app.consent.withdraw(id, 'CONTACT'), 'consent_event.insert'],
      ['birth date', () => app.influencers.updateProfile(id, { birthDate: '2012-01-01' }), 'influencer.update'],
      ['suspend', () => app.ds.query(`UPDATE influencer SET status = 'suspended' WHERE id = $1`, [id]), 'influencer.update'],
    ];
    for (const [label, change, reason] of changes) {
      await clearOutbox();
      await change();
      expect({ label, rows: await outboxFor(id) }).toEqual({ label, rows: expect.arrayContaining([reason]) });
    }
    const [acc] = await app.ds.query(`SELECT id FROM social_account WHERE influencer_id = $1`, [id]);
    await clearOutbox();
    await app.influencers.updateAccount(id, acc.id, { isPrivate: true });
    expect(await outboxFor(id)).toEqual(['social_account.update']);
    await clearOutbox();
    await app.influencers.disconnectAccount(id, acc.id);
    expect(await outboxFor(id)).toEqual(['social_account.delete']);
  });

  it('a password change alone is no event; a rolled-back change leaves no row', async () => {
    const id = await newPerson('rollback');
    await clearOutbox();
    await app.ds.query(`UPDATE influencer SET password_hash = 'other' WHERE id = $1`, [id]);
    expect(await outboxFor(id)).toEqual([]);
    await expect(
      app.ds.transaction(async (m) => {
        await m.query(`UPDATE influencer SET bio = 'never committed' WHERE id = $1`, [id]);
        await m.query(`INSERT INTO consent_event (influencer_id, purpose, action, terms_version, source) VALUES ($1, 'DISCOVERY', 'GRANT', 't', 'portal')`, [id]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await outboxFor(id)).toEqual([]);
  });

  it('the ledger refuses updates and deletes from the application', async () => {
    const id = await newPerson('ledger');
    const g = await app.consent.grant(id, 'DISCOVERY');
    expect(g.ok).toBe(true);
    await expect(app.ds.query(`UPDATE consent_event SET action = 'WITHDRAW' WHERE influencer_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(app.ds.query(`DELETE FROM consent_event WHERE influencer_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(app.ds.query(`TRUNCATE consent_event CASCADE`)).rejects.toThrow(/append-only/);
    // deleting the person outside an erasure is refused too, because it would delete their ledger
    await expect(app.ds.query(`DELETE FROM influencer WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    const rows = await app.ds.query(`SELECT action FROM consent_event WHERE influencer_id = $1`, [id]);
    expect(rows).toEqual([{ action: 'GRANT' }]);
  });

  it('erasure removes the person from every table, and only their own ledger rows', async () => {
    const other = await newPerson('bystander');
    await app.consent.grant(other, 'DISCOVERY');
    const id = await newPerson('erase.me');
    await app.influencers.updateProfile(id, { displayName: 'Zoë Erasable', bio: 'Sourdough in a tiny flat', city: 'Lyon', topics: [{ slug: app.topics.all().find((t) => t.parentSlug)!.slug }] });
    await app.influencers.connectAccount(id, { platform: 'INSTAGRAM', handle: 'zoe_erasable_ig', followers: 5000, url: 'https://www.instagram.com/zoe_erasable_ig' });
    await app.consent.grant(id, 'DISCOVERY');
    await app.consent.grant(id, 'CONTACT');
    await app.auth.createSession(id);
    // what agencies did with the profile (issue 10): a shortlist entry with a note, an accepted
    // contact request, the record of views and search appearances
    const { agencyId } = await app.auth.createAgency('Erasure Watchers');
    const list = await app.shortlists.create(agencyId, 'Bakers');
    if (!list.ok) throw new Error('no list');
    expect((await app.shortlists.add(agencyId, list.value.id, id, 'Zoë bakes')).ok).toBe(true);
    const request = await app.contacts.request(agencyId, id, { title: 'Bread week', brief: 'Sourdough in a tiny flat, on camera' });
    if (!request.ok) throw new Error(JSON.stringify(request.errors));
    expect((await app.contacts.respond(id, request.value.id, true, 'Yes, Zoë here')).ok).toBe(true);
    await app.activity.record(app.ds, 'VIEWED', id, agencyId);
    app.activity.recordAppearances(agencyId, [id]);
    await app.activity.flush();
    expect((await app.activity.activityFor(id)).map((a) => a.kind).sort()).toEqual(['CONTACT_REQUESTED', 'SEARCH_APPEARANCES', 'SHORTLISTED', 'VIEWED']);

    // listed and indexed first: the search projection and its vocabulary hold the name too
    await app.indexer.drain();
    expect(await app.engine.listIds()).toContain(id);
    expect(await app.ds.query(`SELECT word FROM search_vocabulary WHERE word IN ('erasable', 'sourdough') ORDER BY 1`)).toEqual([{ word: 'erasable' }, { word: 'sourdough' }]);
    expect(await app.consent.eraseAccount(id)).toBe(true);
    // the erasure's outbox rows carry only the id, until the indexer has removed the document
    const pending: Array<{ influencer_id: string }> = await app.ds.query(`SELECT DISTINCT influencer_id FROM outbox_event WHERE influencer_id = $1`, [id]);
    expect(pending).toEqual([{ influencer_id: id }]);
    await app.indexer.drain();

    // the last two as the search vocabulary would hold them: folded single words
    const needles = [id, 'erase.me@outbox.test', 'Zoë Erasable', 'zoe_erasable_ig', 'Sourdough in a tiny flat', 'erasable', 'sourdough', 'Zoë bakes', 'Yes, Zoë here'];
    const tables: Array<{ table_name: string }> = await app.ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(13);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['shortlist_entry', 'contact_request', 'profile_activity']));
    for (const { table_name } of tables) {
      const rows: Array<{ t: string }> = await app.ds.query(`SELECT t::text AS t FROM "${table_name}" t`);
      for (const needle of needles) {
        const hit = rows.find((r) => r.t.toLowerCase().includes(needle.toLowerCase()));
        expect({ table_name, needle, hit: hit?.t ?? null }).toEqual({ table_name, needle, hit: null });
      }
    }
    // the bystander's ledger is untouched
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM consent_event WHERE influencer_id = $1`, [other])).toEqual([{ n: 1 }]);
  });
});
