import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c).toEqual(expect.objectContaining({ port: 4000, databaseUrl: null, searchEngine: 'postgres', minAge: 18, consentTtlDays: 365, seedDemo: null, production: false }));
    expect(c.dataDir).toMatch(/\.data$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u:p@db:5432/perm', SEARCH_ENGINE: 'meilisearch',
      MEILI_URL: 'http://meili:7700', MEILI_MASTER_KEY: 'k', MIN_AGE: '21', CONSENT_TTL_DAYS: '180', SEED_DEMO: 'false', NODE_ENV: 'production',
      MAX_QUERY_COST: '500', AGENCY_POINTS_PER_MINUTE: '9000', ANONYMOUS_REQUESTS_PER_MINUTE: '60', SIGNUPS_PER_HOUR: '5', CONTACT_REQUESTS_PER_DAY: '7', TRUST_PROXY: '1', LOG_LEVEL: 'debug',
      SEARCH_CACHE_TTL_MS: '0', SEARCH_FACETS_TTL_MS: '5000',
    });
    expect(c).toEqual({
      port: 8080, dataDir: '/tmp/x', databaseUrl: 'postgres://u:p@db:5432/perm', searchEngine: 'meilisearch', meiliUrl: 'http://meili:7700',
      meiliMasterKey: 'k', minAge: 21, consentTtlDays: 180, seedDemo: false, production: true, logLevel: 'debug',
      searchCacheTtlMs: 0, searchFacetsTtlMs: 5000,
      limits: { maxQueryCost: 500, agencyPointsPerMinute: 9000, anonymousRequestsPerMinute: 60, signUpsPerHour: 5, contactRequestsPerDay: 7, trustProxy: '1' },
    });
  });

  it.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['PORT', '-1'], ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://x'], ['DATABASE_URL', 'not a url'],
    ['SEARCH_ENGINE', 'elastic'],
    ['MEILI_URL', 'ftp://meili'],
    ['MIN_AGE', '12'], ['MIN_AGE', 'eighteen'],
    ['CONSENT_TTL_DAYS', '0'], ['CONSENT_TTL_DAYS', '1e3'],
    ['SEED_DEMO', 'maybe'],
    ['MAX_QUERY_COST', '5'], ['AGENCY_POINTS_PER_MINUTE', 'lots'], ['ANONYMOUS_REQUESTS_PER_MINUTE', '0'], ['SIGNUPS_PER_HOUR', '-3'], ['CONTACT_REQUESTS_PER_DAY', '0'],
    ['LOG_LEVEL', 'loud'],
    ['SEARCH_CACHE_TTL_MS', '60001'], ['SEARCH_FACETS_TTL_MS', 'soon'],
  ])('%s=%s stops the start with one line naming it', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(name);
    expect((err as ConfigError).message).toContain(name);
    expect((err as ConfigError).message).not.toContain('\n');
  });

  it('meilisearch without MEILI_URL names MEILI_URL', () => {
    expect(() => loadConfig({ SEARCH_ENGINE: 'meilisearch' })).toThrow(/MEILI_URL/);
  });
});
