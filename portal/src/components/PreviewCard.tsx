import type { InfluencerCardFieldsFragment, MeFieldsFragment } from '../gql/graphql';
import { countryName, followers, languageName, percent, platformName, weightWord } from '../lib/format';

type Preview = NonNullable<MeFieldsFragment['preview']>;

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');

/**
 * The card an agency sees, rendered from the agency-visible `Influencer` type (the very fields
 * `searchInfluencers` returns) and the topic evidence of a search on your topics.
 */
export function PreviewCard({ preview }: { preview: Preview }) {
  const p: InfluencerCardFieldsFragment = preview.influencer;
  const place = [p.city, countryName(p.country)].filter(Boolean).join(', ');
  return (
    <article class="agency-card" aria-labelledby="agency-card-name" data-testid="agency-card">
      <div class="agency-card__head">
        <div class="avatar" aria-hidden="true">
          {initials(p.displayName)}
        </div>
        <div>
          <h3 id="agency-card-name" class="agency-card__name">
            {p.displayName}
          </h3>
          <p class="muted small">
            {place || 'No location given'}
            {p.languages.length ? ` · ${p.languages.map(languageName).join(', ')}` : ''}
          </p>
        </div>
        {p.contactable ? <span class="badge badge--good agency-card__contact">Open to contact requests</span> : null}
      </div>
      {p.bio ? <p class="agency-card__bio">{p.bio}</p> : <p class="muted small">No bio yet.</p>}
      <h4 class="label-small">Topics</h4>
      {p.topics.length ? (
        <ul class="chips">
          {p.topics.map((t) => (
            <li key={t.topic.slug} class="chip">
              {t.topic.name} <span class="chip__weight">· {weightWord(t.weight)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">No topics yet: agencies search by topic, so pick a few in your profile.</p>
      )}
      <h4 class="label-small">Accounts</h4>
      {p.accounts.length ? (
        <ul class="account-list" aria-label="Public accounts agencies see">
          {p.accounts.map((a) => (
            <li key={`${a.platform}-${a.handle}`} class="account-line">
              <span class="account-line__who">
                <strong>{platformName(a.platform)}</strong> @{a.handle}{' '}
                {a.verified ? <span class="badge badge--good">Verified</span> : <span class="badge badge--neutral">Not verified</span>}
              </span>
              <span class="account-line__figures">
                {followers(a.followers)} followers ({a.followersSource === 'PLATFORM' ? 'from the platform' : 'self-reported'})
                {a.engagementRate == null ? '' : ` · ${percent(a.engagementRate)} engagement`}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">No public account: agencies would see no audience.</p>
      )}
      <p class="small muted agency-card__total">
        {followers(p.totalFollowers)} followers over public accounts · each network shown for itself, no overall score
      </p>
      {preview.matchedTopics.length ? (
        <details class="evidence">
          <summary>What an agency reads when it searches your topics</summary>
          <ul>
            {preview.matchedTopics.map((m) => (
              <li key={m.topic.slug}>{m.evidence}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}
