import { useState } from 'preact/hooks';
import { useQuery } from '@urql/preact';
import { ActivityQuery } from '../operations';
import { Notice, PageTitle } from '../components/ui';
import { requestProblem } from '../lib/errors';
import type { ActivityKind, PortalActivityQuery } from '../gql/graphql';

type Edge = NonNullable<PortalActivityQuery['me']>['activity']['edges'][number];

const PAGE = 50;
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const onDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

function describe(kind: ActivityKind, agency: string, count: number): string {
  switch (kind) {
    case 'VIEWED':
      return `${agency} viewed your card`;
    case 'SHORTLISTED':
      return `${agency} added you to a shortlist`;
    case 'UNSHORTLISTED':
      return `${agency} removed you from a shortlist`;
    case 'CONTACT_REQUESTED':
      return `${agency} asked to contact you`;
    case 'SEARCH_APPEARANCES':
      return `You appeared ${count === 1 ? 'once' : `${count} times`} in ${agency}'s searches`;
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

export function WhoLooked() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({ query: ActivityQuery, variables: { first: PAGE, after }, requestPolicy: 'network-only' });
  // the older pages already shown, when "Show older" asked for the next one
  const [seen, setSeen] = useState<Edge[]>([]);
  const page = data?.me?.activity;
  const edges: Edge[] = [...seen, ...(page?.edges ?? [])];
  const problem = requestProblem(error);

  return (
    <>
      <PageTitle lead="Which agencies viewed your card, shortlisted you, asked to contact you, or found you in their searches.">Who looked</PageTitle>
      {problem ? (
        <Notice tone="danger" title="This could not be loaded" role="alert">
          <p>{problem}</p>
        </Notice>
      ) : null}
      <section class="card" aria-labelledby="record-title">
        <h2 id="record-title">What agencies did with your profile</h2>
        <p class="muted small">
          Newest first. Search appearances are counted per agency and day and show within a few seconds. This record is part of your data
          download and is erased with your account.
        </p>
        {fetching && edges.length === 0 ? <p class="muted">Loading…</p> : null}
        {!fetching && edges.length === 0 && !problem ? <p>No agency has looked at your profile yet.</p> : null}
        {edges.length ? (
          <ol class="activity" aria-label="Agency activity, newest first">
            {edges.map(({ node }) => (
              <li key={node.id} class="activity__item">
                <span class="activity__what">{describe(node.kind, node.agency.name, node.count)}</span>
                <span class="muted small">
                  {node.kind === 'SEARCH_APPEARANCES' && node.day ? `on ${onDay.format(new Date(`${node.day}T00:00:00Z`))}` : when.format(new Date(node.occurredAt))}
                </span>
              </li>
            ))}
          </ol>
        ) : null}
        {page?.pageInfo.hasNextPage ? (
          <button
            type="button"
            class="button"
            disabled={fetching}
            onClick={() => {
              setSeen(edges);
              setAfter(page.pageInfo.endCursor ?? null);
            }}
          >
            Show older
          </button>
        ) : null}
      </section>
    </>
  );
}
