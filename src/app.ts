/**
 * Composition: one object holding the services of a running Permission, built from the config.
 * The HTTP server, the CLI and the tests all build it the same way.
 */
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { EligibilityRule } from './consent/eligibility';
import { ConsentService } from './consent/consent.service';
import { AuthService } from './auth/auth.service';
import { InfluencerService } from './influencers/influencer.service';
import { TopicCatalog } from './topics/topic-catalog';

export interface App {
  config: Config;
  clock: Clock;
  ds: DataSource;
  rule: EligibilityRule;
  consent: ConsentService;
  auth: AuthService;
  influencers: InfluencerService;
  topics: TopicCatalog;
  /** Called after each committed mutation: wakes whatever reacts to the outbox in this process. */
  afterCommit(): void;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Use this database URL instead of the configured one (tests). */
  databaseUrl?: string;
  poolSize?: number;
  log?: (line: string) => void;
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
    ds = await openDatabase(url, opts.poolSize);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const rule = new EligibilityRule({ minAge: config.minAge, consentTtlDays: config.consentTtlDays }, clock);
  const auth = new AuthService(ds, clock);
  const topics = await TopicCatalog.load(ds);
  const app: App = {
    config,
    clock,
    ds,
    rule,
    consent: new ConsentService(ds, rule, clock),
    auth,
    influencers: new InfluencerService(ds, auth, rule, topics, clock),
    topics,
    afterCommit: () => undefined,
    async close() {
      await ds.destroy();
      await embedded?.stop();
    },
  };
  return app;
}
