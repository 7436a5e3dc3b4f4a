/**
 * One real PostgreSQL for the whole run: the embedded one (in a temporary directory), or the one
 * named by TEST_DATABASE_URL. Each test file then creates its own database in it, with the
 * superuser, owned by the application's role (TEST_DATABASE_APP_USER / _PASSWORD, when given):
 * the app runs as it does in production, without superuser rights.
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
  const app = new URL(db.url);
  process.env.TEST_DATABASE_URL = db.adminUrl;
  process.env.TEST_DATABASE_APP_USER = decodeURIComponent(app.username);
  process.env.TEST_DATABASE_APP_PASSWORD = decodeURIComponent(app.password);
  (globalThis as Record<string, unknown>).__PERMISSION_TEST_DB__ = { stop: db.stop, dir };
}
