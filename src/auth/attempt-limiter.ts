/**
 * Failed sign-ins per key (an email, an address) in a sliding window: after `max` failures the
 * key is refused until the oldest one leaves the window. In memory, per process: enough against
 * password guessing on one server; a shared store comes with horizontal scaling.
 */
import type { Clock } from '../clock';

export class AttemptLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly max = 10,
    readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string): number[] {
    const now = this.clock.now().getTime();
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds until every key may try again, or 0 when they may now. */
  retryAfter(keys: string[]): number {
    const now = this.clock.now().getTime();
    let wait = 0;
    for (const key of keys) {
      const r = this.recent(key);
      if (r.length >= this.max) wait = Math.max(wait, Math.ceil((r[0] + this.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[]): void {
    const now = this.clock.now().getTime();
    for (const key of keys) this.failures.set(key, [...this.recent(key), now].slice(-this.max));
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a flood
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
