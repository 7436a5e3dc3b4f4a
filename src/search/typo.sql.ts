/**
 * The index's words within a query word's typo budget (src/search/postgres.engine.ts), as one
 * repeatable routine (src/db/routines.ts).
 *
 * A mistake is a letter changed, added or dropped, or two neighbours swapped ("fitnses" for
 * "fitness"): `search_typo_distance`, the optimal string alignment distance, as Meilisearch counts
 * (a swap was two mistakes under plain Levenshtein, so a 5- to 8-letter word typed with two
 * letters swapped found nothing). TypeScript's `typoDistance` (src/domain/text.ts) is the same.
 *
 * Which words can be within k mistakes of a query word? A mistake other than a swap touches at most
 * 3 of a word's trigrams (pg_trgm's, `show_trgm`), a swap at most 4. So a word within k mistakes
 * of which at most one is a swap holds all but at most 3k + 1 of the query word's d distinct
 * trigrams, and so one of any 3k + 2 of them; with no swap, one of any 3k + 1. The candidates are
 * the words holding one of the query word's rarest trigrams (`search_typo_trigrams`, by the counts
 * in `search_trigram`), found through the GIN index on `search_vocabulary.trigrams`: 3k + 1 = 4
 * of them for one mistake, a swap being looked up by name instead (the word with two neighbours
 * swapped, `search_typo_swaps`); 3k + 2 = 8 for two, two swaps by name. Their length within k of
 * the query's, then the distance decide (plain Levenshtein first, far cheaper; beyond the budget
 * by it, only a word a swap away can be within the budget, and only such a word is counted).
 * When d is no more than that (a short or repeated-letter word), all d are asked for. Budgets
 * are 1 and 2 (`typoBudget`).
 *
 * Before, the candidates came from pg_trgm's similarity operator (`%`) with its threshold set to
 * the same bound as a similarity, (d - 3k) / (d + 3k). Its index keeps every word sharing that
 * fraction of the query's trigrams counted against the query alone, so a word typed so far that
 * begins like thousands of others ("theao", "therahulb": every word beginning with "th" shares
 * two or three of their trigrams) had its similarity computed against all of them: 17-31 ms for
 * one word, against about 1 ms for most (issue 9: 12% of a cache miss's engine time). Choosing
 * the rarest trigrams leaves out the commonest; where one common trigram must still be asked for
 * (4 of a 5-letter word's 6, 8 of a 9-letter word's 10), its words are checked by length and plain
 * Levenshtein, not by similarity. The counts only order the choice, so a stale count can cost
 * speed, never a word, and they are refreshed as a whole now and then (`search_trigram_refresh`,
 * from the engine's settle()).
 *
 * VOLATILE, although it only reads: the planner evaluates a STABLE function whose arguments it
 * knows while it estimates the engine's statement, which ran the whole lookup a second time
 * (planning 0.3 -> 0.6-1.5 ms a search).
 */
import type { Routine } from '../db/routines';

