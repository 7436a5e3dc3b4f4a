import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__PERMISSION_TEST_DB__ as { stop(): Promise<void>; dir: string } | undefined;
  if (!db) return;
  // several projects share one database and each tears down: the first one stops it
  delete (globalThis as Record<string, unknown>).__PERMISSION_TEST_DB__;
  await db.stop();
  fs.rmSync(db.dir, { recursive: true, force: true });
}
