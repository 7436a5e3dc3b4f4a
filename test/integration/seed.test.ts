/**
 * Demo seeding on a real PostgreSQL: what the generator intended is what the database holds, and
 * the one eligibility rule agrees with the generator's intended state for every person.
 */
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import type { NotListedReason } from '../../src/domain/consent';
import { generateDemoInfluencers, type DemoInfluencer, type DemoState } from '../../src/seed/demo-generator';
import { DEMO_TERMS_VERSION, insertDemoInfluencers, seedDemo } from '../../src/seed/seed';
import { createTestApp } from '../support/test-app';

const NOW = '2026-06-15T09:30:00.000Z';
/** The rule's reasons for each non-listable state: exactly one, except that a minor (who cannot grant) has no consent either. */
const REASONS_FOR: Record<Exclude<DemoState, 'LISTABLE'>, NotListedReason[]> = {
  NO_CONSENT: ['NO_DISCOVERY_CONSENT'],
  WITHDRAWN: ['DISCOVERY_CONSENT_WITHDRAWN'],
  EXPIRED: ['DISCOVERY_CONSENT_EXPIRED'],
  MINOR: ['NO_DISCOVERY_CONSENT', 'UNDER_MIN_AGE'],
  ONLY_PRIVATE: ['NO_PUBLIC_ACCOUNT'],
  SUSPENDED: ['ACCOUNT_SUSPENDED'],
};

interface Stored {
  id: string;
  email: string;
  display_name: string;
  birth_date: string;
  country: string;
  city: string;
  languages: string[];
  status: string;
  topics: Array<{ slug: string; weight: string }>;
  accounts: Array<{ platform: string; handle: string; url: string; followers: number; engagement_rate: string; is_private: boolean }>;
  consents: Array<{ purpose: string; action: string; at: string; terms_version: string; source: string }>;
}

async function stored(app: App, emails: string[]): Promise<Map<string, Stored>> {
  const rows: Stored[] = await app.ds.query(
    `SELECT i.id, i.email::text AS email, i.display_name, to_char(i.birth_date, 'YYYY-MM-DD') AS birth_date, i.country, i.city,
            i.languages, i.status::text AS status,
            (SELECT coalesce(json_agg(json_build_object('slug', t.topic_slug, 'weight', t.weight::text) ORDER BY t.weight DESC, t.topic_slug), '[]')
               FROM influencer_topic t WHERE t.influencer_id = i.id) AS topics,
            (SELECT coalesce(json_agg(json_build_object('platform', s.platform, 'handle', s.handle, 'url', s.url, 'followers', s.followers,
                                                        'engagement_rate', s.engagement_rate::text, 'is_private', s.is_private) ORDER BY s.platform), '[]')
               FROM social_account s WHERE s.influencer_id = i.id) AS accounts,
            (SELECT coalesce(json_agg(json_build_object('purpose', e.purpose, 'action', e.action,
                                                        'at', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                                        'terms_version', e.terms_version, 'source', e.source) ORDER BY e.seq), '[]')
               FROM consent_event e WHERE e.influencer_id = i.id) AS consents
     FROM influencer i WHERE i.email = ANY($1::citext[])`,
    [emails],
  );
  return new Map(rows.map((r) => [r.email, r]));
}

