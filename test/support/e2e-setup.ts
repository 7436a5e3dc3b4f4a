/**
 * The e2e tests run what `npm start` runs, dist/: build it first (tsc is incremental, so this is
 * quick when nothing changed), then the shared test PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import globalSetup from './global-setup';

export default async function e2eSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  await globalSetup();
}
