/**
 * Configuration, read and validated once. Every variable is optional; an invalid value stops the
 * start with one line that names the variable and says what is expected.
 */
import path from 'node:path';
import { PLATFORMS, type Platform } from './domain/platform';

export type SearchEngineName = 'postgres' | 'meilisearch';

export interface Config {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  searchEngine: SearchEngineName;
  meiliUrl: string | null;
  meiliMasterKey: string | null;
  minAge: number;
  consentTtlDays: number;
  /** null: decide at start (seed when the database is empty and not in production). */
  seedDemo: boolean | null;
  /** How long the engine's answer to a search is reused (ms, 0: never) while index writes elsewhere are not heard; see src/search/search-cache.ts. */
  searchCacheTtlMs: number;
  /** The same while this process hears every index write (LISTEN search_index). */
  searchCacheListeningTtlMs: number;
  /** How long the facet counts of a broad search (no text, at most one filter condition) are reused (ms). */
  searchFacetsTtlMs: number;
  production: boolean;
  /** pino's level for the JSON logs (LOG_LEVEL). */
  logLevel: LogLevel;
  /**
   * On SIGTERM, how long /readyz answers 503 while requests are still served, before the server
   * stops accepting: the time a load balancer needs to see it and send traffic elsewhere.
   */
  shutdownDelayMs: number;
  /** Outgoing mail (the sign-up code): an SMTP URL, or null to keep mail in the dev mailbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Where people reach this server (links in mail); default http://localhost:PORT. */
  publicUrl: string;
  limits: LimitsConfig;
  /** LISTING_REQUIRES_VERIFIED_ACCOUNT: nobody is listed without a verified public account. */
  listingRequiresVerifiedAccount: boolean;
  /** VERIFICATION_TTL_DAYS: how long a verification holds before it must be made again. */
  verificationTtlDays: number;
  verification: VerificationConfig;
}

/** How social accounts are verified (src/verification). */
export interface VerificationConfig {
  /** The whole fetch of a profile page, redirects included, must end within this. */
  timeoutMs: number;
  /** At most this many bytes of a profile page are read; the code must be in them. */
  maxBytes: number;
  /**
   * `host:port` pairs that may be fetched although they resolve to a private or loopback address
   * (tests and development: a local server standing in for a platform). Only the exact pair.
   */
  allowPrivateHosts: string[];
  /** Profile page address: base URL + handle, per platform (BLOG: the account's own URL). */
  profileBaseUrls: Record<Platform, string | null>;
  /** OAuth sign-in with the platform, for the platforms configured. */
  oauth: Partial<Record<Platform, OAuthPlatformConfig>>;
  /** This server's public address, for the OAuth redirect URI (`<publicUrl>/oauth/callback`). */
  publicUrl: string;
}

export interface OAuthPlatformConfig {
  clientId: string;
  clientSecret: string | null;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  scopes: string[];
  /** The userinfo claim holding the account's handle. */
  handleClaim: string;
  /** The userinfo claim holding its follower count (absent: figures stay self-reported). */
  followersClaim: string;
}

/** Where each platform's public profile pages are (PROFILE_BASE_URL_<PLATFORM> overrides). */
export const DEFAULT_PROFILE_BASE_URLS: Record<Platform, string | null> = {
  INSTAGRAM: 'https://www.instagram.com/',
  TIKTOK: 'https://www.tiktok.com/@',
  YOUTUBE: 'https://www.youtube.com/@',
  X: 'https://x.com/',
  TWITCH: 'https://www.twitch.tv/',
  LINKEDIN: 'https://www.linkedin.com/in/',
  PINTEREST: 'https://www.pinterest.com/',
  BLOG: null,
};

