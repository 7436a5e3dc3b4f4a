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

/**
 * How many mistakes turn one word into the other, as typo tolerance counts them: a letter changed,
 * added or dropped, or two neighbours swapped, each one mistake (the optimal string alignment
 * distance: Damerau-Levenshtein without editing a swapped pair again; Meilisearch counts a swap
 * as one too). By code point. SQL's `search_typo_distance()` is the same (held to it by
 * test/integration/typo-words.test.ts), so the read path's evidence says what the engine matched.
 */
export function typoDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let before: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const same = s[i - 1] === t[j - 1];
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1] && !same) d = Math.min(d, before[j - 2] + 1);
      cur.push(d);
    }
    before = prev;
    prev = cur;
  }
  return prev[t.length];
}
