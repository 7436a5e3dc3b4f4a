/**
 * Demo data: generated people (src/seed/demo-generator.ts) written to the database the way
 * real sign-ups would be (influencer, topics, accounts, consent ledger), but set-based: one
 * `INSERT ... SELECT FROM unnest(...)` per table per batch, one transaction per batch. The
 * outbox triggers fire for every row as usual; the indexer drains them.
 *
 * Seeding can be repeated (`seed --count N` adds N more people): every run takes the next free
 * block of demo email indexes, and a handle that is already taken on a platform (by an earlier
 * run, or by a real person) gets the run's tag appended (`maria_rossi.1kx`), so nothing collides.
 */
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import type { App } from '../app';
import { generateDemoInfluencers, type DemoAccount, type DemoInfluencer } from './demo-generator';

export interface SeedResult {
  influencers: number;
  apiKey: string;
}

export interface InsertOptions {
  /** Influencers per transaction. Default 2,000. */
  batchSize?: number;
  /** Batches inserted at once, each on its own connection. Default 3. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Password of every demo account (they can sign in to the portal with it). */
export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_EMAIL_DOMAIN = 'demo.permission.test';
export const DEMO_TERMS_VERSION = 'demo';
/** Influencers seeded into an empty database at start. */
export const DEMO_START_COUNT = 2_000;
export const DEMO_DEFAULT_SEED = 42;

const DEFAULT_BATCH = 2_000;
/**
 * Batches in flight at once. PostgreSQL spends most of the time in the outbox and foreign-key
 * triggers; 3 keeps both cores of a small machine busy while a batch commits or node prepares the
 * next (100k on 2 cores: ~55 s with 1, ~31-45 s with 2-3).
 */
const DEFAULT_CONCURRENCY = 3;
/** pg_advisory_lock key: one seeder at a time, so two runs never pick the same email block. */
const SEED_LOCK_KEY = 0x5eed_0001;
const EMAIL_INDEX = /\.(\d+)@demo\.permission\.test$/i;

/** The account URL embeds the handle, transformed for some platforms (see the generator's urlFor). */
function handleInUrl(platform: DemoAccount['platform'], handle: string): string {
  if (platform === 'LINKEDIN') return handle.replace(/_/g, '-');
  if (platform === 'BLOG') return handle.replace(/_/g, '');
  return handle;
}

function withHandle(account: DemoAccount, handle: string): DemoAccount {
  if (handle === account.handle) return account;
  const from = handleInUrl(account.platform, account.handle);
  const to = handleInUrl(account.platform, handle);
  const i = account.url.lastIndexOf(from);
  const url = i < 0 ? account.url : account.url.slice(0, i) + to + account.url.slice(i + from.length);
  return { ...account, handle, url };
}

/**
 * The handle to try for an influencer on the given attempt: the generated one first, then with the
 * run's tag. Generated handles never contain a dot, so `<handle>.<tag>` cannot equal any generated
 * handle, and distinct runs have distinct tags.
 */
function candidateHandle(base: string, tag: string, attempt: number): string {
  if (attempt === 0) return base;
  if (attempt === 1) return `${base}.${tag}`;
  return `${base}.${tag}.${attempt - 1}`;
}

/** Within one batch: give every influencer a handle that is free on all of their platforms. */
async function resolveHandles(q: QueryRunner, people: DemoInfluencer[], tag: string): Promise<DemoInfluencer[]> {
  const chosen = people.map((p) => p.accounts[0]?.handle ?? '');
  let pending = people.map((_, i) => i).filter((i) => people[i].accounts.length > 0);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw new Error(`Could not find free handles for ${pending.length} demo influencers.`);
    const keys: number[] = [];
    const platforms: string[] = [];
    const handles: string[] = [];
    for (const i of pending) {
      chosen[i] = candidateHandle(people[i].accounts[0].handle, tag, attempt);
      for (const a of people[i].accounts) {
        keys.push(i);
        platforms.push(a.platform);
        handles.push(chosen[i]);
      }
    }
    // One index probe per (platform, handle) through the LATERAL ... LIMIT 1: a plain join gets
    // planned as a hash join over the whole social_account table, ~100x slower at 200k accounts.
    const taken: Array<{ k: number }> = await q.query(
      `SELECT DISTINCT u.k FROM unnest($1::int[], $2::platform[], $3::text[]) AS u(k, p, h)
       CROSS JOIN LATERAL (
         SELECT 1 FROM social_account s WHERE s.platform = u.p AND lower(s.handle) = lower(u.h) LIMIT 1
       ) AS hit`,
      [keys, platforms, handles],
    );
    pending = taken.map((r) => r.k);
  }
  return people.map((p, i) =>
    p.accounts.length === 0 || chosen[i] === p.accounts[0].handle ? p : { ...p, accounts: p.accounts.map((a) => withHandle(a, chosen[i])) },
  );
}

