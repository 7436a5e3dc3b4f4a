import { Link } from 'wouter-preact';
import { PageTitle } from '../components/ui';

export function Welcome({ goodbye }: { goodbye?: boolean }) {
  return (
    <>
      {goodbye ? (
        <div class="notice notice--success" role="status">
          <p class="notice-title">Your account is deleted.</p>
          <p>Everything we held about you is erased, and agencies can no longer find you. Thank you for trying Permission.</p>
        </div>
      ) : null}
      <PageTitle lead="Permission lists creators for marketing agencies only when they ask to be listed. You stay in charge: what agencies see, for how long, and when it stops.">
        Be found by brands, on your terms
      </PageTitle>
      <div class="actions">
        <Link href="/join" class="button button--primary">
          Join Permission
        </Link>
        <Link href="/sign-in" class="button">
          Sign in
        </Link>
      </div>
      <ul class="promises">
        <li>
          <h2>Only by your choice</h2>
          <p>Nobody is listed until they say yes. Joining alone shows you to no one.</p>
        </li>
        <li>
          <h2>Gone in one click</h2>
          <p>Withdraw and the very next agency search no longer finds you. Delete, and every trace goes.</p>
        </li>
        <li>
          <h2>Your public side only</h2>
          <p>Agencies never see your email, your birth date or a private account. You see exactly what they see.</p>
        </li>
      </ul>
    </>
  );
}
