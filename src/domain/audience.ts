/** What agencies may read of a person's audience: each network for itself, and these two totals, nothing scored. */
import type { Platform } from './platform';

/** The figures of one public account that the totals read. */
export interface AccountFigures {
  platform: Platform;
  followers: number;
  engagementRate: number | null;
}

/** Followers over public accounts: the only "size" agencies see, each network also shown alone. */
export const totalFollowers = (accounts: readonly AccountFigures[]): number => accounts.reduce((n, a) => n + a.followers, 0);

/** The best engagement rate over public accounts (0 when none is known). */
export const bestEngagement = (accounts: readonly AccountFigures[]): number => Math.max(0, ...accounts.map((a) => a.engagementRate ?? 0));

