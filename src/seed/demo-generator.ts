/**
 * Deterministic generator of realistic demo influencers.
 *
 * Everything is derived from one seeded PRNG (mulberry32) and `opts.now`: no Math.random, no
 * Date.now, so the same options always produce deep-equal output. The generator only produces
 * plain data; persisting it (users, accounts, consent events...) is the seeder's job.
 *
 * Every influencer is generated with an intended `state`. Exactly one thing keeps a non-listable
 * influencer out of search; everything else about them is like a listable one:
 * - LISTABLE:     active, adult (age >= minAge, born at least minAge years + 1 day before now),
 *                 DISCOVERY granted within the last (consentTtlDays - 1) days and not withdrawn
 *                 since, at least one public account. ~60% also have a current CONTACT grant.
 * - NO_CONSENT:   no DISCOVERY event at all (and no consent event whatsoever).
 * - WITHDRAWN:    DISCOVERY granted, then withdrawn later (both in the past).
 * - EXPIRED:      last DISCOVERY grant more than consentTtlDays + 1 days before now, never withdrawn.
 * - MINOR:        age < minAge at now; no consent events (a minor cannot grant).
 * - ONLY_PRIVATE: every account is private; DISCOVERY consent current.
 * - SUSPENDED:    status 'suspended'; otherwise listable.
 */

import type { Platform } from '../domain/platform';
import { fold } from '../domain/text';
import { PLATFORMS } from '../domain/platform';
import { NAME_LISTS, type PoolKey } from '../data/demo-names';
import { COUNTRIES, type CountryDef } from '../data/demo-countries';
import { BASE_PLATFORM_WEIGHTS, GROUP_FLAVOUR, PLATFORM_BOOSTS, PRIVATE_CAPABLE, SECOND_SENTENCES } from '../data/demo-flavour';
import { TAXONOMY } from '../data/taxonomy';
import { mulberry32 } from '../domain/prng';

// Module-local aliases of the Math functions used in hot loops: they save a global lookup per
// call, which is very slow inside a vm sandbox such as jest's (about 10x on the PRNG alone).
const { imul, floor, round, min, max, pow, exp, log, sqrt, cos, trunc, PI } = Math;

export type DemoState = 'LISTABLE' | 'NO_CONSENT' | 'WITHDRAWN' | 'EXPIRED' | 'MINOR' | 'ONLY_PRIVATE' | 'SUSPENDED';

export const DEMO_STATES: readonly DemoState[] = [
  'LISTABLE',
  'NO_CONSENT',
  'WITHDRAWN',
  'EXPIRED',
  'MINOR',
  'ONLY_PRIVATE',
  'SUSPENDED',
];

export interface DemoAccount {
  platform: Platform;
  handle: string;
  url: string;
  followers: number;
  /** Fraction, 0.005 - 0.12. */
  engagementRate: number;
  isPrivate: boolean;
  /** Proven ownership (ISO 8601 time and method), or null; PLATFORM figures come with OAUTH. */
  verification: { method: 'PROFILE_CODE' | 'OAUTH'; at: string; followersFromPlatform: boolean } | null;
}

/**
 * A realistic mix of verified accounts, decided by a hash of (platform, handle) so that it takes
 * nothing from the PRNG (the rest of the data stays what it was): private accounts never; public
 * ones more often the bigger they are (about a third overall); sign-in with the platform where it
 * has an API people use (YouTube, Twitch, X), then with its follower count; a few verified longer
 * ago than VERIFICATION_TTL_DAYS' default (180), so expired.
 */
