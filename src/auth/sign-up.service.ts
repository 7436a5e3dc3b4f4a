/**
 * Joining, in two steps, so that sign-up answers the same whether or not the email has an account
 * (nobody can learn who is on Permission by trying addresses):
 *
 * 1. `request(form)`: the form is checked (the same errors for everyone); then, in one
 *    transaction, either the form is kept as a pending sign-up with a one-time code mailed to the
 *    address, or, when the address already has an account, its owner is told by mail that someone
 *    tried. Either way the answer is "we sent a code to <email>", after the same work (the
 *    password is hashed in both cases).
 * 2. `confirm(email, code)`: the right code within CODE_TTL makes the account (the caller signs
 *    it in). A wrong code is counted; after MAX_WRONG_CODES the pending sign-up is gone. Every
 *    failure gives the same answer.
 *
 * A second sign-up with the same address replaces the pending one (the last form and code win):
 * nobody can hold an address they cannot read.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { fail, ok, userError, type Outcome } from '../domain/errors';
import type { InfluencerService, NewAccount, SignUpData } from '../influencers/influencer.service';
import type { MailService } from '../mail/mail.service';
import type { AuthService } from './auth.service';

/** How long a mailed code works. */
export const CODE_TTL_MS = 30 * 60_000;
/** Wrong codes before the pending sign-up is dropped (one in 200,000 odds to guess in time). */
export const MAX_WRONG_CODES = 5;

const hashCode = (code: string) => createHash('sha256').update(code).digest();

const WRONG_CODE = userError('code', 'INVALID_CODE', 'This code is wrong or has expired. Check the newest mail from us, or join again for a new code.');

export class SignUpService {
  constructor(
    private readonly ds: DataSource,
    private readonly influencers: InfluencerService,
    private readonly auth: AuthService,
    private readonly mail: MailService,
    private readonly clock: Clock,
    /** Where the portal is, for the links in the mail. */
    private readonly portalUrl: string,
  ) {}

  async request(input: SignUpData): Promise<Outcome<{ sentTo: string }>> {
    const errors = await this.influencers.checkSignUp(input);
    if (errors.length) return fail(...errors);
    const form = this.influencers.normalizedSignUp(input, await this.auth.hashPassword(input.password));
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock.now();
    await this.ds.transaction(async (tx) => {
      const [existing] = await tx.query(`SELECT 1 FROM influencer WHERE email = $1`, [form.email]);
      if (existing) {
        await this.mail.queue(tx, {
          to: form.email,
          subject: 'Someone tried to join Permission with your email',
          text: [
            'Someone, maybe you, tried to create a Permission account with this email address.',
            'You already have an account, so no new one was made and nothing about yours has changed.',
            '',
            `If it was you, sign in instead: ${this.portalUrl}/sign-in`,
            'If it was not you, you need do nothing.',
          ].join('\n'),
        });
        return;
      }
      await tx.query(
        `INSERT INTO pending_sign_up (email, password_hash, display_name, birth_date, country, code_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, display_name = EXCLUDED.display_name,
           birth_date = EXCLUDED.birth_date, country = EXCLUDED.country, code_hash = EXCLUDED.code_hash, wrong_codes = 0,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
        [form.email, form.passwordHash, form.displayName, form.birthDate, form.country, hashCode(code), now, new Date(now.getTime() + CODE_TTL_MS)],
      );
      await this.mail.queue(tx, {
        to: form.email,
        subject: `${code} is your Permission code`,
        text: [
          `Enter this code to finish joining Permission: ${code}`,
          '',
          `It works for ${CODE_TTL_MS / 60_000} minutes, on the page where you joined (${this.portalUrl}/join).`,
          'If you did not try to join, ignore this mail: no account is made without the code.',
        ].join('\n'),
      });
    });
    this.mail.wake();
    return ok({ sentTo: form.email });
  }

  /** The new account's id, once the code is right. */
  async confirm(email: string, code: string): Promise<Outcome<string>> {
    const given = code.trim();
    if (!/^\d{6}$/.test(given) || email.length > 254) return fail(WRONG_CODE);
    const now = this.clock.now();
    const outcome = await this.ds.transaction(async (tx): Promise<Outcome<string>> => {
      const [p]: Array<NewAccount & { codeHash: Buffer; wrongCodes: number; expiresAt: Date }> = await tx.query(
        `SELECT email, password_hash AS "passwordHash", display_name AS "displayName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate",
                country, code_hash AS "codeHash", wrong_codes AS "wrongCodes", expires_at AS "expiresAt"
         FROM pending_sign_up WHERE email = $1 FOR UPDATE`,
        [email.trim()],
      );
      if (!p || p.expiresAt <= now) return fail(WRONG_CODE);
      if (!timingSafeEqual(p.codeHash, hashCode(given))) {
        if (p.wrongCodes + 1 >= MAX_WRONG_CODES) await tx.query(`DELETE FROM pending_sign_up WHERE email = $1`, [p.email]);
        else await tx.query(`UPDATE pending_sign_up SET wrong_codes = wrong_codes + 1 WHERE email = $1`, [p.email]);
        return fail(WRONG_CODE);
      }
      await tx.query(`DELETE FROM pending_sign_up WHERE email = $1`, [p.email]);
      const id = await this.influencers.insertAccount(tx, p);
      return id ? ok(id) : fail(WRONG_CODE);
    });
    return outcome;
  }

  /** Housekeeping: forget sign-ups nobody confirmed. */
  async purgeExpired(): Promise<number> {
    const [, n]: [unknown[], number] = await this.ds.query(`DELETE FROM pending_sign_up WHERE expires_at <= $1`, [this.clock.now()]);
    return n;
  }
}
