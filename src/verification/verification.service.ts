/**
 * Who owns a social account. Two ways to prove it: a one-time code put in the account's public
 * profile, found by fetching the page (profile-fetch.ts: SSRF-safe, bounded), or signing in with
 * the platform (oauth.ts). The owner wins: verifying a handle removes, in the same transaction,
 * every other person's claim of it (the outbox triggers update the index; the people are told in
 * their portal), and a verified handle cannot be claimed again. Whether a verification is still
 * current (VERIFICATION_TTL_DAYS) is the rule's to say (src/consent/rule.sql.ts).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import type { VerificationConfig } from '../config';
import type { EligibilityRule, Queryable } from '../consent/eligibility';
import { SocialAccount } from '../entities/social-account.entity';
import { fail, ok, userError, type Outcome, type UserErrorCode, type UserErrorShape } from '../domain/errors';
import { isUuid } from '../domain/ids';
import { PLATFORM_NAMES, type Platform } from '../domain/platform';
import { newProfileCode, shownVerification, type NoticeKind, type RevokedReason, type VerificationMethod, type VerificationState } from '../domain/verification';
import type { Limit } from '../limits/rate-limits';
import { fetchProfileForCode, type ProfileFetchResult } from './profile-fetch';
import { OAUTH_CALLBACK_PATH, OAuthError, PlatformOAuth } from './oauth';

/** A social account's verification, as its owner sees it. */
export interface VerificationView {
  state: VerificationState;
  method: VerificationMethod | null;
  verifiedAt: Date | null;
  expiresAt: Date | null;
  revokedReason: RevokedReason | null;
  /** The code to put in the public bio, once asked for and until verified with it. */
  code: string | null;
  /** The page the code is looked for on (null: a blog without its address). */
  profileUrl: string | null;
  /** Signing in with the platform is configured. */
  oauthAvailable: boolean;
}

export interface NoticeView {
  id: string;
  kind: NoticeKind;
  platform: Platform | null;
  handle: string | null;
  message: string;
  createdAt: Date;
  readAt: Date | null;
}

/** How long an OAuth sign-in may take between start and callback. */
const OAUTH_WINDOW_MS = 15 * 60_000;

const FETCH_MESSAGES: Record<Exclude<ProfileFetchResult, 'FOUND'>, string> = {
  VERIFICATION_CODE_NOT_FOUND: 'The code is not on your public profile yet. Put it in your bio, save, and try again (it may take a minute to show).',
  PROFILE_NOT_FOUND: 'The platform says this profile does not exist. Check the handle.',
  PROFILE_LOGIN_REQUIRED: 'The platform asks to sign in to see this profile: it is not public, so it cannot be checked.',
  PROFILE_TOO_LARGE: 'The profile page is too large to check. Put the code near the top of your bio.',
  PROFILE_TIMEOUT: 'The platform took too long to answer. Try again in a moment.',
  PROFILE_UNREACHABLE: 'The profile page could not be fetched right now. Try again later.',
  ADDRESS_NOT_ALLOWED: 'That address points into a private network; it is not fetched.',
};

const noticeMessage = (kind: NoticeKind, platform: Platform | null, handle: string | null): string =>
  kind === 'CLAIM_REMOVED'
    ? `The owner of @${handle} on ${platform ? PLATFORM_NAMES[platform] : 'its platform'} proved it is theirs, so it was removed from your accounts. ` +
      'If you think this is a mistake, contact support.'
    : kind;

export class VerificationService {
  constructor(
    private readonly ds: DataSource,
    private readonly rule: EligibilityRule,
    private readonly clock: Clock,
    private readonly config: VerificationConfig,
    private readonly limits: { perPlatform: Limit; perPerson: Limit },
    /** Re-reads people into the index at once (the projector); the outbox would get there too. */
    private readonly reindexNow: (ids: string[]) => Promise<void>,
  ) {}

  /** Where the profile code is looked for. */
  profileUrl(a: Pick<SocialAccount, 'platform' | 'handle' | 'url'>): string | null {
    if (a.platform === 'BLOG') return a.url;
    const base = this.config.profileBaseUrls[a.platform];
    return base ? `${base}${encodeURIComponent(a.handle)}` : null;
  }

