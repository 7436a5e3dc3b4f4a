/**
 * Password guessing, slowed down. Every sign-in attempt is counted before the password is looked
 * at (an atomic upsert per limit, so 300 parallel attempts cannot all pass a check made first),
 * keyed on the account as the database identifies it (citext decides which emails are one
 * account, not JavaScript), and spent from limits in steps (see RateLimits.signIn): one address
 * guessing slows itself down without locking the owner out elsewhere.
 */
import type { DataSource } from 'typeorm';
import { RateLimitedError } from '../domain/errors';
import type { RateLimits } from '../limits/rate-limits';

export interface SignInAttempt {
  /** The password was right: this address starts afresh for this account. */
  succeeded(): Promise<void>;
}

const wording = (wait: number) =>
  `Too many sign-in attempts; try again in ${wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`}.`;

export class SignInGuard {
  constructor(
    private readonly ds: DataSource,
    private readonly limits: RateLimits,
  ) {}

  /**
   * Counts one attempt for this email from this address; throws RateLimitedError when any limit
   * is spent (the attempt still counts). `email` must already be a well-formed address.
   */
  async attempt(email: string, address: string): Promise<SignInAttempt> {
    const account = await this.accountKey(email);
    const { pairMinute, pairHour, account: perAccount, address: perAddress } = this.limits.signIn;
    const pair = `${account}|${address}`;
    const outcomes = await Promise.allSettled([
      pairMinute.spend(pair, 1, wording),
      pairHour.spend(pair, 1, wording),
      perAccount.spend(account, 1, wording),
      perAddress.spend(address, 1, wording),
    ]);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    const unexpected = refusals.find((r) => !(r instanceof RateLimitedError));
    if (unexpected) throw unexpected;
    if (refusals.length) {
      throw (refusals as RateLimitedError[]).reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
    }
    return {
      succeeded: async () => {
        await Promise.all([pairMinute.forget(pair), pairHour.forget(pair)]);
      },
    };
  }

  /** Counts an attempt that named no well-formed email: only against its address. */
  async attemptWithoutAccount(address: string): Promise<void> {
    await this.limits.signIn.address.spend(address, 1, wording);
  }

  private async accountKey(email: string): Promise<string> {
    const [row]: Array<{ k: string }> = await this.ds.query(
      `SELECT coalesce((SELECT 'id:' || id FROM influencer WHERE email = $1::citext), 'email:' || lower($1)) AS k`,
      [email.trim()],
    );
    return row.k;
  }
}
