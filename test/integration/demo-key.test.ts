/**
 * Outside production, GraphiQL opens with the demo agency's key: the key seeded at the first
 * start is kept in DATA_DIR (owner-only) and reused; when the file is gone the demo agency gets a
 * new key; without a demo agency, or in production, there is none and GraphiQL shows a placeholder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../../src/app';
import { demoAgencyKey, demoKeyFile } from '../../src/demo-key';
import { startServer } from '../../src/server';
import { createTestApp } from '../support/test-app';

describe('the demo agency key GraphiQL opens with', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-demokey-'));
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({ env: { DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('none before there is a demo agency', async () => {
    expect(await demoAgencyKey(app, null)).toBeNull();
    expect(fs.existsSync(demoKeyFile(dataDir))).toBe(false);
  });

  it('the seeded key is kept owner-only and reused by later starts; a lost file gets a new working key', async () => {
    const { apiKey } = await app.auth.createAgency('Demo agency'); // what seeding does
    expect(await demoAgencyKey(app, apiKey)).toBe(apiKey);
    expect(fs.readFileSync(demoKeyFile(dataDir), 'utf8').trim()).toBe(apiKey);
    expect(fs.statSync(demoKeyFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(await demoAgencyKey(app, null)).toBe(apiKey);

    fs.rmSync(demoKeyFile(dataDir));
    const fresh = await demoAgencyKey(app, null);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(apiKey);
    expect((await app.auth.agencyForKey(fresh!))?.agencyName).toBe('Demo agency');
    expect(fs.readFileSync(demoKeyFile(dataDir), 'utf8').trim()).toBe(fresh);

    // a stored key that no longer works (revoked) is replaced too
    expect(await app.auth.revokeKey(fresh!.split('_')[1])).toBe(true);
    const replaced = await demoAgencyKey(app, null);
    expect(replaced).not.toBe(fresh);
    expect((await app.auth.agencyForKey(replaced!))?.agencyName).toBe('Demo agency');
  });

  it('never in production', async () => {
    const production = { ...app, config: { ...app.config, production: true } } as App;
    expect(await demoAgencyKey(production, null)).toBeNull();
  });

  it('GraphiQL carries the key in its headers when given one, a placeholder otherwise', async () => {
    const key = await demoAgencyKey(app, null);
    const withKey = await startServer(app, 0, '127.0.0.1', { graphiqlKey: key });
    const without = await startServer(app, 0, '127.0.0.1');
    try {
      const html = await (await fetch(`${withKey.url}/graphiql`)).text();
      expect(html).toContain(`Bearer ${key}`);
      expect(html).toContain("holds the demo agency's key");
      const plain = await (await fetch(`${without.url}/graphiql`)).text();
      expect(plain).toContain('Bearer pk_...');
      expect(plain).not.toMatch(/pk_[0-9a-f]{12}_/);
    } finally {
      await withKey.close();
      await without.close();
    }
  });
});
