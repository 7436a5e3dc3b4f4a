/**
 * What an influencer can do to their own data. Every method validates first and changes nothing
 * when any input is wrong; the outbox rows are written by the database in the same transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import type { AuthService } from '../auth/auth.service';
import type { EligibilityRule } from '../consent/eligibility';
import { Influencer } from '../entities/influencer.entity';
import { SocialAccount } from '../entities/social-account.entity';
import { InfluencerTopic } from '../entities/influencer-topic.entity';
import type { Platform } from '../domain/platform';
import { fail, ok, userError, type Outcome, type UserErrorShape } from '../domain/errors';
import {
  checkBirthDate, checkCountry, checkEmail, checkEngagementRate, checkFollowers, checkHandle,
  checkLanguage, checkPassword, checkText, checkUrl, compact, normalizeUrl, storedWeight,
} from '../validation';
import type { TopicCatalog } from '../topics/topic-catalog';
import { isUuid } from '../domain/ids';
import { sqlState, userErrorFromDb } from '../db/errors';
import type { VerificationService } from '../verification/verification.service';

/** What signing up takes (the GraphQL `SignUpInput` carries it). */
export interface SignUpData {
  email: string;
  password: string;
  displayName: string;
  birthDate: string;
  country?: string | null;
}

/** A checked sign-up, ready to insert. */
export interface NewAccount {
  email: string;
  passwordHash: string;
  displayName: string;
  birthDate: string;
  country: string | null;
}

export interface ProfileInput {
  displayName?: string | null;
  bio?: string | null;
  country?: string | null;
  city?: string | null;
  languages?: string[] | null;
  /** A correction of the birth date; the eligibility rule re-checks the age at once. */
  birthDate?: string | null;
  topics?: Array<{ slug: string; weight?: number | null }> | null;
}

export interface AccountInput {
  platform?: Platform | null;
  handle?: string | null;
  url?: string | null;
  followers?: number | null;
  engagementRate?: number | null;
  isPrivate?: boolean | null;
}

const MAX_TOPICS = 10;
/** Social accounts one person may connect. */
export const MAX_ACCOUNTS = 20;

export class InfluencerService {
  constructor(
    private readonly ds: DataSource,
    private readonly auth: AuthService,
    private readonly rule: EligibilityRule,
    private readonly topics: TopicCatalog,
    private readonly clock: Clock,
    private readonly verification: Pick<VerificationService, 'verifiedByAnother'>,
  ) {}

  /**
   * What is wrong with a sign-up form, or nothing. Nobody under the minimum age gets an account:
   * no data about a minor is kept at all.
   */
  async checkSignUp(input: SignUpData): Promise<UserErrorShape[]> {
    const errors = compact([
      checkEmail('email', input.email),
      checkPassword('password', input.password, [input.email, input.displayName]),
      checkText('displayName', 'Display name', input.displayName, 80, true),
      checkBirthDate('birthDate', input.birthDate, this.clock.now()),
      input.country ? checkCountry('country', input.country) : null,
    ]);
    if (!errors.some((e) => e.field === 'birthDate') && !(await this.rule.oldEnough(this.ds, input.birthDate.trim()))) {
      errors.push(userError('birthDate', 'UNDER_MIN_AGE', `You must be at least ${this.rule.policy.minAge} to join Permission.`));
    }
    return errors;
  }

  /** The sign-up form as stored: trimmed, the country upper-cased. */
  normalizedSignUp(input: SignUpData, passwordHash: string): NewAccount {
    return {
      email: input.email.trim(),
      passwordHash,
      displayName: input.displayName.trim(),
      birthDate: input.birthDate.trim(),
      country: input.country?.trim().toUpperCase() || null,
    };
  }

