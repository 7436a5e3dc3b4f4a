import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c).toEqual(expect.objectContaining({ port: 4000, databaseUrl: null, searchEngine: 'postgres', minAge: 18, consentTtlDays: 365, seedDemo: null, production: false }));
    expect(c.dataDir).toMatch(/\.data$/);
    expect([c.searchCacheTtlMs, c.searchCacheListeningTtlMs]).toEqual([1000, 30_000]);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u:p@db:5432/perm', SEARCH_ENGINE: 'meilisearch',
      MEILI_URL: 'http://meili:7700', MEILI_MASTER_KEY: 'k', MIN_AGE: '21', CONSENT_TTL_DAYS: '180', SEED_DEMO: 'false', NODE_ENV: 'production',
      MAX_QUERY_COST: '500', AGENCY_POINTS_PER_MINUTE: '9000', ANONYMOUS_REQUESTS_PER_MINUTE: '60', SIGNUPS_PER_HOUR: '5', CONTACT_REQUESTS_PER_DAY: '7', TRUST_PROXY: '1', LOG_LEVEL: 'debug',
      SHUTDOWN_DELAY_MS: '5000', SMTP_URL: 'smtps://u:p@mail.example:465', MAIL_FROM: 'Acme <no-reply@acme.example>',
      LISTING_REQUIRES_VERIFIED_ACCOUNT: 'true', VERIFICATION_TTL_DAYS: '90', VERIFY_TIMEOUT_MS: '3000', VERIFY_MAX_BYTES: '100000', VERIFY_FETCHES_PER_MINUTE: '12',
      VERIFY_ALLOW_PRIVATE_HOSTS: '127.0.0.1:9999, localhost:8080', PROFILE_BASE_URL_INSTAGRAM: 'http://insta.test/u/', PUBLIC_URL: 'https://permission.example/',
      OAUTH_YOUTUBE_CLIENT_ID: 'cid', OAUTH_YOUTUBE_CLIENT_SECRET: 'secret', OAUTH_YOUTUBE_AUTHORIZE_URL: 'https://yt.test/authorize',
      OAUTH_YOUTUBE_TOKEN_URL: 'https://yt.test/token', OAUTH_YOUTUBE_USERINFO_URL: 'https://yt.test/userinfo', OAUTH_YOUTUBE_SCOPES: 'openid channel.read',
      OAUTH_YOUTUBE_HANDLE_CLAIM: 'handle', OAUTH_YOUTUBE_FOLLOWERS_CLAIM: 'subscribers',
      SEARCH_CACHE_TTL_MS: '0', SEARCH_CACHE_LISTENING_TTL_MS: '120000', SEARCH_FACETS_TTL_MS: '5000',
    });
    expect(c).toEqual({
      port: 8080, dataDir: '/tmp/x', databaseUrl: 'postgres://u:p@db:5432/perm', searchEngine: 'meilisearch', meiliUrl: 'http://meili:7700',
      meiliMasterKey: 'k', minAge: 21, consentTtlDays: 180, seedDemo: false, production: true, logLevel: 'debug', shutdownDelayMs: 5000,
      searchCacheTtlMs: 0, searchCacheListeningTtlMs: 120000, searchFacetsTtlMs: 5000,
      smtpUrl: 'smtps://u:p@mail.example:465', mailFrom: 'Acme <no-reply@acme.example>', publicUrl: 'https://permission.example',
      limits: { maxQueryCost: 500, agencyPointsPerMinute: 9000, anonymousRequestsPerMinute: 60, signUpsPerHour: 5, contactRequestsPerDay: 7, trustProxy: '1', verifyFetchesPerMinute: 12 },
      listingRequiresVerifiedAccount: true,
      verificationTtlDays: 90,
      verification: {
        timeoutMs: 3000, maxBytes: 100000, allowPrivateHosts: ['127.0.0.1:9999', 'localhost:8080'], publicUrl: 'https://permission.example',
        profileBaseUrls: expect.objectContaining({ INSTAGRAM: 'http://insta.test/u/', TIKTOK: 'https://www.tiktok.com/@', BLOG: null }),
        oauth: {
          YOUTUBE: {
            clientId: 'cid', clientSecret: 'secret', authorizeUrl: 'https://yt.test/authorize', tokenUrl: 'https://yt.test/token',
            userinfoUrl: 'https://yt.test/userinfo', scopes: ['openid', 'channel.read'], handleClaim: 'handle', followersClaim: 'subscribers',
          },
        },
      },
    });
  });

  it('defaults: listing does not require a verified account, verifications hold 180 days, no OAuth, no private hosts', () => {
    const c = loadConfig({});
    expect([c.listingRequiresVerifiedAccount, c.verificationTtlDays, c.verification.oauth, c.verification.allowPrivateHosts, c.verification.publicUrl])
      .toEqual([false, 180, {}, [], 'http://localhost:4000']);
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
    ['SHUTDOWN_DELAY_MS', '-1'], ['SHUTDOWN_DELAY_MS', '120000'], ['SMTP_URL', 'http://mail.example'], ['PUBLIC_URL', 'permission.example'],
    ['LISTING_REQUIRES_VERIFIED_ACCOUNT', 'sometimes'], ['VERIFICATION_TTL_DAYS', '0'], ['VERIFY_TIMEOUT_MS', 'fast'], ['VERIFY_MAX_BYTES', '10'],
    ['VERIFY_ALLOW_PRIVATE_HOSTS', 'http://127.0.0.1'], ['PROFILE_BASE_URL_X', 'file:///etc/passwd'], ['OAUTH_X_CLIENT_ID', 'only-the-id'],
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
