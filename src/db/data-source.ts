import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../entities';
import { TAXONOMY } from '../data/taxonomy';

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'permission' },
  });
}

/** Connect, run pending migrations and bring the shipped taxonomy up to date. */
export async function openDatabase(url: string, poolSize = 10): Promise<DataSource> {
  const ds = createDataSource(url, poolSize);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await syncTaxonomy(ds);
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
