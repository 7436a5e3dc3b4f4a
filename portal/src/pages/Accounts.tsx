import { useEffect, useState } from 'preact/hooks';
import { useMutation } from '@urql/preact';
import type { Platform } from '../gql/graphql';
import {
  ConnectAccountMutation, DisconnectAccountMutation, StartOAuthMutation, StartVerificationMutation, UpdateAccountMutation, VerifyAccountMutation,
} from '../operations';
import { Badge, ErrorSummary, Field, Notice, PageTitle } from '../components/ui';
import { Notices } from '../components/Notices';
import { PLATFORMS, date, followers, percent, platformName } from '../lib/format';
import { errorFor, requestProblem, type FieldError } from '../lib/errors';
import { useMe, useSession, type MeData } from '../session';

type Account = MeData['accounts'][number];
interface AccountForm {
  platform: Platform | '';
  handle: string;
  url: string;
  followers: string;
  engagement: string;
  isPrivate: boolean;
}
const empty: AccountForm = { platform: '', handle: '', url: '', followers: '', engagement: '', isPrivate: false };
const fromAccount = (a: Account): AccountForm => ({
  platform: a.platform,
  handle: a.handle,
  url: a.url ?? '',
  followers: String(a.followers),
  engagement: a.engagementRate == null ? '' : String(Math.round(a.engagementRate * 1000) / 10),
  isPrivate: a.isPrivate,
});

