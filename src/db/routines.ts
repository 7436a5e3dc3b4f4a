/**
 * Repeatable routines: SQL functions whose one live definition sits in a source file, applied
 * after the migrations whenever that text changes (as Flyway's repeatable migrations do).
 * Migrations are history; a routine is the current truth, so it is never copied into two of them.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A routine: its name, how to drop it, how to create it. The modules that own them define them. */
export interface Routine {
  name: string;
  drop: string;
  create: string;
}

const checksum = (r: Routine): string => createHash('sha256').update(r.drop).update('\0').update(r.create).digest('hex');

/** Apply every routine whose text differs from what the database holds; safe to race (one lock). */
export async function applyRoutines(ds: DataSource, routines: readonly Routine[]): Promise<void> {
  await ds.query(`CREATE TABLE IF NOT EXISTS schema_routine (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const held: Array<{ name: string; checksum: string }> = await ds.query(`SELECT name, checksum FROM schema_routine`);
  const stale = routines.filter((r) => held.find((h) => h.name === r.name)?.checksum !== checksum(r));
  if (!stale.length) return;
  await ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('permission.routines', 0))`);
    for (const r of stale) {
      const [row]: Array<{ checksum: string }> = await m.query(`SELECT checksum FROM schema_routine WHERE name = $1`, [r.name]);
      if (row?.checksum === checksum(r)) continue; // another process applied it meanwhile
      await m.query(r.drop);
      await m.query(r.create);
      await m.query(
        `INSERT INTO schema_routine (name, checksum) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
        [r.name, checksum(r)],
      );
    }
  });
}
