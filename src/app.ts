/**
 * Composition: one object holding the services of a running Permission, built from the config.
 * The HTTP server, the CLI and the tests all build it the same way.
 */
import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { createDataSource, openDatabase, type QueryObserver } from './db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { EligibilityRule } from './consent/eligibility';
import { ELIGIBILITY_ROUTINE } from './consent/rule.sql';
import { SEARCH_TYPO_ROUTINE } from './search/typo.sql';
import { Listener } from './db/listener';
import { ConsentService } from './consent/consent.service';
import { AuthService } from './auth/auth.service';
import { InfluencerService } from './influencers/influencer.service';
import { MailService } from './mail/mail.service';
import { SignUpService } from './auth/sign-up.service';
import { TopicCatalog } from './topics/topic-catalog';
import type { SearchEngine } from './search/search-engine';
import { PostgresSearchEngine } from './search/postgres.engine';
import { MeilisearchEngine } from './search/meilisearch.engine';
import { Indexer, type IndexerOptions } from './search/indexer';
import { OutboxQueue, type QueueOptions } from './search/outbox-queue';
import { InTransactionRemoval } from './search/removal';
import { Projector } from './search/projector';
import { Reconciler } from './search/reconciler';
import { SearchService } from './search/search.service';
import { cachedEngine, SEARCH_INDEX_CHANNEL } from './search/search-cache';
import { SignInGuard } from './auth/sign-in-guard';
import { createLimitsPool, RateLimits } from './limits/rate-limits';
import { meteredEngine } from './observability/metrics';
import { ActivityService } from './activity/activity.service';
import { ShortlistService } from './agency/shortlist.service';
import { ContactService } from './agency/contact.service';
import { VerificationService } from './verification/verification.service';

export interface App {
  config: Config;
  clock: Clock;
  ds: DataSource;
  rule: EligibilityRule;
  consent: ConsentService;
  auth: AuthService;
  influencers: InfluencerService;
  /** Mail to people: queued with what it tells, sent through SMTP_URL (or kept for the dev mailbox). */
  mail: MailService;
  /** Joining in two steps (a code mailed to the address), the same answer for every address. */
  signUps: SignUpService;
  topics: TopicCatalog;
  engine: SearchEngine;
  /** The outbox as a queue (claim, acknowledge, back off, dead letters). */
  queue: OutboxQueue;
  /** Re-reads people through the rule and writes the engine. */
  projector: Projector;
  /** Drains the queue into the projector; sweeps for time-based changes. */
  indexer: Indexer;
  /** Rebuilds the index, or compares it with who is listable and repairs it. */
  reconciler: Reconciler;
  search: SearchService;
  /** Every rate limit, kept in PostgreSQL (shared by all api processes). */
  limits: RateLimits;
  /** Counts sign-in attempts before passwords are checked. */
  signInGuard: SignInGuard;
  /** The record each influencer reads of what agencies did with their profile. */
  activity: ActivityService;
  /** Agencies' shortlists (the rule applied inside every read). */
  shortlists: ShortlistService;
  /** Contact requests (only with CONTACT consent; contact details revealed by acceptance). */
  contacts: ContactService;
  /** Who owns a social account: profile codes, OAuth sign-in, the owner wins, notices. */
  verification: VerificationService;
  /** Start draining the outbox (LISTEN/NOTIFY, polling, sweeps). The CLI does not. */
  startIndexer(): Promise<void>;
  /**
   * Hourly clean-up of what expires (sessions, spent rate-limit budgets, unconfirmed sign-ups, old
   * mail, after retrying its delivery); the server starts it, the CLI does not.
   */
  startHousekeeping(): void;
  /** Called after each committed mutation: wakes whatever reacts to the outbox in this process. */
  afterCommit(): void;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Use this database URL instead of the configured one (tests). */
  databaseUrl?: string;
  poolSize?: number;
  /** Called with every SQL statement the app runs (tests count them). */
  onQuery?: QueryObserver;
  log?: (line: string) => void;
  /** Build the engine from the database (tests wrap the real one to inject faults). */
  engineFactory?: (app: { ds: DataSource }) => SearchEngine;
  indexer?: IndexerOptions & QueueOptions;
}

/**
 * Connections for requests: about two per core (PostgreSQL does no better with more running at
 * once; requests beyond them wait in the pool, and the indexer's own pool is not crowded out).
 */
const REQUEST_POOL_SIZE = Math.max(4, 2 * os.availableParallelism() + 1);

/** Connections of the indexer's pool: a rebuild writes 4 batches at once, each a transaction and its engine writes. */
const INDEX_POOL_SIZE = 8;

export function createEngine(config: Config, ds: DataSource, writer: DataSource = ds): SearchEngine {
  switch (config.searchEngine) {
    case 'postgres':
      return new PostgresSearchEngine(ds, writer);
    case 'meilisearch':
      return new MeilisearchEngine({ host: config.meiliUrl!, apiKey: config.meiliMasterKey ?? undefined });
    default: {
      const never: never = config.searchEngine;
      throw new Error(`unknown search engine ${String(never)}`);
    }
  }
}

