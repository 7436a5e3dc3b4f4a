import { useMemo, useState } from 'preact/hooks';
import { useQuery } from '@urql/preact';
import { TopicsQuery } from '../operations';
import { WEIGHTS, type WeightWord } from '../lib/format';

export interface PickedTopic {
  slug: string;
  name: string;
  word: WeightWord;
}

export const MAX_TOPICS = 10;
const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Topics from the taxonomy: searchable, grouped, each with how much of your content is about it. */
export function TopicPicker({ picked, onChange, error }: { picked: PickedTopic[]; onChange(p: PickedTopic[]): void; error?: string }) {
  const [{ data }] = useQuery({ query: TopicsQuery });
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const all = data?.topics ?? [];
    return all
      .filter((t) => !t.parentSlug)
      .map((g) => ({ group: g, topics: all.filter((t) => t.parentSlug === g.slug) }))
      .sort((a, b) => a.group.name.localeCompare(b.group.name));
  }, [data]);
  const q = fold(search.trim());
  const shown = groups
    .map(({ group, topics }) => ({ group, topics: q && !fold(group.name).includes(q) ? topics.filter((t) => fold(t.name).includes(q)) : topics }))
    .filter((g) => g.topics.length);
  const isPicked = (slug: string) => picked.some((p) => p.slug === slug);
  const toggle = (slug: string, name: string) =>
    onChange(isPicked(slug) ? picked.filter((p) => p.slug !== slug) : [...picked, { slug, name, word: 'much' }]);
  const full = picked.length >= MAX_TOPICS;

  return (
    <fieldset class="topics">
      <legend>Topics</legend>
      <p class="hint" id="topics-hint">
        Agencies search by topic. Choose up to {MAX_TOPICS}, and say how much of your content is about each: that is the only weight agencies see,
        there is no overall score.
      </p>
      {error ? (
        <p class="error-text" id="topics-error">
          {error}
        </p>
      ) : null}
      <h3 class="label-small" id="picked-title">
        Your topics ({picked.length} of {MAX_TOPICS})
      </h3>
      {picked.length ? (
        <ul class="picked" aria-labelledby="picked-title">
          {picked.map((p) => (
            <li key={p.slug} class="picked__item">
              <span class="picked__name" id={`picked-${p.slug}`}>
                {p.name}
              </span>
              <label class="visually-hidden" for={`weight-${p.slug}`}>
                How much of your content is about {p.name}
              </label>
              <select
                id={`weight-${p.slug}`}
                value={p.word}
                onChange={(e) => onChange(picked.map((x) => (x.slug === p.slug ? { ...x, word: e.currentTarget.value as WeightWord } : x)))}
              >
                {WEIGHTS.map((w) => (
                  <option key={w.word} value={w.word}>
                    {w.label}
                  </option>
                ))}
              </select>
              <button type="button" class="button button--quiet" onClick={() => toggle(p.slug, p.name)}>
                Remove<span class="visually-hidden"> {p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">None yet.</p>
      )}
      <div class="field">
        <label for="topic-search">Search topics</label>
        <input id="topic-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} aria-describedby="topics-hint" aria-controls="topic-groups" />
      </div>
      <div id="topic-groups" class="topic-groups">
        {!data ? <p class="muted">Loading topics…</p> : null}
        {data && !shown.length ? <p class="muted">No topic matches “{search}”.</p> : null}
        {shown.map(({ group, topics }) => (
          <fieldset key={group.slug} class="topic-group">
            <legend>{group.name}</legend>
            <ul>
              {topics.map((t) => (
                <li key={t.slug}>
                  <label class="check">
                    <input type="checkbox" checked={isPicked(t.slug)} disabled={full && !isPicked(t.slug)} onChange={() => toggle(t.slug, t.name)} />
                    {t.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}