  oauthAvailable(platform: Platform): boolean {
    return this.config.oauth[platform] !== undefined;
  }

  /** The owner's view of these accounts' verification; current-ness and expiry from the rule's SQL. */
  async views(db: Queryable, accounts: SocialAccount[]): Promise<Map<string, VerificationView>> {
    const out = new Map<string, VerificationView>();
    if (!accounts.length) return out;
    const { verificationTtlDays } = this.rule.policy;
    const rows: Array<{ id: string; current: boolean; expires_at: Date | null }> = await db.query(
      `SELECT s.id, verification_current(s.verification_status, s.verified_at, $2::int, $3::timestamptz) AS current,
              verification_expires_at(s.verified_at, $2::int) AS expires_at
       FROM social_account s WHERE s.id = ANY($1::uuid[])`,
      [accounts.map((a) => a.id), verificationTtlDays, this.clock.now()],
    );
    const facts = new Map(rows.map((r) => [r.id, r]));
    for (const a of accounts) {
      const f = facts.get(a.id);
      const shown = shownVerification(a.verificationStatus, f?.current ?? false, a.revokedReason);
      out.set(a.id, {
        ...shown,
        method: shown.state === 'VERIFIED' ? a.verificationMethod : null,
        verifiedAt: a.verifiedAt,
        expiresAt: a.verificationStatus === 'VERIFIED' ? (f?.expires_at ?? null) : null,
        code: a.verificationCode,
        profileUrl: this.profileUrl(a),
        oauthAvailable: this.oauthAvailable(a.platform),
      });
    }
    return out;
  }

  private async own(influencerId: string, accountId: string): Promise<SocialAccount | null> {
    if (!isUuid(accountId)) return null;
    return this.ds.getRepository(SocialAccount).findOne({ where: { id: accountId, influencerId } });
  }

