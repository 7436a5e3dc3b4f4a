/**
 * Per-request DataLoaders. The listable-profile loader applies the eligibility rule inside its
 * one SQL statement, so whatever the search engine returns, only people listable right now come
 * back (defence in depth: the index may lag, the rule never does).
 */
import DataLoader from 'dataloader';
import type { App } from './app';
import type { Eligibility } from './consent/eligibility';
import { loadPublicProfiles, type PublicProfile } from './search/document';

export interface Loaders {
  eligibility: DataLoader<string, Eligibility | null>;
  listableProfile: DataLoader<string, PublicProfile | null>;
}

export function createLoaders(app: App): Loaders {
  return {
    eligibility: new DataLoader(async (ids: readonly string[]) => {
      const verdicts = await app.rule.evaluate(app.ds, ids);
      return ids.map((id) => verdicts.get(id) ?? null);
    }),
    listableProfile: new DataLoader(async (ids: readonly string[]) => {
      const profiles = await loadPublicProfiles(app.ds, app.rule, app.topics, ids);
      return ids.map((id) => profiles.get(id) ?? null);
    }),
  };
}