  /**
   * Make the account at once (operators, tests). People joining through the API go through
   * SignUpService, which makes it only once they entered the code mailed to them.
   */
  async createAccount(input: SignUpData): Promise<Outcome<string>> {
    const errors = await this.checkSignUp(input);
    if (errors.length) return fail(...errors);
    const account = this.normalizedSignUp(input, await this.auth.hashPassword(input.password));
    try {
      const id = await this.insertAccount(this.ds, account);
      return id ? ok(id) : fail(userError('email', 'TAKEN', 'An account with this email already exists.'));
    } catch (err) {
      return fail(userErrorFromDb(err));
    }
  }

  /** Insert a checked account; null when the email is taken. */
  async insertAccount(db: Pick<DataSource | EntityManager, 'query'>, a: NewAccount): Promise<string | null> {
    const rows: Array<{ id: string }> = await db.query(
      `INSERT INTO influencer (email, password_hash, display_name, birth_date, country)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [a.email, a.passwordHash, a.displayName, a.birthDate, a.country],
    );
    return rows[0]?.id ?? null;
  }

  async get(db: Pick<DataSource, 'getRepository'>, id: string): Promise<Influencer | null> {
    return db.getRepository(Influencer).findOne({ where: { id } });
  }

  async updateProfile(id: string, input: ProfileInput): Promise<Outcome<true>> {
    const errors: Array<UserErrorShape | null> = [];
    if (input.displayName != null) errors.push(checkText('displayName', 'Display name', input.displayName, 80, true));
    if (input.bio != null) errors.push(checkText('bio', 'Bio', input.bio, 1000, false));
    if (input.country) errors.push(checkCountry('country', input.country));
    if (input.city != null) errors.push(checkText('city', 'City', input.city, 100, false));
    if (input.birthDate != null) errors.push(checkBirthDate('birthDate', input.birthDate, this.clock.now()));
    if (input.languages != null) {
      if (input.languages.length > 10) errors.push(userError('languages', 'INVALID', 'At most 10 languages.'));
      input.languages.forEach((l, i) => errors.push(checkLanguage(`languages[${i}]`, l)));
    }
    if (input.topics != null) {
      if (input.topics.length > MAX_TOPICS) errors.push(userError('topics', 'INVALID', `At most ${MAX_TOPICS} topics.`));
      const seen = new Set<string>();
      input.topics.forEach((t, i) => {
        if (!this.topics.get(t.slug)) errors.push(userError(`topics[${i}].slug`, 'UNKNOWN_TOPIC', `"${t.slug}" is not a topic; see the topics query.`));
        else if (seen.has(t.slug)) errors.push(userError(`topics[${i}].slug`, 'INVALID', `"${t.slug}" is listed twice.`));
        seen.add(t.slug);
        if (storedWeight(t.weight ?? 1) === null) errors.push(userError(`topics[${i}].weight`, 'INVALID', 'Weight must be from 0.01 to 1 (it is kept to two decimals).'));
      });
    }
    const found = compact(errors);
    if (found.length) return fail(...found);
    try {
      await this.ds.transaction(async (m) => {
        const patch: Partial<Influencer> = {};
        if (input.displayName != null) patch.displayName = input.displayName.trim();
        if (input.bio != null) patch.bio = input.bio.trim();
        if (input.country !== undefined) patch.country = input.country ? input.country.trim().toUpperCase() : null;
        if (input.city !== undefined) patch.city = input.city?.trim() || null;
        if (input.birthDate != null) patch.birthDate = input.birthDate.trim();
        if (input.languages != null) patch.languages = [...new Set(input.languages.map((l) => l.trim().toLowerCase()))];
        if (Object.keys(patch).length) await m.getRepository(Influencer).update({ id }, patch);
        if (input.topics != null) {
          await this.replaceTopics(m, id, input.topics);
          // topics are part of what agencies see: their change moves the public updatedAt
          await m.getRepository(Influencer).update({ id }, { profileUpdatedAt: () => 'clock_timestamp()' });
        }
      });
    } catch (err) {
      return fail(userErrorFromDb(err));
    }
    return ok(true);
  }

  private async replaceTopics(m: EntityManager, id: string, topics: NonNullable<ProfileInput['topics']>) {
    const repo = m.getRepository(InfluencerTopic);
    await repo.delete({ influencerId: id });
    if (topics.length) {
      await repo.insert(topics.map((t) => ({ influencerId: id, topicSlug: t.slug, weight: storedWeight(t.weight ?? 1)! })));
    }
  }

  async connectAccount(influencerId: string, input: AccountInput): Promise<Outcome<SocialAccount>> {
    const errors = this.checkAccount(input, true);
    if (errors.length) return fail(...errors);
    const handle = input.handle!.trim().replace(/^@/, '');
    const isPrivate = input.isPrivate ?? false;
    const taken = () => userError('handle', 'TAKEN', `@${handle} on ${input.platform} is already connected to an account.`);
    try {
      return await this.ds.transaction(async (m) => {
        // the person's row, locked: a deletion in flight waits, or has already happened
        const count = await this.lockAndCountAccounts(m, influencerId);
        if (count === null) return fail<SocialAccount>(userError(null, 'NOT_FOUND', 'Your account no longer exists.'));
        if (count >= MAX_ACCOUNTS) return fail<SocialAccount>(userError(null, 'INVALID', `At most ${MAX_ACCOUNTS} social accounts; disconnect one first.`));
        // a handle its owner verified cannot be claimed again, publicly or privately
        const verified = await this.verification.verifiedByAnother(m, { platform: input.platform!, handle, influencerId });
        if (verified) return fail<SocialAccount>(verified);
        // only a public account can clash, and only with another public one: a private account
        // neither blocks nor reveals itself. Your own claim twice is TAKEN; someone else's
        // unverified claim can be contested: yours is hidden from agencies until you verify it,
        // and verifying removes theirs (the owner wins).
        let contested = false;
        if (!isPrivate) {
          const holder = await this.publicHandleHolder(m, input.platform!, handle);
          if (holder === influencerId) return fail<SocialAccount>(taken());
          contested = holder !== null;
        }
        const repo = m.getRepository(SocialAccount);
        const account = repo.create({
          influencerId,
          platform: input.platform!,
          handle,
          url: input.url ? normalizeUrl(input.url) : null,
          followers: input.followers ?? 0,
          engagementRate: input.engagementRate ?? null,
          isPrivate,
          contested,
          connectedAt: this.clock.now(),
          followersUpdatedAt: this.clock.now(),
        });
        await repo.insert(account);
        return ok(await repo.findOneByOrFail({ id: account.id }));
      });
    } catch (err) {
      return fail(userErrorFromDb(err, 'handle', sqlState(err) === '23505' ? taken().message : undefined));
    }
  }

  async updateAccount(influencerId: string, accountId: string, input: AccountInput): Promise<Outcome<SocialAccount>> {
    const repo = this.ds.getRepository(SocialAccount);
    const existing = await this.ownAccount(influencerId, accountId);
    if (!existing) return fail(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
    const errors = this.checkAccount(input, false);
    if (errors.length) return fail(...errors);
    const patch: Partial<SocialAccount> = {};
    if (input.platform != null) patch.platform = input.platform;
    if (input.handle != null) patch.handle = input.handle.trim().replace(/^@/, '');
    if (input.url !== undefined) patch.url = input.url ? normalizeUrl(input.url) : null;
    if (input.followers != null) {
      // stated by the person: the figure is theirs again, whatever the platform said before
      patch.followers = input.followers;
      patch.followersSource = 'SELF_REPORTED';
      patch.followersUpdatedAt = this.clock.now();
    }
    const platform = patch.platform ?? existing.platform;
    const handle = patch.handle ?? existing.handle;
    if (platform !== existing.platform || handle.toLowerCase() !== existing.handle.toLowerCase()) {
      const verified = await this.verification.verifiedByAnother(this.ds, { platform, handle, influencerId });
      if (verified) return fail(verified);
      // another account now: whatever proved the old one proves nothing about it
      Object.assign(patch, {
        verificationStatus: existing.verificationStatus === 'VERIFIED' ? 'REVOKED' : 'UNVERIFIED',
        revokedReason: existing.verificationStatus === 'VERIFIED' ? 'HANDLE_CHANGED' : null,
        verificationMethod: null, verifiedAt: null, verificationCode: null, oauthState: null, oauthVerifier: null, oauthStartedAt: null,
        contested: false, followersSource: 'SELF_REPORTED', followersUpdatedAt: this.clock.now(),
      } satisfies Partial<SocialAccount>);
    }
    if (input.engagementRate !== undefined) patch.engagementRate = input.engagementRate;
    if (input.isPrivate != null) patch.isPrivate = input.isPrivate;
    try {
      if (Object.keys(patch).length) await repo.update({ id: accountId, influencerId }, patch);
    } catch (err) {
      return fail(userErrorFromDb(err, 'handle', sqlState(err) === '23505' ? 'That handle is already connected to a public account.' : undefined));
    }
    const updated = await repo.findOneBy({ id: accountId });
    return updated ? ok(updated) : fail(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
  }

  /** Locks the person's row; the number of their accounts, or null when they no longer exist. */
  private async lockAndCountAccounts(m: EntityManager, influencerId: string): Promise<number | null> {
    const rows: Array<{ n: number }> = await m.query(
      `SELECT (SELECT count(*)::int FROM social_account s WHERE s.influencer_id = i.id) AS n FROM influencer i WHERE i.id = $1 FOR UPDATE`,
      [influencerId],
    );
    return rows[0]?.n ?? null;
  }

  /** Who holds the handle's public, uncontested claim (at most one: a unique index), or null. */
  private async publicHandleHolder(m: EntityManager, platform: string, handle: string): Promise<string | null> {
    const rows: Array<{ influencer_id: string }> = await m.query(
      `SELECT influencer_id FROM social_account WHERE platform = $1 AND lower(handle) = lower($2) AND NOT is_private AND NOT contested`,
      [platform, handle],
    );
    return rows[0]?.influencer_id ?? null;
  }

  async disconnectAccount(influencerId: string, accountId: string): Promise<Outcome<SocialAccount>> {
    const existing = await this.ownAccount(influencerId, accountId);
    if (!existing) return fail(userError('id', 'NOT_FOUND', 'No such social account among yours.'));
    await this.ds.getRepository(SocialAccount).delete({ id: accountId, influencerId });
    return ok(existing);
  }

  async accounts(influencerId: string): Promise<SocialAccount[]> {
    return this.ds.getRepository(SocialAccount).find({ where: { influencerId }, order: { connectedAt: 'ASC' } });
  }

  async topicLinks(influencerId: string): Promise<InfluencerTopic[]> {
    return this.ds.getRepository(InfluencerTopic).find({ where: { influencerId }, order: { weight: 'DESC', topicSlug: 'ASC' } });
  }

  private async ownAccount(influencerId: string, accountId: string): Promise<SocialAccount | null> {
    if (!isUuid(accountId)) return null;
    return this.ds.getRepository(SocialAccount).findOne({ where: { id: accountId, influencerId } });
  }

  private checkAccount(input: AccountInput, creating: boolean): UserErrorShape[] {
    const errors: Array<UserErrorShape | null> = [];
    if (creating && !input.platform) errors.push(userError('platform', 'REQUIRED', 'Platform is required.'));
    if (creating && !input.handle) errors.push(userError('handle', 'REQUIRED', 'Handle is required.'));
    if (input.handle) errors.push(checkHandle('handle', input.handle));
    if (input.url) errors.push(checkUrl('url', input.url));
    if (input.followers != null) errors.push(checkFollowers('followers', input.followers));
    if (input.engagementRate != null) errors.push(checkEngagementRate('engagementRate', input.engagementRate));
    return compact(errors);
  }
}