function AccountEditor({ initial, submitLabel, onSubmit, onCancel, prefix }: {
  initial: AccountForm;
  submitLabel: string;
  prefix: string;
  onSubmit(f: AccountForm): Promise<FieldError[]>;
  onCancel?: () => void;
}) {
  const [f, setF] = useState(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const id = (k: string) => `${prefix}-${k}`;
  const set = (k: keyof AccountForm) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    const found = await onSubmit(f);
    setBusy(false);
    setErrors(found);
    if (!found.length && !onCancel) setF(empty);
  }
  return (
    <form class="form" onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} fieldIds={{ platform: id('platform'), handle: id('handle'), url: id('url'), followers: id('followers'), engagementRate: id('engagement') }} />
      <div class="grid-2">
        <Field id={id('platform')} label="Network" error={errorFor(errors, 'platform')}>
          {(a) => (
            <select {...a} value={f.platform} onChange={set('platform')}>
              <option value="">Choose…</option>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {platformName(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={id('handle')} label="Handle" hint="Without the @." error={errorFor(errors, 'handle')}>
          {(a) => <input {...a} type="text" autocomplete="off" value={f.handle} onInput={set('handle')} />}
        </Field>
        <Field id={id('followers')} label="Followers" optional error={errorFor(errors, 'followers')}>
          {(a) => <input {...a} type="number" inputMode="numeric" min={0} step={1} value={f.followers} onInput={set('followers')} />}
        </Field>
        <Field id={id('engagement')} label="Engagement rate, in %" optional hint="For example 3.5" error={errorFor(errors, 'engagementRate')}>
          {(a) => <input {...a} type="number" inputMode="decimal" min={0} max={100} step="0.1" value={f.engagement} onInput={set('engagement')} />}
        </Field>
      </div>
      <Field id={id('url')} label="Link to the profile" optional error={errorFor(errors, 'url')}>
        {(a) => <input {...a} type="url" placeholder="https://" value={f.url} onInput={set('url')} />}
      </Field>
      <label class="check check--block">
        <input type="checkbox" checked={f.isPrivate} onChange={(e) => setF({ ...f, isPrivate: e.currentTarget.checked })} />
        <span>
          This account is private
          <span class="hint block">A private account is never shown to agencies, and it does not count towards being listed.</span>
        </span>
      </label>
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" class="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Form values to the API's input; a bad number becomes the API's own clear error. */
function toInput(f: AccountForm) {
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  const rate = num(f.engagement);
  return {
    platform: f.platform || null,
    handle: f.handle,
    url: f.url.trim() || null,
    followers: num(f.followers) ?? 0,
    engagementRate: rate == null ? null : Math.round(rate * 1000) / 100000,
    isPrivate: f.isPrivate,
  };
}

const METHOD: Record<string, string> = { PROFILE_CODE: 'a code in your profile', OAUTH: 'signing in with the platform' };

/** The verification state of one account, in words, with its badge. */
function VerificationBadge({ a }: { a: Account }) {
  const v = a.verification;
  switch (v.state) {
    case 'VERIFIED':
      return <Badge tone="good">Verified · yours</Badge>;
    case 'PENDING':
      return <Badge tone="warn">Verification started</Badge>;
    case 'REVOKED':
      return <Badge tone="warn">{v.revokedReason === 'EXPIRED' ? 'Verification expired' : 'Verification ended'}</Badge>;
    default:
      return <Badge tone="neutral">Not verified</Badge>;
  }
}

/** Proving an account is yours: a code in its public bio, or signing in with the platform. */
function Verify({ a }: { a: Account }) {
  const { refresh, say } = useSession();
  const [open, setOpen] = useState(a.verification.state === 'PENDING' || a.contested);
  const [problem, setProblem] = useState<string | null>(null);
  const [startState, start] = useMutation(StartVerificationMutation);
  const [verifyState, verify] = useMutation(VerifyAccountMutation);
  const [oauthState, startOAuth] = useMutation(StartOAuthMutation);
  const v = a.verification;
  const name = `${platformName(a.platform)} @${a.handle}`;
  const panel = `verify-${a.id.slice(0, 8)}`;
  const fail = (error: Parameters<typeof requestProblem>[0], errors: FieldError[] | undefined): boolean => {
    const p = requestProblem(error) ?? errors?.[0]?.message ?? null;
    setProblem(p);
    return p !== null;
  };

  if (v.state === 'VERIFIED') {
    return (
      <p class="small" data-testid="verification">
        Verified on {date(v.verifiedAt)} by {METHOD[v.method ?? ''] ?? 'proof'}; valid until {date(v.expiresAt)}, then verify it again.
      </p>
    );
  }
  return (
    <div data-testid="verification">
      {v.state === 'REVOKED' ? (
        <p class="small">
          {v.revokedReason === 'EXPIRED' ? 'Its verification ran out.' : 'You changed its handle, so its verification ended.'} Verify it again.
        </p>
      ) : null}
      {a.contested ? (
        <Notice tone="warning" title="Someone else claimed this handle first">
          <p>Agencies do not see your claim until you verify it. Verifying proves it is yours and removes the other claim.</p>
        </Notice>
      ) : null}
      <button type="button" class="button" aria-expanded={open} aria-controls={panel} onClick={() => setOpen(!open)}>
        Verify<span class="visually-hidden"> {name}</span>
      </button>
      {open ? (
        <div id={panel} class="verify">
          <ol class="verify__steps">
            <li>
              {v.code ? (
                <>
                  Your code:{' '}
                  <code class="verify__code" data-testid="verification-code">
                    {v.code}
                  </code>
                </>
              ) : (
                <button
                  type="button"
                  class="button button--primary"
                  disabled={startState.fetching}
                  onClick={async () => {
                    const res = await start({ id: a.id });
                    if (!fail(res.error, res.data?.startSocialAccountVerification.userErrors)) refresh();
                  }}
                >
                  Get a verification code<span class="visually-hidden"> for {name}</span>
                </button>
              )}
            </li>
            <li>
              Put the code anywhere in the public bio of {name}
              {v.profileUrl ? (
                <>
                  {' '}
                  (<a href={v.profileUrl} target="_blank" rel="noopener noreferrer">open the profile</a>)
                </>
              ) : null}{' '}
              and save it. You can remove it once verified.
            </li>
            <li>
              <button
                type="button"
                class="button button--primary"
                disabled={!v.code || verifyState.fetching}
                onClick={async () => {
                  const res = await verify({ id: a.id });
                  if (!fail(res.error, res.data?.verifySocialAccount.userErrors)) {
                    say(`Verified ${name}.`);
                    refresh();
                  }
                }}
              >
                {verifyState.fetching ? 'Checking…' : 'Check my profile'}
                <span class="visually-hidden"> {name}</span>
              </button>
            </li>
          </ol>
          {v.oauthAvailable ? (
            <p>
              Or{' '}
              <button
                type="button"
                class="button"
                disabled={oauthState.fetching}
                onClick={async () => {
                  const res = await startOAuth({ id: a.id });
                  const url = res.data?.startSocialAccountOAuth.authorizationUrl;
                  if (!fail(res.error, res.data?.startSocialAccountOAuth.userErrors) && url) window.location.assign(url);
                }}
              >
                sign in with {platformName(a.platform)}
              </button>{' '}
              : then your follower count comes from {platformName(a.platform)} itself.
            </p>
          ) : null}
          {problem ? (
            <Notice tone="danger" title="Not verified" role="alert">
              <p data-testid="verification-problem">{problem}</p>
            </Notice>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Coming back from signing in with a platform: the outcome is in the address. */
const OAUTH_PROBLEMS: Record<string, string> = {
  OAUTH_FAILED: 'Signing in with the platform did not verify the account (it was cancelled, expired, or for another account).',
  HANDLE_VERIFIED: 'Someone else already verified this handle.',
};

export function Accounts() {
  const me = useMe();
  const [returned, setReturned] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    if (q.get('verified') === '1') setReturned({ ok: true, text: 'Verified by signing in with the platform.' });
    else if (q.get('verifyError')) setReturned({ ok: false, text: OAUTH_PROBLEMS[q.get('verifyError')!] ?? 'The account was not verified.' });
  }, []);
  const { refresh, say } = useSession();
  const [, connect] = useMutation(ConnectAccountMutation);
  const [, updateM] = useMutation(UpdateAccountMutation);
  const [disconnectState, disconnect] = useMutation(DisconnectAccountMutation);
  const [editing, setEditing] = useState<string | null>(null);

  const result = (error: Parameters<typeof requestProblem>[0], userErrors: FieldError[] | undefined, ok: string): FieldError[] => {
    const problem = requestProblem(error);
    if (problem) return [{ code: 'REQUEST', message: problem }];
    if (userErrors?.length) return userErrors;
    say(ok);
    refresh();
    return [];
  };

  return (
    <>
      <PageTitle lead="Each network is shown for itself; nothing is added up into a score, and removing one never counts against you.">
        Your accounts
      </PageTitle>
      <Notices />
      {returned ? (
        <Notice tone={returned.ok ? 'success' : 'danger'} role="status">
          <p>{returned.text}</p>
        </Notice>
      ) : null}
      <p class="muted">
        Verify each account to prove it is yours: agencies see which accounts are verified, and a verified handle cannot be claimed by anyone else.
      </p>
      {me.accounts.length ? (
        <ul class="accounts">
          {me.accounts.map((a) => (
            <li key={a.id} class="card account" data-testid="account">
              {editing === a.id ? (
                <>
                  <h2 class="h3">Edit {platformName(a.platform)} @{a.handle}</h2>
                  <AccountEditor
                    prefix={`edit-${a.id.slice(0, 8)}`}
                    initial={fromAccount(a)}
                    submitLabel="Save changes"
                    onCancel={() => setEditing(null)}
                    onSubmit={async (f) => {
                      const res = await updateM({ id: a.id, input: toInput(f) });
                      const found = result(res.error, res.data?.updateSocialAccount.userErrors, `Saved @${f.handle}.`);
                      if (!found.length) setEditing(null);
                      return found;
                    }}
                  />
                </>
              ) : (
                <>
                  <div class="account__main">
                    <h2 class="h3">
                      {platformName(a.platform)} <span class="account__handle">@{a.handle}</span>
                    </h2>
                    <span class="account__badges">
                      <VerificationBadge a={a} />
                      {a.isPrivate ? (
                        <Badge tone="private">Private · never shown to agencies</Badge>
                      ) : a.contested ? (
                        <Badge tone="warn">Contested · hidden until verified</Badge>
                      ) : (
                        <Badge tone="good">Public · agencies see it when you are listed</Badge>
                      )}
                    </span>
                  </div>
                  <p class="muted small">
                    {followers(a.followers)} followers ({a.followersSource === 'PLATFORM' ? `reported by ${platformName(a.platform)}` : 'as you stated'},{' '}
                    {date(a.followersUpdatedAt)}){a.engagementRate == null ? '' : ` · engagement ${percent(a.engagementRate)}`} · connected {date(a.connectedAt)}
                  </p>
                  <Verify a={a} />
                  <div class="actions">
                    <button type="button" class="button" onClick={() => setEditing(a.id)}>
                      Edit<span class="visually-hidden"> {platformName(a.platform)} @{a.handle}</span>
                    </button>
                    <button
                      type="button"
                      class="button button--quiet"
                      disabled={disconnectState.fetching}
                      onClick={async () => {
                        const res = await disconnect({ id: a.id });
                        result(res.error, res.data?.disconnectSocialAccount.userErrors, `Disconnected ${platformName(a.platform)} @${a.handle}.`);
                      }}
                    >
                      Disconnect<span class="visually-hidden"> {platformName(a.platform)} @{a.handle}</span>
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No account connected yet.</p>
      )}
      <section class="card" aria-labelledby="connect-title">
        <h2 id="connect-title">Connect an account</h2>
        <AccountEditor
          prefix="connect"
          initial={empty}
          submitLabel="Connect account"
          onSubmit={async (f) => {
            const res = await connect({ input: toInput(f) });
            return result(res.error, res.data?.connectSocialAccount.userErrors, `Connected ${f.platform ? platformName(f.platform) : ''} @${f.handle.replace(/^@/, '')}.`);
          }}
        />
      </section>
    </>
  );
}