async function insertBatch(q: QueryRunner, people: DemoInfluencer[], passwordHash: string, now: Date): Promise<void> {
  const ids: string[] = [];
  const emails: string[] = [];
  const names: string[] = [];
  const bios: string[] = [];
  const births: string[] = [];
  const countries: string[] = [];
  const cities: string[] = [];
  const languages: string[] = [];
  const statuses: string[] = [];
  const created: string[] = [];

  const tInf: string[] = [];
  const tSlug: string[] = [];
  const tWeight: number[] = [];

  const aInf: string[] = [];
  const aPlatform: string[] = [];
  const aHandle: string[] = [];
  const aUrl: string[] = [];
  const aFollowers: number[] = [];
  const aEngagement: number[] = [];
  const aPrivate: boolean[] = [];
  const aConnected: string[] = [];
  const aVerifiedAt: Array<string | null> = [];
  const aMethod: Array<string | null> = [];
  const aSource: string[] = [];

  const cInf: string[] = [];
  const cPurpose: string[] = [];
  const cAction: string[] = [];
  const cAt: string[] = [];

  const nowIso = now.toISOString();
  for (const p of people) {
    const id = randomUUID();
    // Joined when they first consented (or now, for those who never did).
    const joined = p.consents[0]?.at ?? nowIso;
    ids.push(id);
    emails.push(p.email);
    names.push(p.displayName);
    bios.push(p.bio);
    births.push(p.birthDate);
    countries.push(p.country);
    cities.push(p.city);
    languages.push(p.languages.join(','));
    statuses.push(p.status);
    created.push(joined);
    for (const t of p.topics) {
      tInf.push(id);
      tSlug.push(t.slug);
      tWeight.push(t.weight);
    }
    for (const a of p.accounts) {
      aInf.push(id);
      aPlatform.push(a.platform);
      aHandle.push(a.handle);
      aUrl.push(a.url);
      aFollowers.push(a.followers);
      aEngagement.push(a.engagementRate);
      aPrivate.push(a.isPrivate);
      aConnected.push(joined);
      // never verified before the account was connected
      aVerifiedAt.push(a.verification ? (a.verification.at > joined ? a.verification.at : joined) : null);
      aMethod.push(a.verification?.method ?? null);
      aSource.push(a.verification?.followersFromPlatform ? 'PLATFORM' : 'SELF_REPORTED');
    }
    for (const c of p.consents) {
      cInf.push(id);
      cPurpose.push(c.purpose);
      cAction.push(c.action);
      cAt.push(c.at);
    }
  }

  await q.query(
    `INSERT INTO influencer (id, email, password_hash, display_name, bio, birth_date, country, city, languages, status, created_at)
     SELECT u.id, u.email, $2, u.display_name, u.bio, u.birth_date, u.country, u.city,
            string_to_array(u.languages, ','), u.status, u.created_at
     FROM unnest($1::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[],
                 $10::influencer_status[], $11::timestamptz[])
          AS u(id, email, display_name, bio, birth_date, country, city, languages, status, created_at)`,
    [ids, passwordHash, emails, names, bios, births, countries, cities, languages, statuses, created],
  );
  if (tInf.length > 0) {
    await q.query(
      `INSERT INTO influencer_topic (influencer_id, topic_slug, weight)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::numeric[])`,
      [tInf, tSlug, tWeight],
    );
  }
  if (aInf.length > 0) {
    await q.query(
      `INSERT INTO social_account (influencer_id, platform, handle, url, followers, engagement_rate, is_private, connected_at, updated_at,
                                   verification_status, verification_method, verified_at, followers_source, followers_updated_at)
       SELECT u.i, u.p, u.h, u.url, u.f, u.e, u.priv, u.c, u.c,
              CASE WHEN u.va IS NULL THEN 'UNVERIFIED' ELSE 'VERIFIED' END::verification_status, u.vm, u.va, u.src,
              CASE WHEN u.src = 'PLATFORM' THEN u.va ELSE u.c END
       FROM unnest($1::uuid[], $2::platform[], $3::text[], $4::text[], $5::int[], $6::numeric[], $7::boolean[], $8::timestamptz[],
                   $9::timestamptz[], $10::verification_method[], $11::followers_source[])
            AS u(i, p, h, url, f, e, priv, c, va, vm, src)`,
      [aInf, aPlatform, aHandle, aUrl, aFollowers, aEngagement, aPrivate, aConnected, aVerifiedAt, aMethod, aSource],
    );
  }
  if (cInf.length > 0) {
    // ORDER BY the array position: seq must follow the generator's (chronological) order, as it
    // breaks ties between events at the same instant.
    await q.query(
      `INSERT INTO consent_event (influencer_id, purpose, action, terms_version, occurred_at, source, collection_method)
       SELECT u.i, u.p, u.a, $5, u.t, 'seed', 'seed'
       FROM unnest($1::uuid[], $2::consent_purpose[], $3::consent_action[], $4::timestamptz[]) WITH ORDINALITY AS u(i, p, a, t, n)
       ORDER BY u.n`,
      [cInf, cPurpose, cAction, cAt, DEMO_TERMS_VERSION],
    );
  }
}