function verificationFor(platform: Platform, handle: string, followers: number, isPrivate: boolean, nowS: number): DemoAccount['verification'] {
  if (isPrivate) return null;
  let h = 2166136261;
  for (const c of `${platform}/${handle}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const chance = followers >= 100_000 ? 0.7 : followers >= 10_000 ? 0.45 : 0.2;
  if ((h % 1000) / 1000 >= chance) return null;
  const oauth = ['YOUTUBE', 'TWITCH', 'X'].includes(platform) && ((h >>> 10) & 1) === 1;
  const daysAgo = ((h >>> 11) % 100) < 6 ? 190 + ((h >>> 17) % 60) : (h >>> 17) % 170;
  return { method: oauth ? 'OAUTH' : 'PROFILE_CODE', at: isoTimestamp(nowS - daysAgo * 86_400 - ((h >>> 3) % 86_400)), followersFromPlatform: oauth };
}

export interface DemoConsentEvent {
  purpose: 'DISCOVERY' | 'CONTACT';
  action: 'GRANT' | 'WITHDRAW';
  /** ISO 8601 timestamp. */
  at: string;
}

export interface DemoInfluencer {
  /** Unique within one generation: `${slugified-name}.${index}@demo.permission.test`. */
  email: string;
  displayName: string;
  /** 1-2 sentences mentioning the influencer's topics. */
  bio: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** A real city of `country`. */
  city: string;
  /** ISO 639-1 codes, primary language first. */
  languages: string[];
  status: 'active' | 'suspended';
  /** 1-4 child topics of TAXONOMY, weight in (0, 1] with 2 decimals, sorted by weight descending. */
  topics: { slug: string; weight: number }[];
  /** 1-4 accounts on distinct platforms, all sharing the influencer's unique handle. */
  accounts: DemoAccount[];
  /** Chronological (non-decreasing `at`). */
  consents: DemoConsentEvent[];
  /** What the generator intended. */
  state: DemoState;
}

export interface DemoOptions {
  count: number;
  seed: number;
  now: Date;
  minAge: number;
  consentTtlDays: number;
}

// ---------------------------------------------------------------------------------------------
// PRNG


class Rng {
  readonly next: () => number;

  constructor(seed: number) {
    // Fold any finite number (negative, fractional, > 2^32) into 32 bits, then scramble it so that
    // neighbouring seeds start far apart.
    const folded = (trunc(seed) ^ trunc(seed / 4294967296)) >>> 0;
    this.next = mulberry32(imul(folded ^ 0x9e3779b9, 0x85ebca6b) >>> 0);
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return sqrt(-2 * log(u)) * cos(2 * PI * v);
  }
}

/** Cumulative weights for fast weighted picks. */
class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) {
      sum += w;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < c[mid]) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Lower-case ASCII words of a (possibly accented) name: "Sørensen" -> ["sorensen"], "O'Brien" -> ["o", "brien"]. */
function asciiWords(s: string): string[] {
  return fold(s).split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

interface NamePart {
  display: string;
  /** ASCII letters only, for handles: "van den Berg" -> "vandenberg". */
  compact: string;
  /** ASCII kebab-case, for emails: "van den Berg" -> "van-den-berg". */
  kebab: string;
}

function nameParts(list: string): NamePart[] {
  return list.split('|').map((display) => {
    const words = asciiWords(display);
    return { display, compact: words.join(''), kebab: words.join('-') };
  });
}

/** Topic name as it reads inside a sentence: "Pâtisserie" -> "pâtisserie", but "K-beauty", "DIY & crafts" stay. */
function inSentence(name: string): string {
  const second = name.charAt(1);
  return second !== '' && second === second.toLowerCase() && second !== second.toUpperCase()
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : name;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Names

const NAME_POOLS: Record<PoolKey, { first: NamePart[]; last: NamePart[] }> = Object.fromEntries(
  Object.entries(NAME_LISTS).map(([k, v]) => [k, { first: nameParts(v.first), last: nameParts(v.last) }]),
) as Record<PoolKey, { first: NamePart[]; last: NamePart[] }>;

const ALL_POOLS = Object.keys(NAME_POOLS) as PoolKey[];

// ---------------------------------------------------------------------------------------------
// Countries, cities, languages

interface CityDef {
  name: string;
  langs: string[];
}

interface CountryRuntime {
  def: CountryDef;
  cities: CityDef[];
  pools: Weighted<PoolKey>;
}

const COUNTRY_RUNTIME: CountryRuntime[] = COUNTRIES.map((def) => ({
  def,
  cities: def.cities.map((c) => (typeof c === 'string' ? { name: c, langs: def.langs } : { name: c[0], langs: c[1] })),
  pools: new Weighted(
    def.pools.map((p) => p[0]),
    def.pools.map((p) => p[1]),
  ),
}));

const COUNTRY_PICKER = new Weighted(
  COUNTRY_RUNTIME,
  COUNTRY_RUNTIME.map((c) => c.def.weight),
);

/** The cities the generator uses, by ISO 3166-1 alpha-2 country code (for tests and tooling). */
export const DEMO_CITIES: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(COUNTRY_RUNTIME.map((c) => [c.def.code, Object.freeze(c.cities.map((city) => city.name))])),
);

// ---------------------------------------------------------------------------------------------
// Topics

interface GroupRuntime {
  slug: string;
  children: { slug: string; phrase: string }[];
  roles: string[];
  handleWords: string[];
  /** Weights by PLATFORM_LIST index. */
  platformWeights: number[];
  /** The same, restricted to platforms where a profile can be private. */
  privatePlatformWeights: number[];
}

const PLATFORM_LIST: readonly Platform[] = PLATFORMS;
const TOPIC_GROUPS: GroupRuntime[] = TAXONOMY.filter((t) => t.parent === null).map((g) => {
  const flavour = GROUP_FLAVOUR[g.slug] ?? { weight: 3, roles: ['creator'], handleWords: ['daily'] };
  const boosts = PLATFORM_BOOSTS[g.slug] ?? {};
  return {
    slug: g.slug,
    children: TAXONOMY.filter((t) => t.parent === g.slug).map((t) => ({ slug: t.slug, phrase: inSentence(t.name) })),
    roles: flavour.roles,
    handleWords: flavour.handleWords,
    platformWeights: PLATFORM_LIST.map((p) => BASE_PLATFORM_WEIGHTS[p] + (boosts[p] ?? 0)),
    privatePlatformWeights: PLATFORM_LIST.map((p) => (PRIVATE_CAPABLE.includes(p) ? BASE_PLATFORM_WEIGHTS[p] + (boosts[p] ?? 0) : 0)),
  };
}).filter((g) => g.children.length > 0);

const GROUP_PICKER = new Weighted(
  TOPIC_GROUPS,
  TOPIC_GROUPS.map((g) => GROUP_FLAVOUR[g.slug]?.weight ?? 3),
);

const TOPIC_COUNT = new Weighted([1, 2, 3, 4], [20, 35, 30, 15]);
const ACCOUNT_COUNT = new Weighted([1, 2, 3, 4], [35, 35, 20, 10]);

// ---------------------------------------------------------------------------------------------
// Bios

function buildBio(rng: Rng, city: string, group: GroupRuntime, phrases: string[]): string {
  const role = rng.pick(group.roles);
  const topics = listPhrase(phrases);
  let first: string;
  switch (rng.int(0, 5)) {
    case 0:
      first = `${capitalise(role)} based in ${city}, sharing ${topics}.`;
      break;
    case 1:
      first = `${city}-based ${role} talking about ${topics}.`;
      break;
    case 2:
      first = `I post about ${topics} from ${city}.`;
      break;
    case 3:
      first = `${capitalise(topics)}: honest takes from a ${role} in ${city}.`;
      break;
    case 4:
      first = `Your friendly ${role} for all things ${topics}.`;
      break;
    default:
      first = `Sharing my love of ${topics}, one post at a time.`;
      break;
  }
  return rng.chance(0.55) ? `${first} ${rng.pick(SECOND_SENTENCES)}` : first;
}

// ---------------------------------------------------------------------------------------------
// Accounts

const MIN_FOLLOWERS = 1_000;
const MAX_FOLLOWERS = 20_000_000;
const PARETO_ALPHA = 1.0;
const PARETO_TAIL = 1 - pow(MIN_FOLLOWERS / MAX_FOLLOWERS, PARETO_ALPHA);

/** Bounded Pareto between MIN_FOLLOWERS and MAX_FOLLOWERS: median ~2k, ~2% above 50k, ~0.1% above 1M. */
function paretoFollowers(rng: Rng): number {
  const u = rng.next();
  return MIN_FOLLOWERS * pow(1 - u * PARETO_TAIL, -1 / PARETO_ALPHA);
}

/** Engagement falls with audience size: ~6% at 1k, ~2% at 100k, ~0.6% at 10M, with log-normal noise. */
function engagementFor(rng: Rng, followers: number): number {
  const baseline = 0.06 * pow(max(followers, 100) / 1000, -0.25);
  const er = baseline * exp(rng.normal() * 0.35);
  return round(min(0.12, max(0.005, er)) * 10_000) / 10_000;
}

function urlFor(platform: Platform, handle: string): string {
  switch (platform) {
    case 'INSTAGRAM':
      return `https://www.instagram.com/${handle}`;
    case 'TIKTOK':
      return `https://www.tiktok.com/@${handle}`;
    case 'YOUTUBE':
      return `https://www.youtube.com/@${handle}`;
    case 'X':
      return `https://x.com/${handle}`;
    case 'TWITCH':
      return `https://www.twitch.tv/${handle}`;
    case 'LINKEDIN':
      return `https://www.linkedin.com/in/${handle.replace(/_/g, '-')}`;
    case 'PINTEREST':
      return `https://www.pinterest.com/${handle}/`;
    case 'BLOG':
      return `https://${handle.replace(/_/g, '')}.wordpress.com`;
  }
}

