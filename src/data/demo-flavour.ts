/** Demo data: per topic group, how creators describe themselves and where they post. */
import type { Platform } from '../domain/platform';

export const GROUP_FLAVOUR: Record<string, { weight: number; roles: string[]; handleWords: string[] }> = {
  beauty: { weight: 12, roles: ['beauty creator', 'makeup artist', 'skincare nerd'], handleWords: ['beauty', 'glow', 'glam'] },
  fashion: { weight: 12, roles: ['stylist', 'fashion creator', 'style blogger'], handleWords: ['style', 'wears', 'closet'] },
  fitness: { weight: 12, roles: ['coach', 'fitness creator', 'wellness writer'], handleWords: ['fit', 'moves', 'strong'] },
  food: { weight: 12, roles: ['home cook', 'food writer', 'recipe developer'], handleWords: ['eats', 'cooks', 'kitchen', 'bakes'] },
  travel: { weight: 10, roles: ['travel creator', 'explorer', 'travel photographer'], handleWords: ['travels', 'wanders', 'abroad'] },
  tech: { weight: 7, roles: ['tech reviewer', 'developer', 'science communicator'], handleWords: ['tech', 'codes', 'explains'] },
  gaming: { weight: 7, roles: ['streamer', 'gamer', 'game reviewer'], handleWords: ['plays', 'gg', 'games'] },
  family: { weight: 6, roles: ['parent', 'family vlogger', 'parenting writer'], handleWords: ['family', 'home', 'kids'] },
  finance: { weight: 4, roles: ['money coach', 'investor', 'founder'], handleWords: ['money', 'invests', 'finance'] },
  home: { weight: 6, roles: ['interior lover', 'maker', 'plant parent'], handleWords: ['home', 'nest', 'grows'] },
  entertainment: { weight: 7, roles: ['music lover', 'film critic', 'bookworm'], handleWords: ['music', 'beats', 'reads'] },
  sports: { weight: 6, roles: ['athlete', 'sports fan', 'amateur athlete'], handleWords: ['sports', 'rides', 'goals'] },
  sustainability: { weight: 4, roles: ['eco creator', 'sustainability advocate', 'climate optimist'], handleWords: ['green', 'eco', 'lowwaste'] },
  art: { weight: 5, roles: ['artist', 'illustrator', 'designer'], handleWords: ['draws', 'art', 'studio', 'makes'] },
};

export const BASE_PLATFORM_WEIGHTS: Record<Platform, number> = {
  INSTAGRAM: 10,
  TIKTOK: 7,
  YOUTUBE: 5,
  X: 3,
  TWITCH: 0.6,
  LINKEDIN: 1,
  PINTEREST: 1.5,
  BLOG: 1.2,
};
export const PLATFORM_BOOSTS: Record<string, Partial<Record<Platform, number>>> = {
  gaming: { TWITCH: 9, YOUTUBE: 4, X: 1 },
  tech: { LINKEDIN: 3, X: 2, YOUTUBE: 3, BLOG: 1 },
  finance: { LINKEDIN: 6, X: 3, YOUTUBE: 2, BLOG: 1 },
  home: { PINTEREST: 4, BLOG: 1 },
  food: { PINTEREST: 2.5, BLOG: 2, YOUTUBE: 1 },
  fashion: { PINTEREST: 3 },
  art: { PINTEREST: 2.5 },
  travel: { BLOG: 2, YOUTUBE: 2 },
  family: { BLOG: 1.5, PINTEREST: 1 },
  entertainment: { YOUTUBE: 2, X: 1 },
  sports: { X: 1.5, YOUTUBE: 1 },
};
/** Platforms where a profile can be private. */
export const PRIVATE_CAPABLE: Platform[] = ['INSTAGRAM', 'TIKTOK', 'X'];

export const SECOND_SENTENCES: string[] = [
  'Café au lait enthusiast and eternal optimist.',
  'Always chasing the perfect crème brûlée.',
  'Slow mornings, big ideas.',
  'Powered by coffee and curiosity.',
  'Tips, tutorials and the occasional fail.',
  'New posts every Sunday.',
  'Naïve optimist, stubborn learner.',
  'Déjà vu is my favourite genre.',
  'Opinions are my own, recommendations are honest.',
  'Here for the community, not the algorithm.',
  'Bilingual captions, zero jargon.',
  'Joie de vivre, one post at a time.',
  'Piña colada on Fridays, spreadsheets on Mondays.',
  'Learning in public since day one.',
  'Proof that small accounts tell big stories.',
  'Currently obsessed with jalapeño everything.',
];

