/**
 * Outside production, GraphiQL opens with the demo agency's API key already in its headers, so a
 * newcomer's first search after `npm start` is one click. Keys are stored only as hashes, so the
 * key itself is kept in DATA_DIR (owner-only) when the demo data is seeded; a later start reuses
 * it while it still authenticates, or gives the demo agency a new key when the file is gone.
 * With no demo agency (a database that was never seeded) there is no key to offer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from './app';

export const DEMO_AGENCY_NAME = 'Demo agency';
const FILE = 'demo-agency-key';

export function demoKeyFile(dataDir: string): string {
  return path.join(dataDir, FILE);
}

function remember(dataDir: string, key: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(demoKeyFile(dataDir), key + '\n', { mode: 0o600 });
  } catch {
    // a read-only DATA_DIR: the key still works for this run; the next start makes another
  }
}

/** The key GraphiQL should open with, or null (production, or no demo agency). */
export async function demoAgencyKey(app: App, seededKey: string | null): Promise<string | null> {
  if (app.config.production) return null;
  const dataDir = app.config.dataDir;
  if (seededKey) {
    remember(dataDir, seededKey);
    return seededKey;
  }
  let stored: string | null = null;
  try {
    stored = fs.readFileSync(demoKeyFile(dataDir), 'utf8').trim();
  } catch {
    stored = null;
  }
  if (stored) {
    const principal = await app.auth.agencyForKey(stored);
    if (principal?.agencyName === DEMO_AGENCY_NAME) return stored;
  }
  const [agency]: Array<{ id: string }> = await app.ds.query(`SELECT id FROM agency WHERE name = $1 ORDER BY created_at LIMIT 1`, [DEMO_AGENCY_NAME]);
  if (!agency) return null;
  const key = await app.auth.issueKey(app.ds, agency.id);
  remember(dataDir, key);
  return key;
}
