/**
 * How search appearances are stored: under search load every flush adds to the day's row of tens
 * of thousands of (influencer, agency) pairs, so those updates must stay on their page without
 * touching an index (PostgreSQL's HOT updates). No index may hold a column a flush changes, and
 * the record still reads newest first.
 */
import type { App } from '../../src/app';
import { ActivityService } from '../../src/activity/activity.service';
import { createTestApp } from '../support/test-app';

describe('search appearances are counted in place', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('no index of profile_activity holds a column a flush changes', async () => {
    const indexed: Array<{ index: string; columns: string[] }> = await app.ds.query(`
      SELECT c.relname AS index, array(
               SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) ORDER BY a.attname
             ) || coalesce(regexp_split_to_array(pg_get_expr(i.indpred, i.indrelid), '\\W+'), '{}') AS columns
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'profile_activity'::regclass ORDER BY 1`);
    expect(indexed.map((i) => i.index)).toEqual(['profile_activity_appearances', 'profile_activity_person', 'profile_activity_pkey']);
    for (const i of indexed) {
      expect(i.columns).not.toContain('count');
      expect(i.columns).not.toContain('occurred_at');
    }
    const [{ options }] = await app.ds.query(`SELECT reloptions AS options FROM pg_class WHERE oid = 'profile_activity'::regclass`);
    expect(options).toContain('fillfactor=80');
  });

  it('a flush adds to the day\'s rows with updates that touch no index, and the record stays newest first', async () => {
    const { agencyId } = await app.auth.createAgency('In place');
    const people: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await app.influencers.createAccount({ email: `inplace${i}@activity.test`, password: 'a long passphrase 42', displayName: `In place ${i}`, birthDate: '1990-01-01' });
      if (!r.ok) throw new Error('sign-up failed');
      people.push(r.value);
    }
    // one connection of its own, so that its statistics can be sent before they are read
    const runner = app.ds.createQueryRunner();
    await runner.connect();
    try {
      const activity = new ActivityService(runner.manager, app.clock, () => undefined);
      const stats = async () => {
        await runner.query(`SELECT pg_stat_force_next_flush()`);
        // statistics reach the shared view when the backend is next idle
        await new Promise((r) => setTimeout(r, 50));
        const [row] = await app.ds.query(
          `SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relid = 'profile_activity'::regclass`);
        return row as { updated: number; hot: number };
      };
      activity.recordAppearances(agencyId, people);
      await activity.flush();
      const before = await stats();
      for (let round = 0; round < 3; round++) {
        activity.recordAppearances(agencyId, people);
        await activity.flush();
      }
      const after = await stats();
      expect(after.updated - before.updated).toBe(90);
      // nearly all of them (one can miss when its page is full and not yet pruned); with an index
      // on occurred_at, none would be
      expect(after.hot - before.hot).toBeGreaterThanOrEqual(80);
      const rows = await app.ds.query(`SELECT count(*)::int AS n, min(count)::int AS lo, max(count)::int AS hi FROM profile_activity WHERE agency_id = $1`, [agencyId]);
      expect(rows).toEqual([{ n: 30, lo: 4, hi: 4 }]);
      // newest first without an index on the time: a later event comes before the day's row
      await activity.record(runner.manager, 'VIEWED', people[0], agencyId);
      expect((await app.activity.activityFor(people[0])).map((e) => [e.kind, e.count])).toEqual([['VIEWED', 1], ['SEARCH_APPEARANCES', 4]]);
      activity.recordAppearances(agencyId, [people[0]]);
      await activity.flush();
      expect((await app.activity.activityFor(people[0])).map((e) => [e.kind, e.count])).toEqual([['SEARCH_APPEARANCES', 5], ['VIEWED', 1]]);
    } finally {
      await runner.release();
    }
  });
});