  /** Issue (or re-issue) the one-time code to put in the profile. A verified account stays verified meanwhile. */
  async startProfileCode(influencerId: string, accountId: string): Promise<Outcome<SocialAccount>> {
    const a = await this.own(influencerId, accountId);
    if (!a) return fail(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
    if (a.platform === 'BLOG' && !a.url) return fail(userError('url', 'REQUIRED', "Add your blog's address to the account first: the code is looked for there."));
    const code = a.verificationCode ?? newProfileCode();
    await this.ds.query(
      `UPDATE social_account SET verification_code = $3,
         verification_status = CASE WHEN verification_status = 'VERIFIED' THEN verification_status ELSE 'PENDING' END
       WHERE id = $1 AND influencer_id = $2`,
      [a.id, influencerId, code],
    );
    return ok((await this.own(influencerId, accountId))!);
  }

  /** Fetch the public profile page and look for the code; verified when it is there. */
  async verifyByProfileCode(influencerId: string, accountId: string): Promise<Outcome<SocialAccount>> {
    const a = await this.own(influencerId, accountId);
    if (!a) return fail(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
    if (!a.verificationCode) return fail(userError('id', 'NOT_ACTIONABLE', 'Ask for a verification code first (startSocialAccountVerification).'));
    const url = this.profileUrl(a);
    if (!url) return fail(userError('url', 'REQUIRED', "Add your blog's address to the account first: the code is looked for there."));
    const taken = await this.verifiedByAnother(this.ds, a);
    if (taken) return fail(taken);
    // limits before any fetch: per person, and per platform (every api process shares them)
    await this.limits.perPerson.spend(influencerId, 1, (wait) => `Too many verification attempts; try again in ${Math.ceil(wait / 60)} minutes.`);
    await this.limits.perPlatform.spend(a.platform, 1, (wait) => `Too many profile checks on ${a.platform} right now; try again in ${wait} seconds.`);
    const result = await fetchProfileForCode(url, a.verificationCode, {
      timeoutMs: this.config.timeoutMs,
      maxBytes: this.config.maxBytes,
      allowPrivateHosts: this.config.allowPrivateHosts,
      userAgent: `PermissionVerifier/1.0 (+${this.config.publicUrl})`,
    });
    if (result !== 'FOUND') return fail(userError('id', result as UserErrorCode, FETCH_MESSAGES[result]));
    return this.markVerified(a, 'PROFILE_CODE', null);
  }

  /** Begin a sign-in with the platform: the address to send the browser to. */
  async startOAuth(influencerId: string, accountId: string): Promise<Outcome<string>> {
    const a = await this.own(influencerId, accountId);
    if (!a) return fail(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
    const oauth = this.oauth(a.platform);
    if (!oauth) return fail(userError('id', 'OAUTH_NOT_CONFIGURED', `Signing in with ${a.platform} is not set up here; verify with a profile code instead.`));
    const taken = await this.verifiedByAnother(this.ds, a);
    if (taken) return fail(taken);
    const start = oauth.start();
    await this.ds.query(
      `UPDATE social_account SET oauth_state = $3, oauth_verifier = $4, oauth_started_at = $5,
         verification_status = CASE WHEN verification_status = 'VERIFIED' THEN verification_status ELSE 'PENDING' END
       WHERE id = $1 AND influencer_id = $2`,
      [a.id, influencerId, start.state, start.codeVerifier, this.clock.now()],
    );
    return ok(start.url);
  }

  /**
   * The platform sent the browser back: exchange the code, check the account signed in is this
   * handle, verify it and take the platform's follower count. Returns the account id either way
   * (when the state is known), for the portal to show the outcome.
   */
  async completeOAuth(state: string, code: string | null, providerError: string | null): Promise<{ accountId: string | null; outcome: Outcome<SocialAccount> }> {
    if (!state || state.length > 200) return { accountId: null, outcome: fail(userError(null, 'OAUTH_FAILED', 'This sign-in is unknown or expired; start again.')) };
    // TypeORM answers an UPDATE ... RETURNING with [rows, count]
    const [[row]]: [Array<{ id: string; oauth_verifier: string; oauth_started_at: Date }>, number] = await this.ds.query(
      `UPDATE social_account s SET oauth_state = NULL, oauth_verifier = NULL, oauth_started_at = NULL
       FROM (SELECT id, oauth_verifier, oauth_started_at FROM social_account WHERE oauth_state = $1 FOR UPDATE) old
       WHERE s.id = old.id RETURNING s.id, old.oauth_verifier, old.oauth_started_at`,
      [state],
    );
    const expired = () => fail<SocialAccount>(userError(null, 'OAUTH_FAILED', 'This sign-in is unknown or expired; start again.'));
    if (!row) return { accountId: null, outcome: expired() };
    if (this.clock.now().getTime() - new Date(row.oauth_started_at).getTime() > OAUTH_WINDOW_MS) return { accountId: row.id, outcome: expired() };
    const a = await this.ds.getRepository(SocialAccount).findOneBy({ id: row.id });
    const oauth = a ? this.oauth(a.platform) : null;
    if (!a || !oauth) return { accountId: row.id, outcome: expired() };
    if (providerError || !code) {
      return { accountId: a.id, outcome: fail(userError(null, 'OAUTH_FAILED', `${a.platform} did not complete the sign-in${providerError ? ` (${providerError.slice(0, 80)})` : ''}.`)) };
    }
    try {
      const who = await oauth.identify(code, row.oauth_verifier);
      if (!who.handle || who.handle.toLowerCase() !== a.handle.toLowerCase()) {
        return { accountId: a.id, outcome: fail(userError(null, 'OAUTH_FAILED', `You signed in to ${a.platform} as ${who.handle ? `@${who.handle}` : 'another account'}, not @${a.handle}.`)) };
      }
      return { accountId: a.id, outcome: await this.markVerified(a, 'OAUTH', who.followers) };
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return { accountId: a.id, outcome: fail(userError(null, 'OAUTH_FAILED', `Signing in with ${a.platform} failed: ${err.message}.`)) };
    }
  }

  private oauth(platform: Platform): PlatformOAuth | null {
    const c = this.config.oauth[platform];
    return c ? new PlatformOAuth(c, `${this.config.publicUrl}${OAUTH_CALLBACK_PATH}`, this.config.timeoutMs) : null;
  }

  /** HANDLE_VERIFIED when someone else holds a current verification of this handle. */
  async verifiedByAnother(db: Queryable, a: Pick<SocialAccount, 'platform' | 'handle' | 'influencerId'>): Promise<UserErrorShape | null> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM social_account WHERE platform = $1 AND lower(handle) = lower($2) AND influencer_id <> $3
         AND verification_current(verification_status, verified_at, $4::int, $5::timestamptz)`,
      [a.platform, a.handle, a.influencerId, this.rule.policy.verificationTtlDays, this.clock.now()],
    );
    return rows.length
      ? userError('handle', 'HANDLE_VERIFIED', `@${a.handle} on ${a.platform} is verified by its owner; it cannot be claimed again.`)
      : null;
  }

  /**
   * The owner wins: in one transaction, every other claim of the handle goes (each person told),
   * and this one becomes verified (uncontested; with the platform's figures when given).
   */
  private async markVerified(a: SocialAccount, method: VerificationMethod, platformFollowers: number | null): Promise<Outcome<SocialAccount>> {
    const now = this.clock.now();
    const done = await this.ds.transaction(async (m: EntityManager) => {
      // one verification of a handle at a time
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 11))`, [`${a.platform}/${a.handle.toLowerCase()}`]);
      const taken = await this.verifiedByAnother(m, a);
      if (taken) return fail<string[]>(taken);
      const [removed]: [Array<{ influencer_id: string; platform: Platform; handle: string }>, number] = await m.query(
        `DELETE FROM social_account WHERE platform = $1 AND lower(handle) = lower($2) AND influencer_id <> $3
         RETURNING influencer_id, platform, handle`,
        [a.platform, a.handle, a.influencerId],
      );
      if (removed.length) {
        await m.query(
          `INSERT INTO notice (influencer_id, kind, platform, handle, created_at)
           SELECT x, 'CLAIM_REMOVED', $2, $3, $4 FROM unnest($1::uuid[]) x`,
          [removed.map((r) => r.influencer_id), a.platform, a.handle, now],
        );
      }
      const [updated]: [unknown[], number] = await m.query(
        `UPDATE social_account SET verification_status = 'VERIFIED', verification_method = $2, verified_at = $3,
           verification_code = NULL, revoked_reason = NULL, contested = false,
           oauth_state = NULL, oauth_verifier = NULL, oauth_started_at = NULL,
           followers = coalesce($4, followers),
           followers_source = CASE WHEN $4::int IS NULL THEN followers_source ELSE 'PLATFORM' END,
           followers_updated_at = CASE WHEN $4::int IS NULL THEN followers_updated_at ELSE $3 END
         WHERE id = $1 RETURNING id`,
        [a.id, method, now, platformFollowers],
      );
      if (!updated.length) return fail<string[]>(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
      return ok([...new Set(removed.map((r) => r.influencer_id))]);
    });
    if (!done.ok) return done;
    // the very next search: the removed claims leave the index now, not when the indexer gets there
    await this.reindexNow([a.influencerId, ...done.value]).catch(() => undefined);
    return ok((await this.ds.getRepository(SocialAccount).findOneBy({ id: a.id }))!);
  }