function expectStoredAsGenerated(s: Stored, p: DemoInfluencer): void {
  expect(s.display_name).toBe(p.displayName);
  expect(s.birth_date).toBe(p.birthDate);
  expect([s.country, s.city, s.status]).toEqual([p.country, p.city, p.status]);
  expect(s.languages).toEqual(p.languages);
  expect(s.topics.map((t) => [t.slug, Number(t.weight)]).sort()).toEqual(p.topics.map((t) => [t.slug, t.weight]).sort());
  expect(
    s.accounts.map((a) => [a.platform, a.followers, Number(a.engagement_rate), a.is_private]).sort(),
  ).toEqual(p.accounts.map((a) => [a.platform, a.followers, a.engagementRate, a.isPrivate]).sort());
  // Every account of a person shares one handle, as generated (or tagged when taken).
  expect(new Set(s.accounts.map((a) => a.handle)).size).toBeLessThanOrEqual(1);
  for (const a of s.accounts) expect(a.url).toMatch(/^https:\/\//);
  expect(s.consents.map((c) => [c.purpose, c.action, c.at])).toEqual(p.consents.map((c) => [c.purpose, c.action, c.at]));
  for (const c of s.consents) expect([c.source, c.terms_version]).toEqual(['seed', DEMO_TERMS_VERSION]);
}

async function expectRuleAgreesWithStates(app: App, people: DemoInfluencer[], byEmail: Map<string, Stored>): Promise<void> {
  const ids = people.map((p) => byEmail.get(p.email)!.id);
  const verdicts = await app.rule.evaluate(app.ds, ids);
  const mismatches: string[] = [];
  people.forEach((p, i) => {
    const v = verdicts.get(ids[i]);
    if (!v) return mismatches.push(`${p.email}: no verdict`);
    if (p.state === 'LISTABLE') {
      if (!v.listable) mismatches.push(`${p.email}: LISTABLE but ${v.reasons.join(',')}`);
    } else if (v.listable || [...v.reasons].sort().join(',') !== REASONS_FOR[p.state].join(',')) {
      mismatches.push(`${p.email}: ${p.state} but listable=${v.listable} ${v.reasons.join(',')}`);
    }
  });
  expect(mismatches).toEqual([]);
}

describe('demo seeding', () => {
  let app: App;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    app = await createTestApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  const generate = (count: number, seed: number) =>
    generateDemoInfluencers({ count, seed, now: clock.now(), minAge: app.config.minAge, consentTtlDays: app.config.consentTtlDays });

  it('inserts 500 influencers with their topics, accounts and consents, as generated', async () => {
    const people = generate(500, 7);
    const progress: Array<[number, number]> = [];
    const n = await insertDemoInfluencers(app, people, { batchSize: 128, onProgress: (done, total) => progress.push([done, total]) });
    expect(n).toBe(500);
    expect(progress[0]).toEqual([0, 500]);
    expect(progress[progress.length - 1]).toEqual([500, 500]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThan(progress[i - 1][0]);

    const [{ inf, topics, accounts, consents }] = await app.ds.query(
      `SELECT (SELECT count(*)::int FROM influencer) AS inf, (SELECT count(*)::int FROM influencer_topic) AS topics,
              (SELECT count(*)::int FROM social_account) AS accounts, (SELECT count(*)::int FROM consent_event) AS consents`,
    );
    const sum = (f: (p: DemoInfluencer) => number) => people.reduce((acc, p) => acc + f(p), 0);
    expect({ inf, topics, accounts, consents }).toEqual({
      inf: 500,
      topics: sum((p) => p.topics.length),
      accounts: sum((p) => p.accounts.length),
      consents: sum((p) => p.consents.length),
    });
    // The first seeding of a database keeps the generator's emails and handles.
    const byEmail = await stored(app, people.map((p) => p.email));
    expect(byEmail.size).toBe(500);
    for (const p of people) {
      const s = byEmail.get(p.email)!;
      expectStoredAsGenerated(s, p);
      expect(s.accounts.map((a) => a.handle)).toEqual(p.accounts.map(() => p.accounts[0].handle));
    }
    // Every row went through the outbox triggers, so the indexer will pick them up.
    const [{ outbox }] = await app.ds.query(`SELECT count(DISTINCT influencer_id)::int AS outbox FROM outbox_event`);
    expect(outbox).toBe(500);
  });

  it('the eligibility rule agrees with the state the generator intended, for every person', async () => {
    const people = generate(500, 7);
    const states = new Set(people.map((p) => p.state));
    expect(states.size).toBe(7); // every state is exercised
    await expectRuleAgreesWithStates(app, people, await stored(app, people.map((p) => p.email)));
  });

  it('has a realistic mix of verified accounts: some by code, some by the platform with its figures, some expired, never a private one', async () => {
    const [mix] = await app.ds.query(
      `SELECT count(*) FILTER (WHERE NOT is_private)::int AS public,
              count(*) FILTER (WHERE NOT is_private AND verification_status = 'VERIFIED')::int AS verified,
              count(*) FILTER (WHERE is_private AND verification_status = 'VERIFIED')::int AS private_verified,
              count(*) FILTER (WHERE verification_method = 'OAUTH' AND followers_source = 'PLATFORM')::int AS oauth,
              count(*) FILTER (WHERE verification_method = 'PROFILE_CODE' AND followers_source = 'SELF_REPORTED')::int AS code,
              count(*) FILTER (WHERE verification_status = 'VERIFIED'
                                 AND NOT verification_current(verification_status, verified_at, $1::int, $2::timestamptz))::int AS expired,
              count(*) FILTER (WHERE verified_at > $2::timestamptz OR verified_at < connected_at)::int AS impossible
       FROM social_account`,
      [app.config.verificationTtlDays, clock.now()],
    );
    expect(mix.private_verified).toBe(0);
    expect(mix.impossible).toBe(0);
    expect(mix.verified / mix.public).toBeGreaterThan(0.2);
    expect(mix.verified / mix.public).toBeLessThan(0.6);
    expect(mix.oauth).toBeGreaterThan(0);
    expect(mix.code).toBeGreaterThan(mix.oauth);
    expect(mix.expired).toBeGreaterThan(0);
    // with LISTING_REQUIRES_VERIFIED_ACCOUNT on, part of the listable people would stay listed
    const strict = await app.ds.query(
      `SELECT count(*) FILTER (WHERE listable)::int AS listed, count(*) FILTER (WHERE 'NO_VERIFIED_ACCOUNT' = ANY(reasons))::int AS unverified
       FROM influencer_eligibility(18, 365, $1::timestamptz, true, 180)`,
      [clock.now()],
    );
    expect(strict[0].listed).toBeGreaterThan(0);
    expect(strict[0].unverified).toBeGreaterThan(0);
  });

  it('seeding again adds as many again: new emails, and handles made unique even for the same seed', async () => {
    // Same seed: the same people again, so every email and handle would collide without care.
    const again = await seedDemo(app, 500, 7);
    expect(again).toBe(500);
    const [{ n, emails, withTag }] = await app.ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT lower(email::text))::int AS emails,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM social_account s WHERE s.influencer_id = i.id AND s.handle LIKE '%.%'))::int AS "withTag"
       FROM influencer i`,
    );
    expect({ n, emails }).toEqual({ n: 1000, emails: 1000 });
    expect(withTag).toBeGreaterThan(400);
    // Second run's emails follow the first block: `<name>.<500 + i>@demo.permission.test`.
    const people = generate(500, 7);
    const shifted = people.map((p) => ({ ...p, email: p.email.replace(/\.(\d+)@/, (_, i) => `.${500 + Number(i)}@`) }));
    const byEmail = await stored(app, shifted.map((p) => p.email));
    expect(byEmail.size).toBe(500);
    for (const p of shifted) expectStoredAsGenerated(byEmail.get(p.email)!, p);
    await expectRuleAgreesWithStates(app, shifted, byEmail);

    // Without a seed, a third run derives one from the data: different people, no errors.
    expect(await seedDemo(app, 300)).toBe(300);
    const [{ total, handles }] = await app.ds.query(
      `SELECT (SELECT count(*)::int FROM influencer) AS total,
              (SELECT count(*)::int - count(DISTINCT (platform, lower(handle)))::int FROM social_account) AS handles`,
    );
    expect({ total, handles }).toEqual({ total: 1300, handles: 0 });
  });

  it('a handle taken by a real person is left to them', async () => {
    const people = generate(20, 99);
    const taken = people[0].accounts[0];
    const [{ id }] = await app.ds.query(
      `INSERT INTO influencer (email, password_hash, display_name, birth_date) VALUES ('real@person.test', 'x', 'Real', '1990-01-01') RETURNING id`,
    );
    await app.ds.query(`INSERT INTO social_account (influencer_id, platform, handle, followers) VALUES ($1, $2, $3, 10)`, [
      id,
      taken.platform,
      taken.handle.toUpperCase(),
    ]);
    // Demo emails so far are numbered 0..n-1 without gaps: this run's start at n.
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM influencer WHERE email::text LIKE '%@demo.permission.test'`);
    expect(await insertDemoInfluencers(app, people)).toBe(20);
    const email = people[0].email.replace(/\.0@/, `.${n}@`);
    const rows: Array<{ platform: string; handle: string; url: string }> = await app.ds.query(
      `SELECT s.platform, s.handle, s.url FROM social_account s JOIN influencer i ON i.id = s.influencer_id WHERE i.email = $1`,
      [email],
    );
    expect(rows).toHaveLength(people[0].accounts.length);
    for (const r of rows) {
      expect(r.handle).toMatch(new RegExp(`^${taken.handle}\\.[0-9a-z]+$`));
      const inUrl = r.platform === 'LINKEDIN' ? r.handle.replace(/_/g, '-') : r.platform === 'BLOG' ? r.handle.replace(/_/g, '') : r.handle;
      expect(r.url).toContain(inUrl);
    }
    const [{ real }] = await app.ds.query(`SELECT handle AS real FROM social_account WHERE influencer_id = $1`, [id]);
    expect(real).toBe(taken.handle.toUpperCase());
  });
});
