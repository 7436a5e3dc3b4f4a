import type { ConsentPurpose, Platform } from '../gql/graphql';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface Option {
  code: string;
  name: string;
}

// Not countries: user-assigned and grouping codes (the API refuses them too)
const NOT_COUNTRY = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;

let countries: Option[] | null = null;
/** ISO 3166-1 alpha-2 countries with their English names, from the browser's own data. */
export function countryOptions(): Option[] {
  if (!countries) {
    countries = [];
    for (const a of LETTERS) {
      for (const b of LETTERS) {
        const code = a + b;
        const name = regionNames.of(code);
        if (!NOT_COUNTRY.test(code) && name && name !== code) countries.push({ code, name });
      }
    }
    countries.sort((x, y) => x.name.localeCompare(y.name, 'en'));
  }
  return countries;
}

let languages: Option[] | null = null;
/** ISO 639-1 languages with their English names. */
export function languageOptions(): Option[] {
  if (!languages) {
    languages = [];
    for (const a of LETTERS.toLowerCase()) {
      for (const b of LETTERS.toLowerCase()) {
        const code = a + b;
        const name = languageNames.of(code);
        if (name && name !== code) languages.push({ code, name });
      }
    }
    languages.sort((x, y) => x.name.localeCompare(y.name, 'en'));
  }
  return languages;
}

export const countryName = (code: string | null | undefined): string => (code ? (regionNames.of(code) ?? code) : '');
export const languageName = (code: string): string => languageNames.of(code) ?? code;

/** "France", "france", "FR" or "France (FR)" to "FR"; null when it names no country. */
export function countryCode(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const m = /\(([A-Za-z]{2})\)\s*$/.exec(t);
  const wanted = (m ? m[1] : t).toLowerCase();
  const hit = countryOptions().find((c) => c.code.toLowerCase() === wanted || c.name.toLowerCase() === wanted);
  return hit?.code ?? null;
}

export function languageCode(text: string): string | null {
  const t = text.trim().toLowerCase();
  const m = /\(([a-z]{2})\)\s*$/.exec(t);
  const wanted = m ? m[1] : t;
  return languageOptions().find((l) => l.code === wanted || l.name.toLowerCase() === wanted)?.code ?? null;
}

export const optionLabel = (o: Option): string => `${o.name} (${o.code})`;

const PLATFORM_NAMES: Record<Platform, string> = {
  INSTAGRAM: 'Instagram', TIKTOK: 'TikTok', YOUTUBE: 'YouTube', X: 'X', TWITCH: 'Twitch',
  LINKEDIN: 'LinkedIn', PINTEREST: 'Pinterest', BLOG: 'Blog',
};
export const PLATFORMS = Object.keys(PLATFORM_NAMES) as Platform[];
export const platformName = (p: Platform): string => PLATFORM_NAMES[p];

export const PURPOSE_TITLE: Record<ConsentPurpose, string> = {
  DISCOVERY: 'Agencies may find me',
  CONTACT: 'Agencies may ask to contact me',
};

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');
export const followers = (n: number): string => (n >= 10_000 ? compact.format(n) : whole.format(n));
export const percent = (f: number | null | undefined): string => (f == null ? '—' : `${(f * 100).toFixed(1)}%`);

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
export const date = (iso: string | null | undefined): string => (iso ? dateFmt.format(new Date(iso)) : '');
export const dateTime = (iso: string): string => dateTimeFmt.format(new Date(iso));
export const time = (d: Date): string => d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** Topic weights in plain words: how much of my content is about it. */
export const WEIGHTS = [
  { word: 'some', weight: 0.3, label: 'Some of my content' },
  { word: 'much', weight: 0.6, label: 'Much of my content' },
  { word: 'most', weight: 1, label: 'Most of my content' },
] as const;
export type WeightWord = (typeof WEIGHTS)[number]['word'];
export const weightWord = (w: number): WeightWord => (w <= 0.4 ? 'some' : w <= 0.75 ? 'much' : 'most');
export const weightOf = (word: WeightWord): number => WEIGHTS.find((x) => x.word === word)!.weight;

export const daysUntil = (iso: string, now = Date.now()): number => Math.ceil((new Date(iso).getTime() - now) / 86_400_000);
