/**
 * Rate limits kept in PostgreSQL (rate-limiter-flexible's Postgres store, table `rate_limit`), so
 * that every api process spends from one budget and nothing an attacker sends can fill a map in
 * memory. Each consume is one atomic upsert: parallel requests cannot all pass a check made before
 * they are counted. Keys are SHA-256 hashes: the table holds no email or address in clear.
 *
 * The spends go through a small pool of their own whose commits do not wait for the WAL to reach
 * the disk (`synchronous_commit = off`): every agency request spends, and that commit was the one
 * durable write of a search. A crash of PostgreSQL can forget the spends of its last fraction of
 * a second (at most three times `wal_writer_delay`, 600 ms by default), which leaves a budget a
 * little fuller than it was; it can never make a budget go down or lose anything else, since
 * everything else the application writes commits on its other pools, durably.
 */
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { LimitsConfig } from '../config';
import { RateLimitedError } from '../domain/errors';

/** Verification attempts one person may make per hour (each may fetch a profile page). */
export const VERIFY_ATTEMPTS_PER_HOUR = 20;

const hashKey = (key: string): string => createHash('sha256').update(key).digest('base64url');

export interface Budget {
  limit: number;
  remaining: number;
  /** Seconds until the budget is full again. */
  resetSeconds: number;
}

/** One limit: `points` per `seconds`, under a name. */
export class Limit {
  private readonly limiter: RateLimiterPostgres;

  constructor(
    pool: unknown,
    readonly name: string,
    readonly points: number,
    readonly seconds: number,
  ) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limit',
      tableCreated: true,
      // every limiter would sweep the whole shared table on a timer of its own: RateLimits.purgeExpired does it once
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points,
      duration: seconds,
    });
  }

  /**
   * Spend `cost` points for `key`; throws RateLimitedError (with the seconds to wait) when the
   * budget does not have them. The points are counted either way.
   */
  async spend(key: string, cost: number, message: (wait: number) => string): Promise<Budget> {
    try {
      const res = await this.limiter.consume(hashKey(key), Math.max(0, Math.ceil(cost)));
      return this.budget(res);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const wait = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new RateLimitedError(message(wait), wait, this.budget(err));
    }
  }

  /** What is left for `key`, without spending. */
  async peek(key: string): Promise<Budget> {
    const res = await this.limiter.get(hashKey(key));
    return res ? this.budget(res) : { limit: this.points, remaining: this.points, resetSeconds: 0 };
  }

  async forget(key: string): Promise<void> {
    await this.limiter.delete(hashKey(key));
  }

  private budget(res: RateLimiterRes): Budget {
    return { limit: this.points, remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.ceil(res.msBeforeNext / 1000) };
  }
}

const minutes = (m: number) => m * 60;

/** Connections of the limiters' pool: a spend is one short statement. */
const LIMITS_POOL_SIZE = 3;

/**
 * The limiters' pool: spends commit without waiting for the WAL flush (see above). An idle
 * connection that the database drops (a restart) is logged and replaced on the next spend. Once
 * the pool is ending, not: pg-pool's end() resolves before its connections have closed, so a
 * shutdown that stops PostgreSQL next can end one of them first, which is no failure.
 */
export function createLimitsPool(url: string, log: (line: string) => void): Pool {
  const pool = new Pool({
    connectionString: url,
    max: LIMITS_POOL_SIZE,
    application_name: 'permission-limits',
    options: '-c synchronous_commit=off',
  });
  pool.on('error', (err) => {
    if (!pool.ending) log(`rate limits: an idle database connection failed (${err.message}); the next spend opens another`);
  });
  return pool;
}

/** Every limit of the API, built once per app over its pool. */
export class RateLimits {
  /** Query cost points per API key per minute. */
  readonly agency: Limit;
  /** Requests per minute from one address without an API key. */
  readonly anonymous: Limit;
  /** Accounts created per address per hour. */
  readonly signUp: Limit;
  /** Contact requests per agency per day (spam). */
  readonly contactRequests: Limit;
  /** Profile pages fetched per platform per minute (verification), and attempts per person per hour. */
  readonly verifyPlatform: Limit;
  readonly verifyPerson: Limit;
  /**
   * Sign-in attempts, counted before the password is checked, slowing down in steps: per account
   * and address 5 a minute and 20 an hour (so someone guessing from one address never locks the
   * owner out elsewhere), per address 100 in 15 minutes, and per account from anywhere 500 an hour:
   * the last resort against guessing from many addresses, which can then slow the owner too.
   */
  readonly signIn: { pairMinute: Limit; pairHour: Limit; account: Limit; address: Limit };

  /** `pool`: where the spends go (createLimitsPool); `ds` sweeps the table. */
  constructor(
    private readonly ds: DataSource,
    readonly config: LimitsConfig,
    readonly pool: Pool,
  ) {
    this.agency = new Limit(pool, 'agency', config.agencyPointsPerMinute, 60);
    this.anonymous = new Limit(pool, 'anon', config.anonymousRequestsPerMinute, 60);
    this.signUp = new Limit(pool, 'signup', config.signUpsPerHour, minutes(60));
    this.contactRequests = new Limit(pool, 'contact', config.contactRequestsPerDay, minutes(24 * 60));
    this.verifyPlatform = new Limit(pool, 'verify-platform', config.verifyFetchesPerMinute, 60);
    this.verifyPerson = new Limit(pool, 'verify-person', VERIFY_ATTEMPTS_PER_HOUR, minutes(60));
    this.signIn = {
      pairMinute: new Limit(pool, 'signin-pair-m', 5, 60),
      pairHour: new Limit(pool, 'signin-pair-h', 20, minutes(60)),
      account: new Limit(pool, 'signin-account', 500, minutes(60)),
      address: new Limit(pool, 'signin-address', 100, minutes(15)),
    };
  }

  /** Deletes the budgets that ran out over an hour ago (the store of every limit is one table). */
  async purgeExpired(): Promise<number> {
    const [, n]: [unknown[], number] = await this.ds.query(`DELETE FROM rate_limit WHERE expire < $1`, [Date.now() - 3_600_000]);
    return n;
  }
}
