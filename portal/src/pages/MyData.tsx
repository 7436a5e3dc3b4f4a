import { useRef, useState } from 'preact/hooks';
import { useClient, useMutation } from '@urql/preact';
import { DeleteMyAccountMutation, ExportMyDataQuery } from '../operations';
import { Notice, PageTitle } from '../components/ui';
import { downloadJson } from '../lib/download';
import { requestProblem } from '../lib/errors';
import { useMe, useSession } from '../session';

export function MyData() {
  const me = useMe();
  const { say } = useSession();
  const client = useClient();
  const [, deleteAccount] = useMutation(DeleteMyAccountMutation);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  async function exportData() {
    setBusy(true);
    const res = await client.query(ExportMyDataQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    const p = requestProblem(res.error);
    if (p || !res.data) return setProblem(p ?? 'The export failed; please try again.');
    downloadJson(`permission-my-data-${new Date().toISOString().slice(0, 10)}.json`, res.data.exportMyData);
    say('Your data is downloaded as a JSON file.');
  }

  async function erase() {
    setBusy(true);
    const res = await deleteAccount({});
    setBusy(false);
    const p = requestProblem(res.error) ?? res.data?.deleteMyAccount.userErrors[0]?.message;
    if (p || !res.data?.deleteMyAccount.deleted) return setProblem(p ?? 'Your account could not be deleted; please try again.');
    // a fresh page: nothing of the deleted account stays in memory
    window.location.assign('/portal/goodbye');
  }

  return (
    <>
      <PageTitle lead="Everything we hold about you is yours to take, and yours to erase.">Your data</PageTitle>
      {problem ? (
        <Notice tone="danger" title="That did not work" role="alert">
          <p>{problem}</p>
        </Notice>
      ) : null}
      <section class="card" aria-labelledby="export-title">
        <h2 id="export-title">Download everything</h2>
        <p>
          One JSON file with your account, profile, accounts (private ones too), topics, every consent choice with its receipt, your sessions and
          what the search index holds about you. Your password is not in it: we only keep a one-way hash.
        </p>
        <button type="button" class="button button--primary" onClick={exportData} disabled={busy}>
          Download my data (JSON)
        </button>
      </section>
      <section class="card card--danger" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete my account</h2>
        <p>
          This erases your account ({me.email}) and everything attached to it, at once. Agencies stop finding you from the very next search,
          and it cannot be undone.
        </p>
        {confirming ? (
          <div class="confirm" role="group" aria-labelledby="confirm-title">
            <p id="confirm-title" class="notice-title">
              Delete your account and all your data for good?
            </p>
            <div class="actions">
              <button type="button" class="button button--danger" ref={confirmRef} onClick={erase} disabled={busy}>
                Yes, delete everything
              </button>
              <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>
                No, keep my account
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            class="button button--danger-outline"
            onClick={() => {
              setConfirming(true);
              setTimeout(() => confirmRef.current?.focus(), 0);
            }}
          >
            Delete my account…
          </button>
        )}
      </section>
    </>
  );
}
