/**
 * The index's words within a query word's typo budget (src/search/postgres.engine.ts), as one
 * repeatable routine (src/db/routines.ts).
 *
 * The vocabulary's trigram index finds the candidates (`%`, pg_trgm's similarity threshold), the
 * edit distance decides. Which threshold may the index use without losing a word? One edit
 * (a letter changed, added or dropped) touches at most 3 of a word's trigrams, so for a query
 * word with d distinct trigrams and a word at most k edits away, at least d - 3k trigrams are
 * shared and at most d + 3k are in either: the similarity is at least (d - 3k) / (d + 3k).
 * For one typo in a word of 5 letters that is 1/3, of 8 letters 1/2; for two in 9 letters 1/4.
 *
 * A fixed threshold is wrong both ways: pg_trgm's default of 0.3 lost about 45% of the words two
 * substitutions away from a 9- or 10-letter word (their similarity is 0.25-0.29), and for a
 * misspelt word of 6 letters or more it made the index return some 1,200 candidates to recheck
 * where the bound leaves a few ("marathon": 2.6 -> 0.65 ms; a word typed so far, "marath", still
 * shares its first trigrams with hundreds). So the threshold is the bound, set for this
 * call only (a function's SET clause restores it on exit), a hair lower for float rounding.
 * A degenerate word, one whose bound is not above 0 (nine letters or more with at most 6
 * distinct trigrams: "aaaaaaaaa", "ababababab"; no word of a language), keeps pg_trgm's 0.3: the
 * exact alternative, comparing it with every word of a length in reach, took 13 ms on the
 * 100,000 vocabulary, and a query of eight such words would cost a tenth of a second.
 *
 * VOLATILE, although it only reads: the planner evaluates a STABLE function whose arguments it
 * knows while it estimates the engine's statement, which ran the whole lookup a second time
 * (planning 0.3 -> 0.6-1.5 ms a search).
 */
import type { Routine } from '../db/routines';

export const SEARCH_TYPO_SQL = `
-- pg_trgm's parameters exist once its library is loaded in the session; before, the SET clause
-- below would name an unknown one, which only a superuser may attach to a function
SELECT similarity('', '');
CREATE FUNCTION search_typo_words(p_word text, p_budget integer) RETURNS text[]
LANGUAGE plpgsql VOLATILE
SET pg_trgm.similarity_threshold = 0.3
AS $fn$
DECLARE
  d integer := cardinality(show_trgm(p_word));
BEGIN
  IF p_budget <= 0 THEN
    RETURN '{}';
  END IF;
  PERFORM set_config('pg_trgm.similarity_threshold',
                     CASE WHEN d - 3 * p_budget <= 0 THEN 0.3 ELSE (d - 3 * p_budget)::float8 / (d + 3 * p_budget) - 1e-6 END::text, true);
  RETURN ARRAY(SELECT v.word FROM search_vocabulary v
               WHERE v.word % p_word AND levenshtein_less_equal(v.word, p_word, p_budget) <= p_budget);
END
$fn$;
`;

export const SEARCH_TYPO_DROP_SQL = `DROP FUNCTION IF EXISTS search_typo_words(text, integer);`;

export const SEARCH_TYPO_ROUTINE: Routine = { name: 'search-typo-words', drop: SEARCH_TYPO_DROP_SQL, create: SEARCH_TYPO_SQL };
