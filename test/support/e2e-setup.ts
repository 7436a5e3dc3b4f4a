/**
 * The e2e tests run what `npm start` runs, dist/: build it first (tsc is incremental, so this is
 * quick when nothing changed), then the shared test PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import globalSetup from './global-setup';

export default async function e2eSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  // the portal's bundle (npm run build:portal) when its sources or the schema are newer than it
  if (portalStale(root)) execFileSync('npm', ['run', 'build:portal', '--silent'], { cwd: root, stdio: 'inherit' });
  await globalSetup();
}

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'gql') t = Math.max(t, newest(p));
    } else t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function portalStale(root: string): boolean {
  const built = path.join(root, 'dist', 'portal', 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(newest(path.join(root, 'portal')), fs.statSync(path.join(root, 'schema.graphql')).mtimeMs);
  return sources > fs.statSync(built).mtimeMs;
}
