/**
 * The index's words within a query word's typo budget (src/search/postgres.engine.ts), as one
 * repeatable routine (src/db/routines.ts).
 *
 * Which words can be within k edits of a query word? One edit (a letter changed, added or
 * dropped) touches at most 3 of a word's trigrams, so a word at most k edits away holds all but
 * at most 3k of the query word's d distinct trigrams (pg_trgm's, `show_trgm`). Any 3k + 1 of them
 * therefore include one it holds: the candidates are the words holding at least one of the
 * 3k + 1 rarest (`search_typo_trigrams`, by the counts in `search_trigram`), found through the GIN
 * index on `search_vocabulary.trigrams`; their length within k of the query's and the edit
 * distance decide. When d <= 3k (a word of repeated letters: "aaaaaaaaa"), all d are asked for.
 *
 * Before, the candidates came from pg_trgm's similarity operator (`%`) with its threshold set to
 * the same bound as a similarity, (d - 3k) / (d + 3k). Its index keeps every word sharing that
 * fraction of the query's trigrams counted against the query alone, so a word typed so far that
 * begins like thousands of others ("theao", "therahulb": every word beginning with "th" shares
 * two or three of their trigrams) had its similarity computed against all of them: 17-31 ms for
 * one word, against about 1 ms for most (issue 9: 12% of a cache miss's engine time). Choosing
 * the rarest trigrams leaves those few candidates; the counts only order the choice, so a stale
 * count can cost speed, never a word, and they are refreshed as a whole now and then
 * (`search_trigram_refresh`, from the engine's settle()).
 *
 * VOLATILE, although it only reads: the planner evaluates a STABLE function whose arguments it
 * knows while it estimates the engine's statement, which ran the whole lookup a second time
 * (planning 0.3 -> 0.6-1.5 ms a search).
 */
import type { Routine } from '../db/routines';

export const SEARCH_TYPO_SQL = `
-- Of a query word's distinct trigrams, the 3k + 1 held by the fewest vocabulary words (a trigram
-- not counted yet counts as held by none), or all of them when there are no more than that
CREATE FUNCTION search_typo_trigrams(p_word text, p_budget integer) RETURNS text[]
LANGUAGE sql STABLE AS $fn$
  SELECT ARRAY(SELECT x FROM unnest(show_trgm(p_word)) x LEFT JOIN search_trigram f ON f.trgm = x
               ORDER BY coalesce(f.words, 0), x LIMIT 3 * greatest(p_budget, 0) + 1)
$fn$;

CREATE FUNCTION search_typo_words(p_word text, p_budget integer) RETURNS text[]
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  keep text[];
BEGIN
  IF p_budget <= 0 THEN
    RETURN '{}';
  END IF;
  keep := search_typo_trigrams(p_word, p_budget);
  RETURN ARRAY(SELECT v.word FROM search_vocabulary v
               WHERE v.trigrams && keep
                 AND length(v.word) BETWEEN length(p_word) - p_budget AND length(p_word) + p_budget
                 AND levenshtein_less_equal(v.word, p_word, p_budget) <= p_budget);
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
DROP FUNCTION IF EXISTS search_trigram_refresh(interval);
`;

export const SEARCH_TYPO_ROUTINE: Routine = { name: 'search-typo-words', drop: SEARCH_TYPO_DROP_SQL, create: SEARCH_TYPO_SQL };
