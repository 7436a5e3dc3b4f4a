import type { ComponentChildren } from 'preact';
import { Link } from 'wouter-preact';
import type { NotListedReason } from '../gql/graphql';
import { PageTitle, Notice } from '../components/ui';
import { PreviewCard } from '../components/PreviewCard';
import { Notices } from '../components/Notices';
import { useConsentActions } from '../hooks';
import { date, daysUntil } from '../lib/format';
import { useMe, useSession } from '../session';

/** Consent that ends within this many days gets a reminder and a one-click confirmation. */
export const NEAR_EXPIRY_DAYS = 30;

interface Fix {
  title: string;
  text: ComponentChildren;
  action: ComponentChildren;
}

export function Dashboard() {
  const me = useMe();
  const { policy } = useSession();
  const consent = useConsentActions();
  const minAge = policy?.minAge ?? 18;
  const discovery = me.consents.find((c) => c.purpose === 'DISCOVERY');
  const listed = me.listing.listable;

  const fixes: Record<NotListedReason, Fix | null> = {
    ACCOUNT_DELETED: null,
    ACCOUNT_SUSPENDED: {
      title: 'Your account is suspended',
      text: 'While it is suspended, agencies cannot find you. Write to us and we will explain why and how to restore it.',
      action: (
        <a class="button" href="mailto:privacy@permission.example?subject=My%20suspended%20account">
          Contact support
        </a>
      ),
    },
    NO_DISCOVERY_CONSENT: {
      title: 'You have not allowed agencies to find you',
      text: 'Nobody is listed without saying yes. Read what it means, then allow it with one click.',
      action: (
        <Link class="button button--primary" href="/consent">
          Review and allow
        </Link>
      ),
    },
    DISCOVERY_CONSENT_WITHDRAWN: {
      title: 'You withdrew your consent to be found',
      text: 'Agencies cannot find you. You can allow it again whenever you like.',
      action: (
        <Link class="button button--primary" href="/consent">
          Review and allow again
        </Link>
      ),
    },
    DISCOVERY_CONSENT_EXPIRED: {
      title: 'Your consent to be found has expired',
      text: `It ended on ${date(discovery?.expiresAt)}. Confirming renews it for ${policy?.consentTtlDays ?? 365} days under the same terms.`,
      action: (
        <button type="button" class="button button--primary" disabled={consent.busy} onClick={() => consent.grant('DISCOVERY', true)}>
          Confirm again
        </button>
      ),
    },
    UNDER_MIN_AGE: {
      title: `You are under ${minAge}`,
      text: `Nobody under ${minAge} is listed or contacted, whatever else they choose. If the birth date we have for you is wrong, correct it.`,
      action: (
        <Link class="button" href="/profile#profile-birth">
          Check my birth date
        </Link>
      ),
    },
    NO_PUBLIC_ACCOUNT: {
      title: 'No public account connected',
      text: 'Agencies see public accounts only; a private one is never shown. Connect at least one public account.',
      action: (
        <Link class="button button--primary" href="/accounts">
          Connect a public account
        </Link>
      ),
    },
    NO_VERIFIED_ACCOUNT: {
      title: 'No verified account',
      text: 'Here only people who proved an account is theirs are listed. Verify one of your public accounts: a short code in its bio, or signing in with the platform.',
      action: (
        <Link class="button button--primary" href="/accounts">
          Verify an account
        </Link>
      ),
    },
  };
  const reasons = me.listing.reasons.map((r) => ({ code: r, fix: fixes[r] })).filter((r) => r.fix);
  const nearExpiry = discovery?.active && discovery.expiresAt && daysUntil(discovery.expiresAt) <= NEAR_EXPIRY_DAYS;

  return (
    <>
      <PageTitle>Hello, {me.displayName}</PageTitle>
      <Notices />
      <section class={`status card ${listed ? 'status--listed' : 'status--unlisted'}`} aria-labelledby="status-title" data-testid="listing-status">
        <p class="status__label">Your status</p>
        <h2 id="status-title" class="status__value">
          <span class="status__dot" aria-hidden="true" />
          {listed ? 'Listed' : 'Not listed'}
        </h2>
        <p>
          {listed
            ? `Agencies can find you in their searches${me.listing.contactable ? ' and may ask to contact you' : ''}. Withdraw any time, with one click.`
            : 'Agencies cannot find you right now.'}
          {listed && discovery?.expiresAt ? ` Your consent runs until ${date(discovery.expiresAt)}.` : ''}
        </p>
        {listed ? (
          <button type="button" class="button" disabled={consent.busy} onClick={() => consent.withdraw('DISCOVERY')}>
            Stop being listed
          </button>
        ) : null}
      </section>

      {nearExpiry ? (
        <Notice tone="warning" title={`Your consent to be found ends on ${date(discovery!.expiresAt)}`}>
          <p>After that, agencies stop finding you. One click keeps it going for another {policy?.consentTtlDays ?? 365} days.</p>
          <button type="button" class="button button--primary" disabled={consent.busy} onClick={() => consent.grant('DISCOVERY', true)}>
            Confirm again
          </button>
        </Notice>
      ) : null}

      {reasons.length ? (
        <section aria-labelledby="why-title">
          <h2 id="why-title">{reasons.length === 1 ? 'Why, and what fixes it' : `${reasons.length} reasons, and what fixes each`}</h2>
          <ul class="reasons" data-testid="reasons">
            {reasons.map(({ code, fix }) => (
              <li key={code} class="reason card" data-reason={code}>
                <div>
                  <h3>{fix!.title}</h3>
                  <p>{fix!.text}</p>
                </div>
                <div class="reason__action">{fix!.action}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">What agencies see</h2>
        <p class="muted">
          {listed
            ? 'This is your card, exactly as it appears in agency searches right now.'
            : 'Nobody sees this card now. Once you are listed, this is exactly what agencies will see.'}{' '}
          Never shown: your email, birth date and private accounts.
        </p>
        {me.preview ? <PreviewCard preview={me.preview} /> : null}
      </section>
    </>
  );
}