/** Run `fn` on one connection holding the seeding lock. */
async function withSeedLock<T>(app: App, fn: (q: QueryRunner) => Promise<T>): Promise<T> {
  const q = app.ds.createQueryRunner();
  await q.connect();
  try {
    await q.query(`SELECT pg_advisory_lock($1)`, [SEED_LOCK_KEY]);
    try {
      return await fn(q);
    } finally {
      await q.query(`SELECT pg_advisory_unlock($1)`, [SEED_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await q.release();
  }
}

/** The first demo email index not used yet (demo emails end in `.<index>@demo.permission.test`). */
async function nextDemoIndex(q: Pick<QueryRunner, 'query'>): Promise<number> {
  // split_part rather than a regular expression over every email: ~15x faster on 100k rows.
  const [{ next }]: Array<{ next: string }> = await q.query(
    `SELECT (COALESCE(max(CASE WHEN x ~ '^[0-9]{1,15}$' THEN x::bigint END), -1) + 1)::text AS next
     FROM (SELECT split_part(split_part(email::text, '@', 1), '.', -1) AS x
           FROM influencer WHERE lower(right(email::text, $2)) = $1) AS demo`,
    ['@' + DEMO_EMAIL_DOMAIN, DEMO_EMAIL_DOMAIN.length + 1],
  );
  return Number(next);
}

/**
 * Inserts generated people with emails and handles made unique for this database: the email index
 * is shifted by `offset` (past every demo email already there) and taken handles get a tag.
 * Batches go to `concurrency` connections at once, each batch in its own transaction. Returns the
 * number of influencers inserted.
 */
async function insertLocked(app: App, lock: QueryRunner, people: DemoInfluencer[], offset: number, opts: InsertOptions): Promise<number> {
  const total = people.length;
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH));
  const batches = Math.ceil(total / batchSize);
  // Never more connections than the pool has (the first worker uses the lock's connection).
  const poolMax = (app.ds.options as { extra?: { max?: number } }).extra?.max ?? 10;
  const concurrency = Math.max(1, Math.min(Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY), batches, poolMax));
  opts.onProgress?.(0, total);
  if (total === 0) return 0;
  const tag = offset.toString(36);
  const passwordHash = await app.auth.hashPassword(DEMO_PASSWORD);
  const now = app.clock.now();
  let next = 0;
  let done = 0;
  let failed: unknown = null;

  const worker = async (k: number) => {
    const q = k === 0 ? lock : app.ds.createQueryRunner();
    try {
      await q.connect();
      while (failed === null && next < batches) {
        const start = next++ * batchSize;
        const slice = people.slice(start, start + batchSize).map((p, j) => {
          const m = EMAIL_INDEX.exec(p.email);
          const index = offset + (m ? Number(m[1]) : start + j);
          const local = m ? p.email.slice(0, m.index) : p.email.slice(0, p.email.indexOf('@'));
          return { ...p, email: `${local}.${index}@${DEMO_EMAIL_DOMAIN}` };
        });
        await q.startTransaction();
        try {
          const batch = await resolveHandles(q, slice, tag);
          await insertBatch(q, batch, passwordHash, now);
          await q.commitTransaction();
        } catch (err) {
          await q.rollbackTransaction().catch(() => undefined);
          throw err;
        }
        app.afterCommit();
        done += slice.length;
        opts.onProgress?.(done, total);
      }
    } catch (err) {
      failed ??= err;
    } finally {
      if (q !== lock) await q.release();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, k) => worker(k)));
  if (failed !== null) throw failed;
  return done;
}

