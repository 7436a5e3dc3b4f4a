/**
 * One real PostgreSQL for the whole run: the embedded one (in a temporary directory), or the one
 * named by TEST_DATABASE_URL. Each test file then creates its own database in it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-test-'));
  fs.chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres(dir);
  process.env.TEST_DATABASE_URL = db.url;
  (globalThis as Record<string, unknown>).__PERMISSION_TEST_DB__ = { stop: db.stop, dir };
}
