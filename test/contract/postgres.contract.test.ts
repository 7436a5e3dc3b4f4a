/**
 * The engine contract against `PostgresSearchEngine`, on a database of its own (migrated by
 * createApp, which creates the `search_document` table). The app's indexer is never started, so
 * nothing but the contract writes to the table; the contract clears it before each group.
 */
import type { App } from '../../src/app';
import { PostgresSearchEngine } from '../../src/search/postgres.engine';
import { createTestApp } from '../support/test-app';
import { engineContract } from './engine.contract';

engineContract('postgres', async () => {
  const app: App = await createTestApp();
  const engine = new PostgresSearchEngine(app.ds);
  await engine.clear();
  return {
    engine,
    cleanup: () => app.close(),
  };
});
