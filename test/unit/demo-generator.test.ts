import { TAXONOMY } from '../../src/data/taxonomy';
import { PLATFORMS } from '../../src/domain/platform';
import { DEMO_CITIES, DemoInfluencer, DemoOptions, DemoState, generateDemoInfluencers } from '../../src/seed/demo-generator';

const DAY_MS = 86_400_000;

const OPTS: DemoOptions = {
  count: 10_000,
  seed: 20_240_607,
  now: new Date('2025-03-01T10:20:30.456Z'),
  minAge: 18,
  consentTtlDays: 365,
};

// ---- independent re-implementations of the rules (deliberately not shared with the generator)

function parseDate(s: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`bad date ${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Whole years between the birth date and now's UTC date. */
function ageAt(birthDate: string, now: Date): number {
  const [y, m, d] = parseDate(birthDate);
  const nm = now.getUTCMonth() + 1;
  const nd = now.getUTCDate();
  let age = now.getUTCFullYear() - y;
  if (nm < m || (nm === m && nd < d)) age--;
  return age;
}

/** Born at least `years` years + 1 day before now (date-wise, UTC). */
function bornAtLeast(birthDate: string, years: number, now: Date): boolean {
  const [y, m, d] = parseDate(birthDate);
  const anniversary = Date.UTC(y + years, m - 1, d); // Feb 29 rolls to Mar 1: conservative
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return anniversary <= today - DAY_MS;
}

function discoveryEvents(inf: DemoInfluencer) {
  return inf.consents.filter((c) => c.purpose === 'DISCOVERY');
}

function lastOf<T>(xs: T[]): T | undefined {
  return xs[xs.length - 1];
}

/** DISCOVERY granted within the last (ttl - 1) days and not withdrawn afterwards. */
function hasCurrentDiscovery(inf: DemoInfluencer, opts: DemoOptions): boolean {
  const last = lastOf(discoveryEvents(inf));
  if (!last || last.action !== 'GRANT') return false;
  const at = Date.parse(last.at);
  return at <= opts.now.getTime() && opts.now.getTime() - at <= (opts.consentTtlDays - 1) * DAY_MS;
}

function isAdult(inf: DemoInfluencer, opts: DemoOptions): boolean {
  return ageAt(inf.birthDate, opts.now) >= opts.minAge && bornAtLeast(inf.birthDate, opts.minAge, opts.now);
}

function hasPublicAccount(inf: DemoInfluencer): boolean {
  return inf.accounts.some((a) => !a.isPrivate);
}

function isListable(inf: DemoInfluencer, opts: DemoOptions): boolean {
  return inf.status === 'active' && isAdult(inf, opts) && hasCurrentDiscovery(inf, opts) && hasPublicAccount(inf);
}

function hasCurrentContact(inf: DemoInfluencer): boolean {
  return lastOf(inf.consents.filter((c) => c.purpose === 'CONTACT'))?.action === 'GRANT';
}

function checkStateRules(list: DemoInfluencer[], opts: DemoOptions): void {
  const now = opts.now.getTime();
  const problems: string[] = [];
  const fail = (inf: DemoInfluencer, why: string) => {
    if (problems.length < 20) problems.push(`${inf.email} (${inf.state}): ${why}`);
  };
  for (const inf of list) {
    // Consent events are chronological and in the past.
    const times = inf.consents.map((c) => Date.parse(c.at));
    times.forEach((t, k) => {
      if (Number.isNaN(t) || t > now || (k > 0 && t < times[k - 1])) fail(inf, 'consents not chronological / not in the past');
    });
    if (isListable(inf, opts) !== (inf.state === 'LISTABLE')) fail(inf, 'listability does not match state');
    if ((inf.status === 'suspended') !== (inf.state === 'SUSPENDED')) fail(inf, 'status does not match state');

    const disc = discoveryEvents(inf);
    const last = lastOf(disc);
    switch (inf.state) {
      case 'LISTABLE':
        if (inf.status !== 'active' || !isAdult(inf, opts) || !hasCurrentDiscovery(inf, opts) || !hasPublicAccount(inf)) fail(inf, 'not listable');
        break;
      case 'NO_CONSENT':
        if (disc.length !== 0) fail(inf, 'has a DISCOVERY event');
        if (!isAdult(inf, opts) || !hasPublicAccount(inf)) fail(inf, 'should otherwise be listable');
        break;
      case 'WITHDRAWN': {
        const grants = disc.filter((c) => c.action === 'GRANT');
        if (grants.length === 0 || !last || last.action !== 'WITHDRAW') fail(inf, 'not granted-then-withdrawn');
        else if (Date.parse(last.at) <= Date.parse(lastOf(grants)!.at) || Date.parse(last.at) > now) fail(inf, 'withdrawal not after grant / in the future');
        if (!isAdult(inf, opts) || !hasPublicAccount(inf)) fail(inf, 'should otherwise be listable');
        break;
      }
      case 'EXPIRED':
        if (!last || last.action !== 'GRANT') fail(inf, 'last DISCOVERY event is not a grant');
        else if (now - Date.parse(last.at) <= (opts.consentTtlDays + 1) * DAY_MS) fail(inf, 'grant is not older than ttl + 1 days');
        if (!isAdult(inf, opts) || !hasPublicAccount(inf)) fail(inf, 'should otherwise be listable');
        break;
      case 'MINOR':
        if (ageAt(inf.birthDate, opts.now) >= opts.minAge) fail(inf, 'not a minor');
        if (Date.parse(`${inf.birthDate}T00:00:00Z`) > now) fail(inf, 'born in the future');
        if (inf.consents.length !== 0) fail(inf, 'a minor has consent events');
        break;
      case 'ONLY_PRIVATE':
        if (inf.accounts.length === 0 || hasPublicAccount(inf)) fail(inf, 'has a public account');
        if (!isAdult(inf, opts) || !hasCurrentDiscovery(inf, opts)) fail(inf, 'should otherwise be listable');
        break;
      case 'SUSPENDED':
        if (!isAdult(inf, opts) || !hasCurrentDiscovery(inf, opts) || !hasPublicAccount(inf)) fail(inf, 'should otherwise be listable');
        break;
    }
  }
  expect(problems).toEqual([]);
}

/** Runs `check` on every item and returns the first few failures (one expect per test keeps jest fast). */
function violations<T>(items: T[], check: (item: T, index: number) => string | null): string[] {
  const out: string[] = [];
  items.forEach((item, i) => {
    const problem = check(item, i);
    if (problem !== null && out.length < 20) out.push(`#${i}: ${problem}`);
  });
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// ---- tests

