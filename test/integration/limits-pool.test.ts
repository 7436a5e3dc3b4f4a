/**
 * The rate limiters' pool (src/limits/rate-limits.ts): an idle connection that the database ends
 * is reported, except while the pool itself is ending. Seen in a full test run: pg-pool's end()
 * resolved before its connections had closed, the embedded PostgreSQL stopped next, and the
 * shutdown logged "rate limits: an idle database connection failed (terminating connection due
 * to administrator command)" (test/e2e/shutdown.test.ts refuses any "failed" in its output).
 */
import { Client } from 'pg';
import { createLimitsPool } from '../../src/limits/rate-limits';
import { createTestDatabase } from '../support/test-app';

describe('the rate limiters\' pool', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase();
  });

  /** One idle connection in the pool, and its backend's pid. */
  async function idleConnection(log: (line: string) => void) {
    const pool = createLimitsPool(url, log);
    const { rows } = await pool.query(`SELECT pg_backend_pid() AS pid`);
    return { pool, pid: rows[0].pid as number };
  }

  async function terminate(pid: number) {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
    } finally {
      await admin.end();
    }
  }

  const until = async (done: () => boolean) => {
    for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('reports an idle connection the database ended (a restart), and opens another for the next spend', async () => {
    const lines: string[] = [];
    const { pool, pid } = await idleConnection((line) => lines.push(line));
    try {
      await terminate(pid);
      await until(() => lines.length > 0);
      expect(lines).toEqual([expect.stringMatching(/^rate limits: an idle database connection failed \(terminating connection due to administrator command\)/)]);
      const { rows } = await pool.query(`SELECT pg_backend_pid() AS pid`);
      expect(rows[0].pid).not.toBe(pid);
    } finally {
      await pool.end();
    }
  });

  it('says nothing when a connection ends while the pool is ending (a shutdown)', async () => {
    const lines: string[] = [];
    const { pool, pid } = await idleConnection((line) => lines.push(line));
    const [client] = (pool as unknown as { _clients: unknown[] })._clients;
    const ended = pool.end();
    // what pg-pool passes on when the database ends the connection before the pool has closed it
    pool.emit('error', new Error('terminating connection due to administrator command'), client);
    await ended;
    await terminate(pid);
    expect(pool.ending).toBe(true);
    expect(lines).toEqual([]);
  });
});
