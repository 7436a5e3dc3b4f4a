import { useMutation } from '@urql/preact';
import { MarkNoticeReadMutation } from '../operations';
import { Notice } from './ui';
import { date } from '../lib/format';
import { useMe, useSession } from '../session';

/** What Permission told you and you have not dismissed yet (e.g. a claim removed by its owner). */
export function Notices() {
  const me = useMe();
  const { refresh } = useSession();
  const [state, markRead] = useMutation(MarkNoticeReadMutation);
  const unread = me.notices.filter((n) => !n.readAt);
  if (!unread.length) return null;
  return (
    <section aria-label="Notices" data-testid="notices">
      {unread.map((n) => (
        <Notice key={n.id} tone="warning" title={n.kind === 'CLAIM_REMOVED' ? 'An account was removed from your profile' : 'Notice'}>
          <p data-testid="notice" data-kind={n.kind}>
            {n.message} <span class="muted small">({date(n.createdAt)})</span>
          </p>
          <button
            type="button"
            class="button"
            disabled={state.fetching}
            onClick={async () => {
              await markRead({ id: n.id });
              refresh();
            }}
          >
            Got it
          </button>
        </Notice>
      ))}
    </section>
  );
}
