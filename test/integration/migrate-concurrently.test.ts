/**
 * Several api processes started together on one empty database (docker-compose up --scale api=3,
 * a rolling deploy): they migrate in turn, each migration is applied once, and all of them start.
 */
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/db/data-source';
import { ELIGIBILITY_ROUTINE } from '../../src/consent/rule.sql';
import { MIGRATIONS } from '../../src/entities';
import { createTestDatabase } from '../support/test-app';

describe('migrations from several processes at once', () => {
  const opened: DataSource[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((ds) => ds.destroy()));
  });

  it('all open the database; every migration is recorded once; the taxonomy is there once', async () => {
    const url = await createTestDatabase();
    const results = await Promise.allSettled([1, 2, 3].map(() => openDatabase(url, [ELIGIBILITY_ROUTINE], 2)));
    for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    const rows: Array<{ name: string; n: number }> = await opened[0].query(`SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name`);
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const [{ dupes }] = await opened[0].query(`SELECT count(*) - count(DISTINCT slug) AS dupes FROM topic`);
    expect(Number(dupes)).toBe(0);
  });
});
