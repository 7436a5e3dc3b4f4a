/**
 * Per-request DataLoaders. The listable-profile loader applies the eligibility rule inside its
 * one SQL statement, so whatever the search engine returns, only people listable right now come
 * back (defence in depth: the index may lag, the rule never does).
 */
import DataLoader from 'dataloader';
import type { App } from './app';
import type { Eligibility } from './consent/eligibility';
import { loadPublicProfiles, type PublicProfile } from './search/document';
import type { LoadListable } from './search/search.service';

export interface Loaders {
  eligibility: DataLoader<string, Eligibility | null>;
  listableProfile: DataLoader<string, PublicProfile | null>;
  /** The listable-profile loader as the read path takes it: many ids, in order, errors thrown. */
  loadListable: LoadListable;
}

export function createLoaders(app: App): Loaders {
  const listableProfile = new DataLoader(async (ids: readonly string[]) => {
    const profiles = await loadPublicProfiles(app.ds, app.rule, app.topics, ids);
    return ids.map((id) => profiles.get(id) ?? null);
  });
  return {
    eligibility: new DataLoader(async (ids: readonly string[]) => {
      const verdicts = await app.rule.evaluate(app.ds, ids);
      return ids.map((id) => verdicts.get(id) ?? null);
    }),
    listableProfile,
    loadListable: async (ids) =>
      (await listableProfile.loadMany(ids)).map((p) => {
        if (p instanceof Error) throw p;
        return p;
      }),
  };
}