/** Abuse limits (see src/limits). Budgets are per minute or hour, shared by every api process. */
export interface LimitsConfig {
  /** Largest cost one operation may have (Shopify-style points; see extensions.cost). */
  maxQueryCost: number;
  /** Cost points each API key may spend per minute. */
  agencyPointsPerMinute: number;
  /** Requests per minute from one address without an API key (the portal, anonymous callers). */
  anonymousRequestsPerMinute: number;
  /** Accounts one address may create per hour. */
  signUpsPerHour: number;
  /** Contact requests one agency may send per day. */
  contactRequestsPerDay: number;
  /** Which proxies' X-Forwarded-For to believe for the client address (Express "trust proxy"). */
  trustProxy: string;
  /** Profile pages fetched per platform per minute to verify accounts (the platforms' own limits). */
  verifyFetchesPerMinute: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${expected} (got ${JSON.stringify(got)})`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function present(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}`, raw);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = present(env, name);
  if (raw === undefined) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = null;
  }
  if (!parsed || !protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`, raw);
  }
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!['true', 'false', '1', '0'].includes(raw.toLowerCase())) throw new ConfigError(name, '"true" or "false"', raw);
  return ['true', '1'].includes(raw.toLowerCase());
}

function verificationConfig(env: Env, publicUrl: string): VerificationConfig {
  const hostsRaw = present(env, 'VERIFY_ALLOW_PRIVATE_HOSTS');
  const allowPrivateHosts = hostsRaw ? hostsRaw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean) : [];
  for (const h of allowPrivateHosts) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(h)) throw new ConfigError('VERIFY_ALLOW_PRIVATE_HOSTS', 'a comma-separated list of host:port', hostsRaw!);
  }
  const profileBaseUrls = { ...DEFAULT_PROFILE_BASE_URLS };
  const oauth: Partial<Record<Platform, OAuthPlatformConfig>> = {};
  for (const p of PLATFORMS) {
    const base = url(env, `PROFILE_BASE_URL_${p}`, ['http:', 'https:']);
    if (base) profileBaseUrls[p] = base;
    const clientId = present(env, `OAUTH_${p}_CLIENT_ID`);
    const endpoints = (['AUTHORIZE', 'TOKEN', 'USERINFO'] as const).map((k) => url(env, `OAUTH_${p}_${k}_URL`, ['http:', 'https:']));
    const clientSecret = present(env, `OAUTH_${p}_CLIENT_SECRET`) ?? null;
    const scopes = present(env, `OAUTH_${p}_SCOPES`);
    const handleClaim = present(env, `OAUTH_${p}_HANDLE_CLAIM`);
    const followersClaim = present(env, `OAUTH_${p}_FOLLOWERS_CLAIM`);
    if (!clientId) continue;
    const missing = (['AUTHORIZE', 'TOKEN', 'USERINFO'] as const).find((_k, i) => !endpoints[i]);
    if (missing) throw new ConfigError(`OAUTH_${p}_CLIENT_ID`, `set together with OAUTH_${p}_${missing}_URL (and the other endpoint URLs)`, clientId);
    oauth[p] = {
      clientId,
      clientSecret,
      authorizeUrl: endpoints[0]!,
      tokenUrl: endpoints[1]!,
      userinfoUrl: endpoints[2]!,
      scopes: (scopes ?? 'openid profile').split(/[\s,]+/).filter(Boolean),
      handleClaim: handleClaim ?? 'preferred_username',
      followersClaim: followersClaim ?? 'followers_count',
    };
  }
  return {
    timeoutMs: integer(env, 'VERIFY_TIMEOUT_MS', 8000, 100, 120_000),
    maxBytes: integer(env, 'VERIFY_MAX_BYTES', 2_000_000, 1024, 50_000_000),
    allowPrivateHosts,
    profileBaseUrls,
    oauth,
    publicUrl,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const engineRaw = present(env, 'SEARCH_ENGINE') ?? 'postgres';
  if (engineRaw !== 'postgres' && engineRaw !== 'meilisearch') {
    throw new ConfigError('SEARCH_ENGINE', '"postgres" or "meilisearch"', engineRaw);
  }
  const meiliUrl = url(env, 'MEILI_URL', ['http:', 'https:']);
  if (engineRaw === 'meilisearch' && !meiliUrl) {
    throw new ConfigError('MEILI_URL', 'set to the Meilisearch server URL when SEARCH_ENGINE=meilisearch', '');
  }
  const seedRaw = present(env, 'SEED_DEMO');
  let seedDemo: boolean | null = null;
  if (seedRaw !== undefined) {
    if (!['true', 'false', '1', '0'].includes(seedRaw.toLowerCase())) {
      throw new ConfigError('SEED_DEMO', '"true" or "false"', seedRaw);
    }
    seedDemo = ['true', '1'].includes(seedRaw.toLowerCase());
  }
  const logLevelRaw = present(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelRaw)) {
    throw new ConfigError('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, logLevelRaw);
  }
  const dataDirRaw = env.DATA_DIR;
  if (dataDirRaw !== undefined && (dataDirRaw.trim() === '' || dataDirRaw.includes('\0'))) {
    throw new ConfigError('DATA_DIR', 'a directory path', dataDirRaw);
  }
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    dataDir: path.resolve(present(env, 'DATA_DIR') ?? '.data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    searchEngine: engineRaw,
    meiliUrl,
    meiliMasterKey: present(env, 'MEILI_MASTER_KEY') ?? null,
    minAge: integer(env, 'MIN_AGE', 18, 13, 120),
    consentTtlDays: integer(env, 'CONSENT_TTL_DAYS', 365, 1, 3650),
    seedDemo,
    searchCacheTtlMs: integer(env, 'SEARCH_CACHE_TTL_MS', 1000, 0, 60_000),
    searchCacheListeningTtlMs: integer(env, 'SEARCH_CACHE_LISTENING_TTL_MS', 30_000, 0, 3_600_000),
    searchFacetsTtlMs: integer(env, 'SEARCH_FACETS_TTL_MS', 30_000, 0, 3_600_000),
    production,
    limits: {
      maxQueryCost: integer(env, 'MAX_QUERY_COST', 1000, 10, 1_000_000),
      agencyPointsPerMinute: integer(env, 'AGENCY_POINTS_PER_MINUTE', 60_000, 10, 1_000_000_000),
      anonymousRequestsPerMinute: integer(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', 300, 1, 1_000_000_000),
      signUpsPerHour: integer(env, 'SIGNUPS_PER_HOUR', 20, 1, 1_000_000_000),
      contactRequestsPerDay: integer(env, 'CONTACT_REQUESTS_PER_DAY', 50, 1, 1_000_000),
      trustProxy: present(env, 'TRUST_PROXY') ?? 'loopback',
      verifyFetchesPerMinute: integer(env, 'VERIFY_FETCHES_PER_MINUTE', 30, 1, 1_000_000),
    },
    logLevel: logLevelRaw as LogLevel,
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 0, 0, 60_000),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: present(env, 'MAIL_FROM') ?? 'Permission <no-reply@permission.invalid>',
    publicUrl,
    listingRequiresVerifiedAccount: bool(env, 'LISTING_REQUIRES_VERIFIED_ACCOUNT', false),
    verificationTtlDays: integer(env, 'VERIFICATION_TTL_DAYS', 180, 1, 3650),
    verification: verificationConfig(env, publicUrl),
  };
}
