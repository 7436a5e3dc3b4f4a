import { useState } from 'preact/hooks';
import { useMutation } from '@urql/preact';
import { Link, useLocation } from 'wouter-preact';
import { ConfirmSignUpMutation, SignUpMutation } from '../operations';
import { ErrorSummary, Field, Notice, PageTitle } from '../components/ui';
import { CountryList } from '../components/pickers';
import { countryCode } from '../lib/format';
import { errorFor, requestProblem, type FieldError } from '../lib/errors';
import { useSession } from '../session';

const IDS = { email: 'join-email', password: 'join-password', displayName: 'join-name', birthDate: 'join-birth', country: 'join-country', code: 'join-code' };

/**
 * The password rules, shown before submitting. Length is checked as you type; how guessable it is
 * the server judges (zxcvbn, against common passwords, names and your own details) on submit.
 */
export function passwordRules(pw: string): Array<{ ok: boolean | null; text: string }> {
  return [
    { ok: pw.length >= 10, text: 'At least 10 characters' },
    { ok: null, text: 'Hard to guess: not a common password, not your name or email. A few unrelated words work well.' },
  ];
}

export function Join() {
  const { policy, refresh, say } = useSession();
  const [, navigate] = useLocation();
  const [, signUp] = useMutation(SignUpMutation);
  const [, confirmSignUp] = useMutation(ConfirmSignUpMutation);
  /** Where the code went: step two, entering it. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [form, setForm] = useState({ email: '', password: '', displayName: '', birthDate: '', country: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [underAge, setUnderAge] = useState(false);
  const [busy, setBusy] = useState(false);
  const [showPw, setShowPw] = useState(false);
  const minAge = policy?.minAge ?? 18;
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    const country = form.country.trim() ? countryCode(form.country) : null;
    if (form.country.trim() && !country) {
      setErrors([{ field: 'country', code: 'INVALID', message: 'Pick a country from the list, or leave it empty.' }]);
      return;
    }
    setBusy(true);
    const res = await signUp({ input: { email: form.email, password: form.password, displayName: form.displayName, birthDate: form.birthDate, country } });
    setBusy(false);
    const problem = requestProblem(res.error);
    if (problem) return setErrors([{ code: 'REQUEST', message: problem }]);
    const payload = res.data!.signUp;
    if (payload.userErrors.some((u) => u.code === 'UNDER_MIN_AGE')) {
      setUnderAge(true);
      setForm({ email: '', password: '', displayName: '', birthDate: '', country: '' });
      return;
    }
    if (payload.userErrors.length) {
      // the date field gives YYYY-MM-DD itself: an empty one just needs filling in
      return setErrors(payload.userErrors.map((u) => (u.field === 'birthDate' && !form.birthDate ? { ...u, message: 'Enter your birth date.' } : u)));
    }
    setErrors([]);
    setCode('');
    setSentTo(payload.codeSentTo ?? form.email);
  }

  async function confirm(e: Event) {
    e.preventDefault();
    if (!/^\s*\d{6}\s*$/.test(code)) return setErrors([{ field: 'code', code: 'INVALID', message: 'Enter the six digits from the mail.' }]);
    setBusy(true);
    const res = await confirmSignUp({ email: sentTo!, code: code.trim() });
    setBusy(false);
    const problem = requestProblem(res.error);
    if (problem) return setErrors([{ code: 'REQUEST', message: problem }]);
    const payload = res.data!.confirmSignUp;
    if (payload.userErrors.length) return setErrors(payload.userErrors);
    say('Welcome! Your account is ready. Nobody can find you until you say so.');
    refresh();
    navigate('/');
  }

  if (sentTo) {
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
    return (
      <>
        <PageTitle lead="One step left: show us this address is yours.">Check your email</PageTitle>
        <form class="card form" onSubmit={confirm} noValidate>
          <ErrorSummary errors={errors} fieldIds={{ code: IDS.code }} />
          <p>
            We sent a six-digit code to <strong class="sent-to">{sentTo}</strong>. It works for 30 minutes. If this address already has an account, we told its
            owner instead: sign in with it.
          </p>
          <Field id={IDS.code} label="Code from the mail" error={errorFor(errors, 'code')}>
            {(a) => (
              <input {...a} type="text" inputMode="numeric" autocomplete="one-time-code" maxLength={8} required value={code} onInput={(ev) => setCode((ev.currentTarget as HTMLInputElement).value)} />
            )}
          </Field>
          {local ? (
            <p class="muted small">
              Running Permission on this machine without a mail server? The mail is in the <a href="/dev/mail">dev mailbox</a>.
            </p>
          ) : null}
          <div class="actions">
            <button type="submit" class="button button--primary" disabled={busy}>
              {busy ? 'Checking…' : 'Confirm and sign in'}
            </button>
            <button type="button" class="button button--quiet" onClick={() => (setSentTo(null), setErrors([]))}>
              No mail? Change the address or send a new code
            </button>
          </div>
        </form>
      </>
    );
  }

  if (underAge) {
    return (
      <>
        <PageTitle>Thank you for your interest</PageTitle>
        <Notice tone="info" title={`Permission is for people aged ${minAge} and over.`}>
          <p>
            We are sorry: you cannot join yet. The rule protects young creators from being profiled and contacted by marketing agencies. We have not
            stored anything you typed: no email, no name, no birth date.
          </p>
          <p>You are welcome to come back once you turn {minAge}.</p>
        </Notice>
        <p>
          <Link href="/">Back to the start</Link>
        </p>
      </>
    );
  }

  const rules = passwordRules(form.password);
  return (
    <>
      <PageTitle lead="Joining lists you nowhere. You decide later, one click each, whether agencies may find you or contact you.">
        Join Permission
      </PageTitle>
      <form class="card form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} fieldIds={IDS} />
        <Field id={IDS.email} label="Email" hint="Only for signing in. Agencies never see it." error={errorFor(errors, 'email')}>
          {(a) => <input {...a} type="email" autocomplete="email" required value={form.email} onInput={set('email')} />}
        </Field>
        <Field
          id={IDS.password}
          label="Password"
          error={errorFor(errors, 'password')}
          hint={
            <ul class="rules" aria-label="Password rules">
              {rules.map((r) => (
                <li key={r.text} class={r.ok ? 'rule rule--ok' : 'rule'}>
                  <span aria-hidden="true">{r.ok ? '✓' : '•'}</span> {r.text}
                  {r.ok === null ? null : <span class="visually-hidden">{r.ok ? ' (met)' : ' (not met yet)'}</span>}
                </li>
              ))}
            </ul>
          }
        >
          {(a) => (
            <div class="input-with-button">
              <input {...a} type={showPw ? 'text' : 'password'} autocomplete="new-password" required value={form.password} onInput={set('password')} />
              <button type="button" class="button button--quiet" aria-pressed={showPw} onClick={() => setShowPw(!showPw)}>
                {showPw ? 'Hide' : 'Show'}
                <span class="visually-hidden"> password</span>
              </button>
            </div>
          )}
        </Field>
        <Field id={IDS.displayName} label="Display name" hint="The name agencies see once you are listed." error={errorFor(errors, 'displayName')}>
          {(a) => <input {...a} type="text" autocomplete="nickname" maxLength={80} required value={form.displayName} onInput={set('displayName')} />}
        </Field>
        <Field
          id={IDS.birthDate}
          label="Birth date"
          hint={`You must be at least ${minAge}. Agencies never see it; it only keeps minors out.`}
          error={errorFor(errors, 'birthDate')}
        >
          {(a) => <input {...a} type="date" autocomplete="bday" required max={new Date().toISOString().slice(0, 10)} value={form.birthDate} onInput={set('birthDate')} />}
        </Field>
        <Field id={IDS.country} label="Country" optional hint="Start typing, then pick from the list." error={errorFor(errors, 'country')}>
          {(a) => <input {...a} type="text" list="country-options" autocomplete="off" value={form.country} onInput={set('country')} />}
        </Field>
        <CountryList />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Creating your account…' : 'Create my account'}
          </button>
          <span class="muted small">
            Already have one? <Link href="/sign-in">Sign in</Link>
          </span>
        </div>
      </form>
    </>
  );
}