export const SEARCH_TYPO_SQL = `
-- Of a query word's distinct trigrams, the 4k held by the fewest vocabulary words (a trigram not
-- counted yet counts as held by none), or all of them when there are no more than that: 4 for a
-- budget of 1 (3k + 1), 8 for 2 (3k + 2, one swap among the two mistakes)
CREATE FUNCTION search_typo_trigrams(p_word text, p_budget integer) RETURNS text[]
LANGUAGE sql STABLE AS $fn$
  SELECT ARRAY(SELECT x FROM unnest(show_trgm(p_word)) x LEFT JOIN search_trigram f ON f.trgm = x
               ORDER BY coalesce(f.words, 0), x LIMIT 4 * greatest(p_budget, 0))
$fn$;

-- The word with each pair of different neighbours swapped
CREATE FUNCTION search_typo_swaps(p_word text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT coalesce(array_agg(overlay(p_word PLACING substr(p_word, i + 1, 1) || substr(p_word, i, 1) FROM i FOR 2) ORDER BY i), '{}')
  FROM generate_series(1, length(p_word) - 1) i
  WHERE substr(p_word, i, 1) <> substr(p_word, i + 1, 1)
$fn$;

-- Mistakes between two words: letters changed, added or dropped, neighbours swapped, one each
-- (optimal string alignment), by character
CREATE FUNCTION search_typo_distance(p_a text, p_b text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  s text[] := regexp_split_to_array(p_a, '');
  t text[] := regexp_split_to_array(p_b, '');
  m integer := length(p_a);
  n integer := length(p_b);
  before integer[];
  prev integer[];
  cur integer[];
  d integer;
BEGIN
  IF m = 0 THEN
    RETURN n;
  END IF;
  IF n = 0 THEN
    RETURN m;
  END IF;
  -- rows of the distance table, column j (0..n) at index j + 1
  prev := ARRAY(SELECT generate_series(0, n));
  before := prev;
  FOR i IN 1..m LOOP
    cur := ARRAY[i];
    FOR j IN 1..n LOOP
      d := least(prev[j + 1] + 1, cur[j] + 1, prev[j] + CASE WHEN s[i] = t[j] THEN 0 ELSE 1 END);
      IF i > 1 AND j > 1 AND s[i] <> t[j] AND s[i] = t[j - 1] AND s[i - 1] = t[j] THEN
        d := least(d, before[j - 1] + 1);
      END IF;
      cur := cur || d;
    END LOOP;
    before := prev;
    prev := cur;
  END LOOP;
  RETURN prev[n + 1];
END
$fn$;

CREATE FUNCTION search_typo_words(p_word text, p_budget integer) RETURNS text[]
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  keep text[];
  swaps text[] := search_typo_swaps(p_word);
  names text[];
BEGIN
  IF p_budget <= 0 THEN
    RETURN '{}';
  END IF;
  IF p_budget > 2 THEN
    RAISE EXCEPTION 'search_typo_words: a budget of 1 or 2, not %', p_budget;
  END IF;
  keep := search_typo_trigrams(p_word, p_budget);
  -- a swap (one mistake) or two (two), which the trigrams asked for need not find, by name
  names := CASE WHEN p_budget = 1 THEN swaps
                ELSE ARRAY(SELECT DISTINCT x FROM unnest(swaps) w, unnest(search_typo_swaps(w)) x) END;
  RETURN ARRAY(SELECT v.word FROM search_vocabulary v
               WHERE (v.trigrams && keep OR v.word = ANY (names))
                 AND length(v.word) BETWEEN length(p_word) - p_budget AND length(p_word) + p_budget
                 -- within k letter by letter; else only with a swap: a swap away by name, or (two
                 -- mistakes) one letter from the word with a swap, then counted exactly
                 AND CASE WHEN levenshtein_less_equal(v.word, p_word, p_budget) <= p_budget THEN true
                          -- (a swap is two letter by letter)
                          WHEN levenshtein_less_equal(v.word, p_word, 2 * p_budget) > 2 * p_budget THEN false
                          WHEN v.word = ANY (names) THEN search_typo_distance(v.word, p_word) <= p_budget
                          WHEN p_budget = 2 AND levenshtein_less_equal(v.word, p_word, 3) <= 3
                               AND EXISTS (SELECT 1 FROM unnest(swaps) w WHERE levenshtein_less_equal(v.word, w, 1) <= 1)
                            THEN search_typo_distance(v.word, p_word) <= p_budget
                          ELSE false END);
END
$fn$;

-- The trigram counts anew when the last count is older than p_max_age or there is none (a
-- cleared or new index); true when it counted. One process at a time, and none waits for
-- another's count (the state row, locked or skipped).
CREATE FUNCTION search_trigram_refresh(p_max_age interval) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  UPDATE search_trigram_state SET refreshed_at = now()
  WHERE id IN (SELECT s.id FROM search_trigram_state s
               WHERE s.refreshed_at < now() - p_max_age OR NOT EXISTS (SELECT 1 FROM search_trigram)
               FOR UPDATE SKIP LOCKED);
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  DELETE FROM search_trigram;
  INSERT INTO search_trigram (trgm, words) SELECT t, count(*) FROM search_vocabulary, unnest(trigrams) t GROUP BY t;
  RETURN true;
END
$fn$;
`;

export const SEARCH_TYPO_DROP_SQL = `
DROP FUNCTION IF EXISTS search_typo_words(text, integer);
DROP FUNCTION IF EXISTS search_typo_trigrams(text, integer);
DROP FUNCTION IF EXISTS search_typo_distance(text, text);
DROP FUNCTION IF EXISTS search_typo_swaps(text);
DROP FUNCTION IF EXISTS search_trigram_refresh(interval);
`;

export const SEARCH_TYPO_ROUTINE: Routine = { name: 'search-typo-words', drop: SEARCH_TYPO_DROP_SQL, create: SEARCH_TYPO_SQL };