export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const clock = opts.clock ?? systemClock;
  let embedded: EmbeddedDatabase | null = null;
  let url = opts.databaseUrl ?? config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.url;
  }
  let ds: DataSource;
  try {
    ds = await openDatabase(url, [ELIGIBILITY_ROUTINE, SEARCH_TYPO_ROUTINE], opts.poolSize ?? REQUEST_POOL_SIZE, opts.onQuery);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  // The indexer, rebuilds and index writes have a pool of their own: under a search load a
  // withdrawal must not wait for a connection behind the searches.
  const writer = createDataSource(url, INDEX_POOL_SIZE);
  try {
    await writer.initialize();
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
  const rule = new EligibilityRule(
    {
      minAge: config.minAge,
      consentTtlDays: config.consentTtlDays,
      requiresVerifiedAccount: config.listingRequiresVerifiedAccount,
      verificationTtlDays: config.verificationTtlDays,
    },
    clock,
  );
  const log = opts.log ?? ((line: string) => console.error(line));
  const auth = new AuthService(ds, clock, log);
  // API keys are cached while their changes can be heard (LISTEN api_key); without it, read each time
  await auth.listen(url);
  const topics = await TopicCatalog.load(ds);
  // metered: /metrics counts the indexer's writes and the engine's failures (src/observability)
  // cached: a search's ranked ids, total and facets, briefly (the read path re-checks each hit)
  // Every index write is announced (NOTIFY search_index) and every process drops its cached
  // answers when it hears one, so answers can live longer while the announcements are heard.
  const engine = cachedEngine(meteredEngine(opts.engineFactory ? opts.engineFactory({ ds }) : createEngine(config, ds, writer)), {
    ttlMs: config.searchCacheTtlMs,
    listeningTtlMs: Math.max(config.searchCacheListeningTtlMs, config.searchCacheTtlMs),
    facetsTtlMs: config.searchFacetsTtlMs,
    announce: () =>
      writer.query(`SELECT pg_notify('${SEARCH_INDEX_CHANNEL}', '')`).then(
        () => undefined,
        (err: Error) => log(`search cache: could not announce an index write (${err.message}); other processes see it within SEARCH_CACHE_TTL_MS`),
      ),
  });
  const indexWrites = new Listener(url, SEARCH_INDEX_CHANNEL, {
    onNotify: () => engine.cache.invalidate(),
    onUp: () => engine.cache.setListening(true),
    onDown: (why) => {
      engine.cache.setListening(false);
      log(`search cache: LISTEN ${SEARCH_INDEX_CHANNEL} lost (${why}); answers live SEARCH_CACHE_TTL_MS until it is back`);
    },
  });
  if (config.searchCacheTtlMs > 0) await indexWrites.start();
  const projector = new Projector(writer, engine, rule, topics);
  // An engine that is down must not keep the portal down: withdrawals and erasure have to work
  // then too. The projector applies the settings before its first write; the indexer retries.
  await projector.prepare().catch((err: Error) =>
    log(`Warning: the ${engine.name} search engine is not reachable (${err.message}); starting anyway, the indexer retries.`),
  );
  const queue = new OutboxQueue(opts.indexer);
  const indexer = new Indexer(writer, queue, projector, rule, clock, { log, ...opts.indexer });
  const dbUrl = url;
  const limits = new RateLimits(ds, config.limits, createLimitsPool(url, log));
  let housekeeping: NodeJS.Timeout | null = null;
  const activity = new ActivityService(ds, clock, log);
  activity.start();
  const verification = new VerificationService(ds, rule, clock, config.verification, { perPlatform: limits.verifyPlatform, perPerson: limits.verifyPerson }, (ids) =>
    projector.projectLocked(ids),
  );
  const influencers = new InfluencerService(ds, auth, rule, topics, clock, verification);
  const mail = new MailService(ds, { smtpUrl: config.smtpUrl, from: config.mailFrom }, log);
  const signUps = new SignUpService(ds, influencers, auth, mail, clock, `${config.publicUrl}/portal`);
  const app: App = {
    config,
    clock,
    ds,
    rule,
    consent: new ConsentService(ds, rule, clock, InTransactionRemoval.for(engine, projector, rule, log)),
    auth,
    influencers,
    mail,
    signUps,
    topics,
    engine,
    queue,
    projector,
    indexer,
    reconciler: new Reconciler(writer, projector, queue, opts.indexer?.batchSize),
    search: new SearchService(engine, topics),
    limits,
    signInGuard: new SignInGuard(ds, limits),
    activity,
    shortlists: new ShortlistService(ds, rule, activity),
    contacts: new ContactService(ds, rule, activity, clock, limits.contactRequests),
    verification,
    startIndexer: () => indexer.start(dbUrl),
    startHousekeeping: () => {
      if (housekeeping) return;
      const purge = () =>
        void Promise.all([auth.purgeExpiredSessions(), limits.purgeExpired(), signUps.purgeExpired(), mail.purge(clock.now())]).catch((err: Error) =>
          log(`housekeeping failed: ${err.message}`),
        );
      purge();
      housekeeping = setInterval(purge, 3_600_000);
      housekeeping.unref();
    },
    afterCommit: () => indexer.wake(),
    async close() {
      if (housekeeping) clearInterval(housekeeping);
      // the last search appearances are written before the database goes
      await activity.stop();
      await indexer.stop();
      await mail.close();
      await auth.close();
      await indexWrites.close();
      await writer.destroy();
      await limits.pool.end();
      await ds.destroy();
      await embedded?.stop();
    },
  };
  return app;
}