describe('generateDemoInfluencers', () => {
  let list: DemoInfluencer[];

  beforeAll(() => {
    list = generateDemoInfluencers(OPTS);
  });

  it('generates the requested count', () => {
    expect(list).toHaveLength(OPTS.count);
    expect(generateDemoInfluencers({ ...OPTS, count: 0 })).toEqual([]);
  });

  it('is deterministic: same options give deep-equal output, another seed differs', () => {
    const a = generateDemoInfluencers({ ...OPTS, count: 2_000 });
    const b = generateDemoInfluencers({ ...OPTS, count: 2_000, now: new Date(OPTS.now.getTime()) });
    expect(a).toEqual(b);
    expect(a).toEqual(list.slice(0, 2_000)); // a prefix does not depend on count
    const c = generateDemoInfluencers({ ...OPTS, count: 2_000, seed: OPTS.seed + 1 });
    expect(c).not.toEqual(a);
    expect(c.filter((x, i) => x.email === a[i].email).length).toBeLessThan(100);
  });

  it('never uses Math.random or Date.now', () => {
    const random = jest.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const dateNow = jest.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    try {
      expect(generateDemoInfluencers({ ...OPTS, count: 500 })).toHaveLength(500);
    } finally {
      random.mockRestore();
      dateNow.mockRestore();
    }
  });

  it('rejects invalid options', () => {
    expect(() => generateDemoInfluencers({ ...OPTS, count: -1 })).toThrow(RangeError);
    expect(() => generateDemoInfluencers({ ...OPTS, count: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoInfluencers({ ...OPTS, now: new Date('nope') })).toThrow(RangeError);
    expect(() => generateDemoInfluencers({ ...OPTS, consentTtlDays: 1 })).toThrow(RangeError);
    expect(() => generateDemoInfluencers({ ...OPTS, minAge: 5 })).toThrow(RangeError);
  });

  it('gives unique, well-formed emails', () => {
    expect(new Set(list.map((x) => x.email)).size).toBe(list.length);
    expect(
      violations(list, (x, i) =>
        new RegExp(`^[a-z0-9]+(-[a-z0-9]+)*\\.${i}@demo\\.permission\\.test$`).test(x.email) ? null : `bad email ${x.email}`,
      ),
    ).toEqual([]);
  });

  it('gives handles unique across the generation, valid on every platform, with matching URLs', () => {
    const owner = new Map<string, string>();
    const problems = violations(list, (x) => {
      if (x.accounts.length < 1 || x.accounts.length > 4) return `${x.accounts.length} accounts`;
      if (new Set(x.accounts.map((a) => a.platform)).size !== x.accounts.length) return 'duplicate platform';
      for (const a of x.accounts) {
        if (!PLATFORMS.includes(a.platform)) return `unknown platform ${a.platform}`;
        if (!/^[a-z][a-z0-9_]{3,14}$/.test(a.handle)) return `bad handle ${a.handle}`;
        const prev = owner.get(a.handle);
        if (prev !== undefined && prev !== x.email) return `handle ${a.handle} also used by ${prev}`;
        owner.set(a.handle, x.email);
        const url = new URL(a.url);
        if (url.protocol !== 'https:' || !a.url.replace(/[_-]/g, '').includes(a.handle.replace(/_/g, ''))) return `bad url ${a.url}`;
      }
      return null;
    });
    expect(problems).toEqual([]);
    const ig = list.flatMap((x) => x.accounts).find((a) => a.platform === 'INSTAGRAM');
    expect(ig?.url).toBe(`https://www.instagram.com/${ig?.handle}`);
    const tiktok = list.flatMap((x) => x.accounts).find((a) => a.platform === 'TIKTOK');
    expect(tiktok?.url).toBe(`https://www.tiktok.com/@${tiktok?.handle}`);
  });

  it('uses 1-4 distinct child topics of TAXONOMY with 2-decimal weights in (0, 1], sorted by weight', () => {
    const children = new Set(TAXONOMY.filter((t) => t.parent !== null).map((t) => t.slug));
    const problems = violations(list, (x) => {
      if (x.topics.length < 1 || x.topics.length > 4) return `${x.topics.length} topics`;
      if (new Set(x.topics.map((t) => t.slug)).size !== x.topics.length) return 'duplicate topic';
      for (let k = 0; k < x.topics.length; k++) {
        const t = x.topics[k];
        if (!children.has(t.slug)) return `${t.slug} is not a child topic`;
        if (!(t.weight > 0 && t.weight <= 1) || Math.round(t.weight * 100) / 100 !== t.weight) return `bad weight ${t.weight}`;
        if (k > 0 && t.weight > x.topics[k - 1].weight) return 'topics not sorted by weight';
      }
      return null;
    });
    expect(problems).toEqual([]);
    // The taxonomy is actually used broadly.
    expect(new Set(list.flatMap((x) => x.topics.map((t) => t.slug))).size).toBe(children.size);
  });

  it('writes bios that mention the topics, some with accents', () => {
    const names = new Map(TAXONOMY.map((t) => [t.slug, t.name.toLowerCase()]));
    const problems = violations(list, (x) => {
      const bio = x.bio.toLowerCase();
      const missing = x.topics.filter((t) => !bio.includes(names.get(t.slug)!));
      if (missing.length > 0) return `bio does not mention ${missing.map((t) => t.slug).join(', ')}: ${x.bio}`;
      return /[.!?]$/.test(x.bio) ? null : `bio without final punctuation: ${x.bio}`;
    });
    expect(problems).toEqual([]);
    const accented = list.filter((x) => /[À-ÿ]/.test(x.bio)).length;
    expect(accented).toBeGreaterThan(list.length * 0.05);
    expect(list.some((x) => /[À-ÿ]/.test(x.displayName))).toBe(true);
    for (const name of ['Zoë', 'José', 'Björn', 'Søren']) expect(list.some((x) => x.displayName.startsWith(`${name} `))).toBe(true);
  });

  it('uses valid-looking country and language codes, real cities of the country', () => {
    const problems = violations(list, (x) => {
      if (!/^[A-Z]{2}$/.test(x.country)) return `bad country ${x.country}`;
      if (!DEMO_CITIES[x.country]?.includes(x.city)) return `${x.city} is not a city of ${x.country}`;
      if (x.languages.length < 1 || new Set(x.languages).size !== x.languages.length) return `bad languages ${x.languages}`;
      return x.languages.every((l) => /^[a-z]{2}$/.test(l)) ? null : `bad language code in ${x.languages}`;
    });
    expect(problems).toEqual([]);
    expect(new Set(list.map((x) => x.country)).size).toBeGreaterThanOrEqual(15);
    const share = (c: string) => list.filter((x) => x.country === c).length / list.length;
    expect(share('US')).toBeGreaterThan(0.1);
    expect(share('US')).toBeLessThan(0.35);
    // Languages are consistent with the country.
    expect(list.filter((x) => x.country === 'FR').every((x) => x.languages[0] === 'fr')).toBe(true);
    expect(list.filter((x) => x.country === 'JP').every((x) => x.languages.includes('ja'))).toBe(true);
    expect(list.filter((x) => x.country === 'US').every((x) => x.languages.includes('en'))).toBe(true);
  });

  it('has real birth dates: adults 18-65, minors below minAge', () => {
    const problems = violations(list, (x) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(x.birthDate)) return `bad birth date ${x.birthDate}`;
      if (new Date(`${x.birthDate}T00:00:00Z`).toISOString().slice(0, 10) !== x.birthDate) return `not a real date ${x.birthDate}`;
      const age = ageAt(x.birthDate, OPTS.now);
      if (x.state === 'MINOR') return age >= 10 && age < OPTS.minAge ? null : `minor aged ${age}`;
      return age >= 18 && age <= 65 ? null : `adult aged ${age}`;
    });
    expect(problems).toEqual([]);
  });

  it('follows the exact rules of each state', () => {
    checkStateRules(list, OPTS);
  });

  it('follows the state rules for other minAge / TTL / now values too (including a leap day)', () => {
    const configs: DemoOptions[] = [
      { count: 3_000, seed: 1, now: new Date('2024-02-29T23:59:59.999Z'), minAge: 16, consentTtlDays: 30 },
      { count: 3_000, seed: 2, now: new Date('2024-03-01T00:00:00.000Z'), minAge: 21, consentTtlDays: 2 },
      { count: 3_000, seed: 3, now: new Date('2023-12-31T12:00:00.000Z'), minAge: 13, consentTtlDays: 730 },
    ];
    for (const opts of configs) checkStateRules(generateDemoInfluencers(opts), opts);
  });

  it('has sensible state proportions (~85% listable, ~2.5% for each other state)', () => {
    const counts = new Map<DemoState, number>();
    for (const x of list) counts.set(x.state, (counts.get(x.state) ?? 0) + 1);
    const share = (s: DemoState) => (counts.get(s) ?? 0) / list.length;
    expect(share('LISTABLE')).toBeGreaterThan(0.82);
    expect(share('LISTABLE')).toBeLessThan(0.88);
    for (const s of ['NO_CONSENT', 'WITHDRAWN', 'EXPIRED', 'MINOR', 'ONLY_PRIVATE', 'SUSPENDED'] as const) {
      expect(share(s)).toBeGreaterThan(0.015);
      expect(share(s)).toBeLessThan(0.035);
    }
    const listable = list.filter((x) => x.state === 'LISTABLE');
    const contactable = listable.filter(hasCurrentContact).length / listable.length;
    expect(contactable).toBeGreaterThan(0.55);
    expect(contactable).toBeLessThan(0.65);
  });

  it('has a heavy-tailed follower distribution and engagement falling with reach', () => {
    const accounts = list.flatMap((x) => x.accounts);
    const followers = accounts.map((a) => a.followers);
    const med = median(followers);
    const mean = followers.reduce((s, f) => s + f, 0) / followers.length;
    const max = followers.reduce((m, f) => (f > m ? f : m), 0);
    expect(med).toBeLessThan(mean);
    expect(max).toBeGreaterThan(100 * med);
    expect(max).toBeLessThanOrEqual(20_000_000);
    expect(followers.every((f) => Number.isInteger(f) && f >= 0)).toBe(true);
    // Most people's main account is between 1k and 50k.
    const main = list.map((x) => Math.max(...x.accounts.map((a) => a.followers)));
    expect(main.filter((f) => f >= 1_000 && f <= 50_000).length / main.length).toBeGreaterThan(0.8);

    expect(accounts.filter((a) => !(a.engagementRate >= 0.005 && a.engagementRate <= 0.12))).toEqual([]);
    const avgEr = (xs: typeof accounts) => xs.reduce((s, a) => s + a.engagementRate, 0) / xs.length;
    const small = accounts.filter((a) => a.followers < 10_000);
    const big = accounts.filter((a) => a.followers >= 500_000);
    expect(big.length).toBeGreaterThan(0);
    expect(avgEr(small)).toBeGreaterThan(avgEr(big));
  });
});
