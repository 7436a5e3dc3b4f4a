import { useState } from 'preact/hooks';
import { useMutation } from '@urql/preact';
import { Link, useLocation } from 'wouter-preact';
import { SignInMutation } from '../operations';
import { Field, Notice, PageTitle } from '../components/ui';
import { time } from '../lib/format';
import { useSession } from '../session';

/** "in 40 seconds", "in about 1 minute", "in about 15 minutes". */
export function inAbout(seconds: number): string {
  if (seconds < 60) {
    const s = Math.max(1, Math.ceil(seconds));
    return `in ${s} second${s === 1 ? '' : 's'}`;
  }
  const m = Math.ceil(seconds / 60);
  return `in about ${m} minute${m === 1 ? '' : 's'}`;
}

export function SignIn() {
  const { refresh, say } = useSession();
  const [, navigate] = useLocation();
  const [, signIn] = useMutation(SignInMutation);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<{ title: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const signedOut = new URLSearchParams(location.search).has('signed-out');

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    const res = await signIn({ email, password });
    setBusy(false);
    const g = res.error?.graphQLErrors[0];
    if (g?.extensions?.code === 'RATE_LIMITED') {
      const seconds = Number(g.extensions.retryAfterSeconds ?? 900);
      const at = new Date(Date.now() + seconds * 1000);
      return setProblem({
        title: 'Sign-in is paused for a while',
        text: `There were too many failed attempts, so we paused sign-in to protect the account. Try again at ${time(at)} (${inAbout(seconds)}).`,
      });
    }
    if (res.error) return setProblem({ title: 'We could not sign you in', text: 'Permission could not be reached. Check your connection and try again.' });
    if (res.data!.signIn.userErrors.length) {
      // the same words whether or not the email has an account
      return setProblem({ title: 'We could not sign you in', text: 'That email and password do not match. Check both and try again.' });
    }
    say('You are signed in.');
    refresh();
    navigate('/');
  }

  return (
    <>
      <PageTitle>Sign in</PageTitle>
      <form class="card form" onSubmit={submit} noValidate>
        {signedOut && !problem ? (
          <Notice tone="success" title="You are signed out." role="status">
            <p>Sign in again whenever you like.</p>
          </Notice>
        ) : null}
        {problem ? (
          <Notice tone="danger" title={problem.title} role="alert">
            <p>{problem.text}</p>
          </Notice>
        ) : null}
        <Field id="signin-email" label="Email">
          {(a) => <input {...a} type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field id="signin-password" label="Password">
          {(a) => <input {...a} type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <span class="muted small">
            New here? <Link href="/join">Join Permission</Link>
          </span>
        </div>
      </form>
    </>
  );
}
