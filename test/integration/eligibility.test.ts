/**
 * The eligibility rule at its edges, against the real PostgreSQL function every reader uses:
 * consent x age x accounts (and their verification) x status, with the reasons given for each
 * non-listable person, once with LISTING_REQUIRES_VERIFIED_ACCOUNT off and once on.
 */
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { EligibilityRule } from '../../src/consent/eligibility';
import { createTestApp } from '../support/test-app';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY = 86_400_000;
const TTL_DAYS = 365;
const TTL = TTL_DAYS * DAY;

type ConsentCase = 'none' | 'granted' | 'withdrawn' | 'expired' | 'expiring-this-second';
type AgeCase = 'under' | 'turning-today' | 'adult';
type AccountCase = 'none' | 'only-private' | 'one-public' | 'one-public-verified' | 'public-verification-expired' | 'only-private-verified';
type StatusCase = 'active' | 'suspended' | 'deleted';

const consents: ConsentCase[] = ['none', 'granted', 'withdrawn', 'expired', 'expiring-this-second'];
const ages: AgeCase[] = ['under', 'turning-today', 'adult'];
const accountCases: AccountCase[] = ['none', 'only-private', 'one-public', 'one-public-verified', 'public-verification-expired', 'only-private-verified'];
const VERIFICATION_TTL_DAYS = 180;
/** When the verified accounts were verified: 10 days ago (current), or a day past the TTL (expired). */
const VERIFIED_AT: Partial<Record<AccountCase, number>> = {
  'one-public-verified': NOW.getTime() - 10 * DAY,
  'public-verification-expired': NOW.getTime() - (VERIFICATION_TTL_DAYS + 1) * DAY,
  'only-private-verified': NOW.getTime() - 10 * DAY,
};
const PEOPLE = consents.length * 3 * accountCases.length * 3;
const statuses: StatusCase[] = ['active', 'suspended', 'deleted'];

const birthDates: Record<AgeCase, string> = {
  under: '2008-06-16', // turns 18 tomorrow
  'turning-today': '2008-06-15',
  adult: '1990-01-31',
};

function expectedReasons(c: ConsentCase, a: AgeCase, acc: AccountCase, s: StatusCase, requiresVerified = false): string[] {
  const r: string[] = [];
  if (s === 'deleted') r.push('ACCOUNT_DELETED');
  if (s === 'suspended') r.push('ACCOUNT_SUSPENDED');
  if (c === 'none') r.push('NO_DISCOVERY_CONSENT');
  if (c === 'withdrawn') r.push('DISCOVERY_CONSENT_WITHDRAWN');
  if (c === 'expired') r.push('DISCOVERY_CONSENT_EXPIRED');
  if (a === 'under') r.push('UNDER_MIN_AGE');
  const anyPublic = acc === 'one-public' || acc === 'one-public-verified' || acc === 'public-verification-expired';
  if (!anyPublic) r.push('NO_PUBLIC_ACCOUNT');
  if (requiresVerified && anyPublic && acc !== 'one-public-verified') r.push('NO_VERIFIED_ACCOUNT');
  return r;
}

