/** The social networks an influencer can connect. The database enum `platform` has the same values. */
export const PLATFORMS = ['INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'X', 'TWITCH', 'LINKEDIN', 'PINTEREST', 'BLOG'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const isPlatform = (v: string): v is Platform => (PLATFORMS as readonly string[]).includes(v);