/**
 * Inserts demo people: set-based, `batchSize` influencers per transaction. Emails get the next free
 * block of demo indexes, and a handle already taken on a platform gets a tag, so this can run any
 * number of times on the same database. Resolves to the number inserted.
 */
export async function insertDemoInfluencers(app: App, people: DemoInfluencer[], opts: InsertOptions = {}): Promise<number> {
  return withSeedLock(app, async (q) => insertLocked(app, q, people, await nextDemoIndex(q), opts));
}

export interface SeedDemoOptions extends InsertOptions {
  /** Called once the people are generated, before inserting starts. */
  onGenerated?: (count: number, seed: number) => void;
}

/**
 * Generates and inserts `count` demo influencers. Without a seed, it is derived from the first free
 * demo index (42 for the first seeding of a database), so each run adds different people.
 */
export async function seedDemo(app: App, count: number, seed?: number, opts: SeedDemoOptions = {}): Promise<number> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`The count must be a whole number >= 0 (got ${count}).`);
  return withSeedLock(app, async (q) => {
    const offset = await nextDemoIndex(q);
    const effectiveSeed = seed ?? DEMO_DEFAULT_SEED + offset;
    const people = generateDemoInfluencers({
      count,
      seed: effectiveSeed,
      now: app.clock.now(),
      minAge: app.config.minAge,
      consentTtlDays: app.config.consentTtlDays,
    });
    opts.onGenerated?.(people.length, effectiveSeed);
    return insertLocked(app, q, people, offset, opts);
  });
}

/**
 * Seeds demo data when SEED_DEMO says so, or, when it is unset, when the database has no
 * influencer yet and this is not production: DEMO_START_COUNT influencers and a demo agency.
 */
export async function seedDemoIfWanted(app: App): Promise<SeedResult | null> {
  const wanted = app.config.seedDemo ?? !app.config.production;
  if (!wanted) return null;
  const [{ n }]: Array<{ n: number }> = await app.ds.query(`SELECT count(*)::int AS n FROM influencer`);
  if (n > 0 && app.config.seedDemo === null) return null;
  const influencers = await seedDemo(app, DEMO_START_COUNT, n === 0 ? DEMO_DEFAULT_SEED : undefined);
  const { apiKey } = await app.auth.createAgency('Demo agency');
  return { influencers, apiKey };
}
