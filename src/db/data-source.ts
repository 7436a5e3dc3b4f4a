import { DataSource, type Logger } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../entities';
import { TAXONOMY } from '../data/taxonomy';
import { applyRoutines, type Routine } from './routines';

/** Called with every SQL statement and its parameters (tests count them). */
export type QueryObserver = (sql: string, params?: unknown[]) => void;

/** Sees every SQL statement (tests count them); otherwise TypeORM logs nothing. */
function observingLogger(onQuery: QueryObserver): Logger {
  const quiet = () => undefined;
  return { logQuery: (sql, params) => onQuery(sql, Array.isArray(params) ? params : undefined), logQueryError: quiet, logQuerySlow: quiet, logSchemaBuild: quiet, logMigration: quiet, log: quiet };
}

export function createDataSource(url: string, poolSize = 10, onQuery?: QueryObserver): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: onQuery ? ['query'] : false,
    logger: onQuery ? observingLogger(onQuery) : undefined,
    extra: { max: poolSize, application_name: 'permission' },
  });
}

/** pg_advisory_lock key held while migrating: one process at a time (several api replicas start together). */
export const MIGRATION_LOCK_KEY = 0x6d19_0001;

/**
 * Connect, run pending migrations, apply changed `routines` (the rule: the composition root
 * passes them, so this module depends on none of their owners) and bring the shipped
 * taxonomy up to date. Several processes
 * may start at once on one database (api replicas, the CLI): they take turns under an advisory
 * lock, so the second finds the migrations done instead of racing the first.
 */
export async function openDatabase(url: string, routines: readonly Routine[], poolSize = 10, onQuery?: QueryObserver): Promise<DataSource> {
  const ds = createDataSource(url, poolSize, onQuery);
  await ds.initialize();
  try {
    const lock = ds.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await ds.runMigrations({ transaction: 'each' });
        await applyRoutines(ds, routines);
        await syncTaxonomy(ds);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      await lock.release();
    }
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    throw err;
  }
  return ds;
}

/** The taxonomy ships as data; upsert it (parents first) so a release can add or rename topics. */
export async function syncTaxonomy(ds: DataSource): Promise<void> {
  const slugs = TAXONOMY.map((t) => t.slug);
  const names = TAXONOMY.map((t) => t.name);
  const parents = TAXONOMY.map((t) => t.parent);
  await ds.query(
    `INSERT INTO topic (slug, name, parent_slug)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, parent_slug = EXCLUDED.parent_slug
     WHERE (topic.name, topic.parent_slug) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.parent_slug)`,
    [slugs, names, parents],
  );
}