/** Up to `count` distinct platforms, drawn by weight without replacement (zero weight = never). */
function pickPlatforms(rng: Rng, weights: readonly number[], count: number): Platform[] {
  const w = weights.slice();
  let available = 0;
  for (const x of w) if (x > 0) available++;
  const n = min(count, available);
  const chosen: Platform[] = [];
  while (chosen.length < n) {
    let total = 0;
    for (const x of w) total += x;
    let r = rng.next() * total;
    let idx = 0;
    while (idx < w.length - 1 && (r >= w[idx] || w[idx] === 0)) {
      r -= w[idx];
      idx++;
    }
    if (w[idx] === 0) idx = w.reduce((last, x, j) => (x > 0 ? j : last), 0); // float rounding at the end
    chosen.push(PLATFORM_LIST[idx]);
    w[idx] = 0;
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Handles

const HANDLE_MAX = 15; // X's limit, the strictest of the platforms
const HANDLE_MIN = 4;

const HANDLE_STYLES = 8;

function handleStyle(style: number, f: string, l: string, word: string): string {
  switch (style) {
    case 0:
      return f + l;
    case 1:
      return `${f}_${l}`;
    case 2:
      return f + word;
    case 3:
      return f + l.charAt(0);
    case 4:
      return `the${f}${l}`;
    case 5:
      return `${l}_${f}`;
    case 6:
      return l + f;
    default:
      return `${f}_${word}`;
  }
}

function handleFor(rng: Rng, used: Set<string>, first: NamePart, last: NamePart, group: GroupRuntime): string {
  const f = first.compact;
  const l = last.compact;
  const word = rng.pick(group.handleWords);
  // Start at a random style so that the generation does not look uniform.
  const start = rng.int(0, HANDLE_STYLES - 1);
  const wantDigits = rng.chance(0.1);
  let base = '';
  for (let k = 0; k < HANDLE_STYLES; k++) {
    const c = handleStyle((start + k) % HANDLE_STYLES, f, l, word);
    if (c.length > HANDLE_MAX) continue; // never cut a name in the middle
    if (base === '') base = c;
    if (wantDigits) break;
    if (c.length >= HANDLE_MIN && !used.has(c)) {
      used.add(c);
      return c;
    }
  }
  // Fallback: append digits (as real people do) until the handle is free.
  if (base === '') base = `${f}${l.charAt(0)}`;
  let digits = 2;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && attempt % 20 === 0 && digits < 6) digits++;
    const suffix = String(rng.int(pow(10, digits - 1), pow(10, digits) - 1));
    const c = base.slice(0, HANDLE_MAX - suffix.length) + suffix;
    if (c.length >= HANDLE_MIN && !used.has(c)) {
      used.add(c);
      return c;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_S = 86_400;

// Calendar arithmetic without Date objects (Howard Hinnant's days_from_civil / civil_from_days,
// proleptic Gregorian, UTC): a Date allocation + toISOString per timestamp was a noticeable part
// of the cost of 100k influencers.

/** Days since 1970-01-01 of a calendar date (month 1-12); out-of-range days roll over (Feb 29 -> Mar 1). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = floor((153 * mp + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy - 719468;
}

/** Calendar date [year, month 1-12, day] of a day number since 1970-01-01. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const d = doy - floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** YYYY-MM-DD (years 1000-9999). */
function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Same format as Date#toISOString for a whole number of seconds since the epoch. */
function isoTimestamp(epochS: number): string {
  const days = floor(epochS / DAY_S);
  const [y, m, d] = civilFromDays(days);
  let rest = epochS - days * DAY_S;
  const hh = floor(rest / 3600);
  rest -= hh * 3600;
  const mm = floor(rest / 60);
  return `${isoDate(y, m, d)}T${pad2(hh)}:${pad2(mm)}:${pad2(rest - mm * 60)}.000Z`;
}

// ---------------------------------------------------------------------------------------------
// The generator

function validate(opts: DemoOptions): void {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new RangeError(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a finite number, got ${opts.seed}`);
  if (typeof (opts.now as Date | undefined)?.getTime !== 'function' || Number.isNaN(opts.now.getTime())) throw new RangeError('now must be a valid Date');
  if (!Number.isInteger(opts.minAge) || opts.minAge < 13 || opts.minAge > 60) throw new RangeError(`minAge must be an integer in [13, 60], got ${opts.minAge}`);
  if (!Number.isInteger(opts.consentTtlDays) || opts.consentTtlDays < 2) {
    throw new RangeError(`consentTtlDays must be an integer >= 2, got ${opts.consentTtlDays}`);
  }
}

export function generateDemoInfluencers(opts: DemoOptions): DemoInfluencer[] {
  validate(opts);
  const rng = new Rng(opts.seed);
  const { minAge, consentTtlDays: ttl } = opts;

  // Consent timestamps are whole seconds; offsets below are in seconds before `nowS`.
  const nowS = floor(opts.now.getTime() / 1000);
  const nowY = opts.now.getUTCFullYear();
  const nowM = opts.now.getUTCMonth() + 1;
  const nowD = opts.now.getUTCDate();

  const adultMin = max(minAge, 18);
  const adultMax = max(65, adultMin + 5);
  const minorMin = max(minAge - 4, 10);
  const minorMax = minAge - 1;

  /** A birth date at which the age (in whole years, UTC) at `now` is exactly `age`, and never Feb 29. */
  const birthDateFor = (age: number): string => {
    // `age` years before today (Feb 29 rolls to Mar 1), then 1-360 days earlier: the age-th
    // birthday has passed (at least a day ago), the next one has not.
    let days = daysFromCivil(nowY - age, nowM, nowD) - rng.int(1, 360);
    let [y, m, d] = civilFromDays(days);
    if (m === 2 && d === 29) [y, m, d] = civilFromDays(--days); // one day older keeps the same age
    return isoDate(y, m, d);
  };
  const at = (offsetS: number): string => isoTimestamp(nowS - offsetS);
  /** Seconds before now of a DISCOVERY grant that is still current: within the last (ttl - 1) days. */
  const currentGrantOffset = (): number => rng.int(60, (ttl - 1) * DAY_S - 60);

  const used = new Set<string>();
  const out: DemoInfluencer[] = new Array(opts.count);

  for (let i = 0; i < opts.count; i++) {
    // --- state: ~85% listable, ~2.5% each of the six non-listable states
    const r = rng.next();
    const state: DemoState = r < 0.85 ? 'LISTABLE' : DEMO_STATES[1 + min(5, floor((r - 0.85) / 0.025))];

    // --- place and name
    const country = COUNTRY_PICKER.pick(rng);
    const city = rng.pick(country.cities);
    const poolKey = rng.chance(0.05) ? rng.pick(ALL_POOLS) : country.pools.pick(rng);
    const pool = NAME_POOLS[poolKey];
    const first = rng.pick(pool.first);
    const last = rng.pick(pool.last);
    const displayName = rng.chance(0.08) ? `${first.display} ${last.display.charAt(0).toUpperCase()}.` : `${first.display} ${last.display}`;

    const languages = [...city.langs];
    if (!languages.includes('en') && rng.chance(country.def.enRate)) languages.push('en');
    const extra = country.def.extra;
    if (extra && !languages.includes(extra[0]) && rng.chance(extra[1])) languages.push(extra[0]);

    // --- age
    const age =
      state === 'MINOR'
        ? rng.int(minorMin, minorMax)
        : adultMin + floor((adultMax - adultMin + 1) * pow(rng.next(), 1.8)); // skewed young
    const birthDate = birthDateFor(age);

    // --- topics
    const group = GROUP_PICKER.pick(rng);
    const topicCount = TOPIC_COUNT.pick(rng);
    const chosen: { slug: string; phrase: string }[] = [];
    for (let guard = 0; chosen.length < topicCount && guard < 20; guard++) {
      const g = chosen.length === 0 || rng.chance(0.65) ? group : GROUP_PICKER.pick(rng);
      const t = rng.pick(g.children);
      if (!chosen.some((c) => c.slug === t.slug)) chosen.push(t);
    }
    let w = 0.6 + rng.next() * 0.4;
    const topics = chosen.map((t, k) => {
      if (k > 0) w = w * (0.45 + rng.next() * 0.5);
      return { slug: t.slug, weight: min(1, max(0.01, round(w * 100) / 100)) };
    });
    topics.sort((a, b) => b.weight - a.weight);

    // --- accounts
    const handle = handleFor(rng, used, first, last, group);
    const onlyPrivate = state === 'ONLY_PRIVATE';
    const platforms = onlyPrivate
      ? pickPlatforms(rng, group.privatePlatformWeights, rng.int(1, 2))
      : pickPlatforms(rng, group.platformWeights, ACCOUNT_COUNT.pick(rng));
    const scale = paretoFollowers(rng);
    const accounts: DemoAccount[] = platforms.map((platform, k) => {
      const canBePrivate = PRIVATE_CAPABLE.includes(platform);
      const isPrivate = onlyPrivate || (k > 0 && canBePrivate && rng.chance(state === 'MINOR' ? 0.4 : 0.08));
      let followers = k === 0 ? scale : scale * exp(rng.normal() * 0.9 - 0.9);
      if (isPrivate) followers = min(followers, 1_500 + rng.next() * 20_000);
      followers = round(min(MAX_FOLLOWERS, max(30, followers)));
      return {
        platform, handle, url: urlFor(platform, handle), followers, engagementRate: engagementFor(rng, followers), isPrivate,
        verification: verificationFor(platform, handle, followers, isPrivate, nowS),
      };
    });

    // --- consents, built as (offset seconds before now) then sorted chronologically
    const events: { purpose: 'DISCOVERY' | 'CONTACT'; action: 'GRANT' | 'WITHDRAW'; offset: number }[] = [];
    switch (state) {
      case 'LISTABLE':
      case 'ONLY_PRIVATE':
      case 'SUSPENDED': {
        const grant = currentGrantOffset();
        if (rng.chance(0.08)) {
          // An earlier grant that was withdrawn, before the current re-grant.
          const oldGrant = grant + rng.int(2 * DAY_S, 400 * DAY_S);
          const oldWithdraw = rng.int(grant + 60, oldGrant - 60);
          events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: oldGrant });
          events.push({ purpose: 'DISCOVERY', action: 'WITHDRAW', offset: oldWithdraw });
        }
        events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: grant });
        const c = rng.next();
        if (c < 0.6) {
          const contact = rng.chance(0.5) ? grant : rng.int(60, grant);
          events.push({ purpose: 'CONTACT', action: 'GRANT', offset: contact });
        } else if (c < 0.65 && grant >= 180) {
          // Granted CONTACT, then changed their mind (still discoverable).
          const contact = rng.int(120, grant);
          events.push({ purpose: 'CONTACT', action: 'GRANT', offset: contact });
          events.push({ purpose: 'CONTACT', action: 'WITHDRAW', offset: rng.int(60, contact - 60) });
        }
        break;
      }
      case 'WITHDRAWN': {
        const grant = rng.int(2 * 3600, (ttl - 1) * DAY_S - 60);
        const withdraw = rng.int(60, grant - 60);
        const withContact = rng.chance(0.4);
        events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: grant });
        if (withContact) events.push({ purpose: 'CONTACT', action: 'GRANT', offset: grant });
        events.push({ purpose: 'DISCOVERY', action: 'WITHDRAW', offset: withdraw });
        if (withContact) events.push({ purpose: 'CONTACT', action: 'WITHDRAW', offset: withdraw });
        break;
      }
      case 'EXPIRED': {
        const grant = (ttl + 1) * DAY_S + rng.int(60, 540 * DAY_S);
        events.push({ purpose: 'DISCOVERY', action: 'GRANT', offset: grant });
        if (rng.chance(0.5)) events.push({ purpose: 'CONTACT', action: 'GRANT', offset: grant - rng.int(0, 3600) });
        break;
      }
      case 'NO_CONSENT':
      case 'MINOR':
        break;
    }
    // Larger offset = earlier; stable sort keeps the construction order for equal instants.
    events.sort((a, b) => b.offset - a.offset);
    const consents: DemoConsentEvent[] = events.map((e) => ({ purpose: e.purpose, action: e.action, at: at(e.offset) }));

    out[i] = {
      email: `${first.kebab}-${last.kebab}.${i}@demo.permission.test`,
      displayName,
      bio: buildBio(
        rng,
        city.name,
        group,
        chosen.map((t) => t.phrase),
      ),
      birthDate,
      country: country.def.code,
      city: city.name,
      languages,
      status: state === 'SUSPENDED' ? 'suspended' : 'active',
      topics,
      accounts,
      consents,
      state,
    };
  }
  return out;
}
