/**
 * Text folding, the one TypeScript definition: lower case, accents and marks removed, the letters
 * that do not decompose (ß, æ, ø, ł, ...) spelled out as PostgreSQL's `unaccent` does. It matches
 * SQL's `search_fold()` (test/integration/text-fold.test.ts holds them to it), so what the read
 * path says matched is what the engine matched.
 */
const SPELLED_OUT: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't' };
const SPELLED_OUT_RE = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g');

export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(SPELLED_OUT_RE, (c) => SPELLED_OUT[c]);
}

/** The folded words of a text (letters and digits), in order, repeats kept. */
export function foldedWords(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Mistakes tolerated in a query word, by its length: none below 5 letters, one from 5, two from 9
 * (Meilisearch's defaults; the postgres engine applies the same, and the read path's evidence too).
 */
export function typoBudget(word: string): number {
  const n = [...word].length;
  return n >= 9 ? 2 : n >= 5 ? 1 : 0;
}
