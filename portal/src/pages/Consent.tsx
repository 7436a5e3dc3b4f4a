import type { ConsentPurpose } from '../gql/graphql';
import { Badge, Notice, PageTitle } from '../components/ui';
import { useConsentActions } from '../hooks';
import { NEAR_EXPIRY_DAYS } from './Dashboard';
import { PURPOSE_TITLE, date, dateTime, daysUntil } from '../lib/format';
import { downloadJson } from '../lib/download';
import { useMe, useSession } from '../session';

const PURPOSES: ConsentPurpose[] = ['DISCOVERY', 'CONTACT'];

export function Consent() {
  const me = useMe();
  const { policy } = useSession();
  const consent = useConsentActions();

  return (
    <>
      <PageTitle lead="Two separate choices, one click each. Withdrawing is as easy as allowing, and takes effect for the very next agency request.">
        Your consent
      </PageTitle>
      {PURPOSES.map((purpose) => {
        const state = me.consents.find((c) => c.purpose === purpose);
        const terms = policy?.terms.find((t) => t.purpose === purpose);
        const expired = state?.granted && !state.active;
        const near = state?.active && state.expiresAt && daysUntil(state.expiresAt) <= NEAR_EXPIRY_DAYS;
        const key = purpose.toLowerCase();
        return (
          <section key={purpose} class="card consent" aria-labelledby={`consent-${key}`} data-testid={`consent-${key}`}>
            <div class="consent__head">
              <h2 id={`consent-${key}`}>{PURPOSE_TITLE[purpose]}</h2>
              {state?.active ? <Badge tone="good">On</Badge> : expired ? <Badge tone="warn">Expired</Badge> : <Badge tone="neutral">Off</Badge>}
            </div>
            {state?.active ? (
              <p>
                Allowed on {date(state.grantedAt)}; it runs until <strong>{date(state.expiresAt)}</strong>.
              </p>
            ) : expired ? (
              <p>
                You allowed this on {date(state!.grantedAt)}; it expired on <strong>{date(state!.expiresAt)}</strong>.
              </p>
            ) : null}
            {near ? (
              <Notice tone="warning" title={`This ends in ${daysUntil(state!.expiresAt!)} days`}>
                <p>Confirm it again to keep it going; otherwise it stops on {date(state!.expiresAt)}.</p>
              </Notice>
            ) : null}
            {!state?.active || near ? (
              terms ? (
                <div class="terms" id={`terms-${key}`}>
                  <h3 class="label-small">What you agree to (terms {terms.termsVersion})</h3>
                  {terms.paragraphs.map((p, i) => (
                    <p key={i}>{p}</p>
                  ))}
                </div>
              ) : null
            ) : (
              <details class="terms-details">
                <summary>Read the terms you agreed to</summary>
                {terms?.paragraphs.map((p, i) => <p key={i}>{p}</p>)}
              </details>
            )}
            <div class="actions">
              {state?.active ? (
                <>
                  {near ? (
                    <button type="button" class="button button--primary" disabled={consent.busy} onClick={() => consent.grant(purpose, true)}>
                      Confirm again
                    </button>
                  ) : null}
                  <button type="button" class="button" disabled={consent.busy} onClick={() => consent.withdraw(purpose)} aria-label={`Withdraw: ${PURPOSE_TITLE[purpose]}`}>
                    Withdraw
                  </button>
                </>
              ) : (
                <button type="button" class="button button--primary" disabled={consent.busy} onClick={() => consent.grant(purpose, !!expired)} aria-describedby={`terms-${key}`}>
                  {expired ? 'Confirm again' : purpose === 'DISCOVERY' ? 'Yes, agencies may find me' : 'Yes, agencies may ask to contact me'}
                </button>
              )}
            </div>
          </section>
        );
      })}

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <p class="muted">Every time you allowed or withdrew, kept for you. Each grant has a receipt you can keep (Kantara Consent Receipt format, JSON).</p>
        {me.consentHistory.length ? (
          <ol class="history" reversed>
            {me.consentHistory.map((e) => (
              <li key={e.id} class="history__item">
                <div>
                  <p class="history__what">
                    <strong>{e.action === 'GRANT' ? 'Allowed' : 'Withdrawn'}</strong> · {PURPOSE_TITLE[e.purpose]}
                  </p>
                  <p class="muted small">
                    <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time> · terms {e.termsVersion} · {e.source === 'portal' ? 'in this portal' : `by ${e.source}`}
                  </p>
                </div>
                {e.receipt ? (
                  <button type="button" class="button button--small" onClick={() => downloadJson(`consent-receipt-${e.id}.json`, e.receipt)}>
                    Download receipt<span class="visually-hidden"> of {dateTime(e.occurredAt)}</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">Nothing yet.</p>
        )}
      </section>
    </>
  );
}
