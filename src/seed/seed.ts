import type { App } from '../app';

export interface SeedResult {
  influencers: number;
  apiKey: string;
}

/** Seeds demo data when SEED_DEMO says so, or when unset, the database is empty and not in production. */
export async function seedDemoIfWanted(app: App): Promise<SeedResult | null> {
  const wanted = app.config.seedDemo ?? !app.config.production;
  if (!wanted) return null;
  const [{ n }]: Array<{ n: number }> = await app.ds.query(`SELECT count(*)::int AS n FROM influencer`);
  if (n > 0 && app.config.seedDemo === null) return null;
  const { apiKey } = await app.auth.createAgency('Demo agency');
  return { influencers: 0, apiKey };
}