describe('eligibility rule', () => {
  let app: App;
  const clock = new ManualClock(NOW);
  const ids = new Map<string, { c: ConsentCase; a: AgeCase; acc: AccountCase; s: StatusCase }>();

  async function insertPerson(key: string, birthDate: string, status: StatusCase): Promise<string> {
    const [row] = await app.ds.query(
      `INSERT INTO influencer (email, password_hash, display_name, birth_date, status) VALUES ($1, 'x', $2, $3, $4) RETURNING id`,
      [`${key}@matrix.test`, key, birthDate, status],
    );
    return row.id;
  }
  async function consent(id: string, purpose: string, action: string, at: Date) {
    await app.ds.query(
      `INSERT INTO consent_event (influencer_id, purpose, action, terms_version, occurred_at, source) VALUES ($1, $2, $3, 'test', $4, 'seed')`,
      [id, purpose, action, at],
    );
  }
  async function account(id: string, handle: string, isPrivate: boolean, verifiedAt: number | null = null) {
    await app.ds.query(
      `INSERT INTO social_account (influencer_id, platform, handle, followers, is_private, verification_status, verification_method, verified_at)
       VALUES ($1, 'INSTAGRAM', $2, 1000, $3, $4, $5, $6)`,
      [id, handle, isPrivate, verifiedAt ? 'VERIFIED' : 'UNVERIFIED', verifiedAt ? 'PROFILE_CODE' : null, verifiedAt ? new Date(verifiedAt) : null],
    );
  }

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { MIN_AGE: '18', CONSENT_TTL_DAYS: String(TTL_DAYS), VERIFICATION_TTL_DAYS: String(VERIFICATION_TTL_DAYS) } });
    let n = 0;
    for (const c of consents)
      for (const a of ages)
        for (const acc of accountCases)
          for (const s of statuses) {
            const key = `p${n++}`;
            const id = await insertPerson(key, birthDates[a], s);
            ids.set(id, { c, a, acc, s });
            const t = NOW.getTime();
            if (c === 'granted') await consent(id, 'DISCOVERY', 'GRANT', new Date(t - 10 * DAY));
            if (c === 'withdrawn') {
              await consent(id, 'DISCOVERY', 'GRANT', new Date(t - 20 * DAY));
              await consent(id, 'DISCOVERY', 'WITHDRAW', new Date(t - 5 * DAY));
            }
            if (c === 'expired') await consent(id, 'DISCOVERY', 'GRANT', new Date(t - TTL - DAY));
            if (c === 'expiring-this-second') await consent(id, 'DISCOVERY', 'GRANT', new Date(t - TTL + 1000));
            if (acc === 'only-private') await account(id, `${key}_priv`, true);
            if (acc === 'one-public') {
              await account(id, `${key}_pub`, false);
              await account(id, `${key}_priv2`, true);
            }
            if (acc === 'one-public-verified' || acc === 'public-verification-expired') {
              await account(id, `${key}_pub`, false, VERIFIED_AT[acc]);
              await account(id, `${key}_priv2`, true);
            }
            if (acc === 'only-private-verified') await account(id, `${key}_priv`, true, VERIFIED_AT[acc]);
          }
  });
  afterAll(() => app.close());

  it(`gives each of the ${PEOPLE} its DISCOVERY state and the next instant time alone changes its verdict`, async () => {
    const verdicts = await app.rule.evaluate(app.ds, [...ids.keys()]);
    const t = NOW.getTime();
    for (const [id, k] of ids) {
      const v = verdicts.get(id)!;
      const grantedAt = { none: null, granted: t - 10 * DAY, withdrawn: null, expired: t - TTL - DAY, 'expiring-this-second': t - TTL + 1000 }[k.c];
      const discovery = {
        granted: grantedAt !== null,
        grantedAt: grantedAt === null ? null : new Date(grantedAt),
        expiresAt: grantedAt === null ? null : new Date(grantedAt + TTL),
        active: grantedAt !== null && grantedAt + TTL > t,
      };
      // the future instants: the consent's expiry, the day the minimum age is reached, a public account's verification expiring
      const future = [
        discovery.active ? grantedAt! + TTL : null,
        k.a === 'under' ? Date.parse('2026-06-16T00:00:00Z') : null,
        k.acc === 'one-public-verified' ? VERIFIED_AT[k.acc]! + VERIFICATION_TTL_DAYS * DAY : null,
      ].filter((x): x is number => x !== null);
      const next = future.length ? new Date(Math.min(...future)) : null;
      expect({ k, discovery: v.consents.DISCOVERY, next: v.nextChangeAt }).toEqual({ k, discovery: { purpose: 'DISCOVERY', ...discovery }, next });
      expect(v.consents.CONTACT).toEqual({ purpose: 'CONTACT', granted: false, grantedAt: null, expiresAt: null, active: false });
    }
  });

  it(`lists exactly the listable combinations of the ${PEOPLE}, with the right reasons for the rest`, async () => {
    const verdicts = await app.rule.evaluate(app.ds, [...ids.keys()]);
    expect(verdicts.size).toBe(PEOPLE);
    let listable = 0;
    for (const [id, k] of ids) {
      const v = verdicts.get(id)!;
      const reasons = expectedReasons(k.c, k.a, k.acc, k.s);
      expect({ k, reasons: [...v.reasons].sort() }).toEqual({ k, reasons: [...reasons].sort() });
      expect(v.listable).toBe(reasons.length === 0);
      if (v.listable) listable++;
    }
    // consent granted or expiring-this-second (2) x age turning-today or adult (2) x a public account,
    // verified or not (3) x active
    expect(listable).toBe(12);
  });

  it('with LISTING_REQUIRES_VERIFIED_ACCOUNT on, an unverified or expired public account lists nobody', async () => {
    const strict = new EligibilityRule({ ...app.rule.policy, requiresVerifiedAccount: true }, clock);
    const verdicts = await strict.evaluate(app.ds, [...ids.keys()]);
    expect(verdicts.size).toBe(PEOPLE);
    let listable = 0;
    for (const [id, k] of ids) {
      const v = verdicts.get(id)!;
      const reasons = expectedReasons(k.c, k.a, k.acc, k.s, true);
      expect({ k, reasons: [...v.reasons].sort() }).toEqual({ k, reasons: [...reasons].sort() });
      expect(v.listable).toBe(reasons.length === 0);
      if (v.listable) listable++;
    }
    // only the verified public account: 2 x 2 x 1 x 1
    expect(listable).toBe(4);
    // and it ends when the verification runs out
    const id = [...ids].find(([, k]) => k.c === 'granted' && k.a === 'adult' && k.acc === 'one-public-verified' && k.s === 'active')![0];
    const ends = VERIFIED_AT['one-public-verified']! + VERIFICATION_TTL_DAYS * DAY;
    expect((await strict.evaluateOne(app.ds, id, new Date(ends - 1)))!.listable).toBe(true);
    expect((await strict.evaluateOne(app.ds, id, new Date(ends)))!.reasons).toEqual(['NO_VERIFIED_ACCOUNT']);
  });

  it('a consent that is expiring this second expires at exactly granted + TTL, not a millisecond later', async () => {
    const id = [...ids].find(([, k]) => k.c === 'expiring-this-second' && k.a === 'adult' && k.acc === 'one-public' && k.s === 'active')![0];
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect((await app.rule.evaluateOne(app.ds, id, at(999)))!.listable).toBe(true);
    const expired = (await app.rule.evaluateOne(app.ds, id, at(1000)))!;
    expect(expired.listable).toBe(false);
    expect(expired.reasons).toEqual(['DISCOVERY_CONSENT_EXPIRED']);
  });

  it('someone turns the minimum age at midnight UTC of their birthday, not a day earlier', async () => {
    const id = [...ids].find(([, k]) => k.c === 'granted' && k.a === 'under' && k.acc === 'one-public' && k.s === 'active')![0];
    expect((await app.rule.evaluateOne(app.ds, id, new Date('2026-06-15T23:59:59.999Z')))!.reasons).toEqual(['UNDER_MIN_AGE']);
    expect((await app.rule.evaluateOne(app.ds, id, new Date('2026-06-16T00:00:00.000Z')))!.listable).toBe(true);
  });

  it('sign-up asks the same rule: old enough from midnight UTC of the birthday, 1 March for a leap day', async () => {
    expect(await app.rule.oldEnough(app.ds, '2008-06-16', new Date('2026-06-15T23:59:59.999Z'))).toBe(false);
    expect(await app.rule.oldEnough(app.ds, '2008-06-16', new Date('2026-06-16T00:00:00.000Z'))).toBe(true);
    expect(await app.rule.oldEnough(app.ds, '2008-02-29', new Date('2026-02-28T23:59:59Z'))).toBe(false);
    expect(await app.rule.oldEnough(app.ds, '2008-02-29', new Date('2026-03-01T00:00:00Z'))).toBe(true);
  });

  it('a leap-day birthday counts as reached on 1 March in a common year', async () => {
    const id = await insertPerson('leap', '2008-02-29', 'active');
    await consent(id, 'DISCOVERY', 'GRANT', new Date('2026-01-01T00:00:00Z'));
    await account(id, 'leap_pub', false);
    expect((await app.rule.evaluateOne(app.ds, id, new Date('2026-02-28T12:00:00Z')))!.reasons).toEqual(['UNDER_MIN_AGE']);
    expect((await app.rule.evaluateOne(app.ds, id, new Date('2026-03-01T00:00:00Z')))!.listable).toBe(true);
  });

  it('a grant again after a withdrawal lists again; the latest event wins even within the same second', async () => {
    const id = await insertPerson('regrant', '1985-05-05', 'active');
    await account(id, 'regrant_pub', false);
    const t = new Date(NOW.getTime() - DAY);
    await consent(id, 'DISCOVERY', 'GRANT', t);
    await consent(id, 'DISCOVERY', 'WITHDRAW', t);
    expect((await app.rule.evaluateOne(app.ds, id))!.reasons).toEqual(['DISCOVERY_CONSENT_WITHDRAWN']);
    await consent(id, 'DISCOVERY', 'GRANT', t);
    expect((await app.rule.evaluateOne(app.ds, id))!.listable).toBe(true);
  });

  it('CONTACT makes a listable person contactable, and means nothing without DISCOVERY', async () => {
    const id = await insertPerson('contact', '1980-01-01', 'active');
    await account(id, 'contact_pub', false);
    await consent(id, 'CONTACT', 'GRANT', new Date(NOW.getTime() - DAY));
    let v = (await app.rule.evaluateOne(app.ds, id))!;
    expect([v.listable, v.contactable]).toEqual([false, false]);
    await consent(id, 'DISCOVERY', 'GRANT', new Date(NOW.getTime() - DAY));
    v = (await app.rule.evaluateOne(app.ds, id))!;
    expect([v.listable, v.contactable]).toEqual([true, true]);
  });
});
