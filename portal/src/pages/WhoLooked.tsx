import { PageTitle } from '../components/ui';

export function WhoLooked() {
  return (
    <>
      <PageTitle lead="Which agencies viewed your card, found you in a search, or asked to contact you.">Who looked</PageTitle>
      <section class="card" aria-labelledby="not-yet">
        <h2 id="not-yet">Not recorded yet</h2>
        <p>
          To be honest with you: Permission does not keep this record yet. There is nothing to show here, not because nobody looked, but
          because we do not yet log what agencies do with a profile.
        </p>
        <p>
          When we do, every view, search appearance and contact request will show here, with the agency's name and the date, and it will be part of
          your data download and erased with your account.
        </p>
        <p class="muted small">Events recorded: none.</p>
      </section>
    </>
  );
}
