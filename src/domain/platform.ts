/** The social networks an influencer can connect. The database enum `platform` has the same values. */
export const PLATFORMS = ['INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'X', 'TWITCH', 'LINKEDIN', 'PINTEREST', 'BLOG'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const isPlatform = (v: string): v is Platform => (PLATFORMS as readonly string[]).includes(v);

/** Each platform's own spelling of its name, for messages. */
export const PLATFORM_NAMES: Record<Platform, string> = {
  INSTAGRAM: 'Instagram', TIKTOK: 'TikTok', YOUTUBE: 'YouTube', X: 'X', TWITCH: 'Twitch', LINKEDIN: 'LinkedIn', PINTEREST: 'Pinterest', BLOG: 'the blog',
};