  async notices(influencerId: string, limit = 50): Promise<NoticeView[]> {
    const rows: Array<{ id: string; kind: NoticeKind; platform: Platform | null; handle: string | null; created_at: Date; read_at: Date | null }> = await this.ds.query(
      `SELECT id, kind, platform, handle, created_at, read_at FROM notice WHERE influencer_id = $1 ORDER BY seq DESC LIMIT $2`,
      [influencerId, limit],
    );
    return rows.map((r) => ({
      id: r.id, kind: r.kind, platform: r.platform, handle: r.handle, createdAt: r.created_at, readAt: r.read_at,
      message: noticeMessage(r.kind, r.platform, r.handle),
    }));
  }

  async markNoticeRead(influencerId: string, id: string): Promise<Outcome<NoticeView>> {
    const missing = () => fail<NoticeView>(userError('id', 'NOT_FOUND', 'No such notice among yours.'));
    if (!isUuid(id)) return missing();
    const [rows]: [unknown[], number] = await this.ds.query(
      `UPDATE notice SET read_at = coalesce(read_at, $3) WHERE id = $1 AND influencer_id = $2 RETURNING id`,
      [id, influencerId, this.clock.now()],
    );
    if (!rows.length) return missing();
    return ok((await this.notices(influencerId, 1000)).find((n) => n.id === id)!);
  }
}
