/**
 * Configuration, read and validated once. Every variable is optional; an invalid value stops the
 * start with one line that names the variable and says what is expected.
 */
import path from 'node:path';

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
  /** How long the engine's answer to a search is reused (ms, 0: never); see src/search/search-cache.ts. */
  searchCacheTtlMs: number;
  /** How long the facet counts of a broad search (no text, at most one filter condition) are reused (ms). */
  searchFacetsTtlMs: number;
  production: boolean;
  /** pino's level for the JSON logs (LOG_LEVEL). */
  logLevel: LogLevel;
  limits: LimitsConfig;
}

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
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    dataDir: path.resolve(present(env, 'DATA_DIR') ?? '.data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    searchEngine: engineRaw,
    meiliUrl,
    meiliMasterKey: present(env, 'MEILI_MASTER_KEY') ?? null,
    minAge: integer(env, 'MIN_AGE', 18, 13, 120),
    consentTtlDays: integer(env, 'CONSENT_TTL_DAYS', 365, 1, 3650),
    seedDemo,
    searchCacheTtlMs: integer(env, 'SEARCH_CACHE_TTL_MS', 1000, 0, 60_000),
    searchFacetsTtlMs: integer(env, 'SEARCH_FACETS_TTL_MS', 30_000, 0, 3_600_000),
    production,
    limits: {
      maxQueryCost: integer(env, 'MAX_QUERY_COST', 1000, 10, 1_000_000),
      agencyPointsPerMinute: integer(env, 'AGENCY_POINTS_PER_MINUTE', 60_000, 10, 1_000_000_000),
      anonymousRequestsPerMinute: integer(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', 300, 1, 1_000_000_000),
      signUpsPerHour: integer(env, 'SIGNUPS_PER_HOUR', 20, 1, 1_000_000_000),
      contactRequestsPerDay: integer(env, 'CONTACT_REQUESTS_PER_DAY', 50, 1, 1_000_000),
      trustProxy: present(env, 'TRUST_PROXY') ?? 'loopback',
    },
    logLevel: logLevelRaw as LogLevel,
  };
}
