/**
 * Statements that run on every request, planned once per connection: a named prepared statement
 * on the DataSource's pg pool. The listable-profile loader inlines the eligibility rule, and
 * planning that took about a third of its time (issue 9: 3,020 of 8,518 ms under the search
 * load, pg_stat_statements). PostgreSQL re-plans a prepared statement by itself when what it
 * depends on changes (a new rule definition, a migration).
 *
 * Inside a transaction (an EntityManager), or on anything but a pg pool, the statement runs as
 * usual through `query`.
 */
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Queryable } from '../consent/eligibility';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** The statement's name: from its text, so two texts never share one (pg refuses that). */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

function poolOf(db: Queryable): PgPool | null {
  if (!(db instanceof DataSource) || db.options.type !== 'postgres') return null;
  const pool = (db.driver as unknown as { master?: PgPool }).master;
  return pool && typeof pool.query === 'function' ? pool : null;
}

/** Runs `text` with `params` as a prepared statement where it can; rows as `query` returns them. */
export async function preparedQuery<T = unknown>(db: Queryable, text: string, params: unknown[]): Promise<T[]> {
  const pool = poolOf(db);
  if (!pool) return (await db.query(text, params)) as T[];
  // TypeORM's logger sees it as it sees every other statement (tests count statements by it)
  (db as DataSource).logger.logQuery(text, params);
  const res = await pool.query({ name: nameOf(text), text, values: params });
  return res.rows as T[];
}
