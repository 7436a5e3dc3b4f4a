import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../auth/auth.service';
import { REASON_EXPLANATIONS } from '../consent/eligibility';
import type { ConsentPurpose } from '../domain/consent';
import type { Influencer } from '../entities/influencer.entity';
import type { SocialAccount } from '../entities/social-account.entity';
import { ConsentPurposeEnum, toAccountStatusName } from '../schema/enums';
import { SignUpInput, SocialAccountInput, UpdateProfileInput } from '../schema/influencer.input';
import {
  AuthPayload, ConsentEventType, ConsentPayload, ConsentStateType, DeletePayload, ListingStatus, Me,
  OwnSocialAccount, OwnTopic, ProfilePayload, SignUpPayload, SocialAccountPayload,
} from '../schema/me.type';
import { userError } from '../domain/errors';
import { checkEmail } from '../validation';
import type { VerificationView } from '../verification/verification.service';

export function toMe(i: Influencer): Me {
  return Object.assign(new Me(), {
    id: i.id,
    email: i.email,
    displayName: i.displayName,
    bio: i.bio,
    birthDate: i.birthDate,
    country: i.country,
    city: i.city,
    languages: i.languages,
    status: toAccountStatusName(i.status),
    createdAt: i.createdAt,
  });
}

export const toAccount = (a: SocialAccount, verification: VerificationView): OwnSocialAccount => ({
  id: a.id, platform: a.platform, handle: a.handle, url: a.url, followers: a.followers,
  engagementRate: a.engagementRate, isPrivate: a.isPrivate, connectedAt: a.connectedAt,
  verification, contested: a.contested, followersSource: a.followersSource, followersUpdatedAt: a.followersUpdatedAt,
});

/** Accounts as their owner sees them (verification current-ness from the rule's SQL). */
export async function ownAccounts(ctx: GraphQLContext, accounts: SocialAccount[]): Promise<OwnSocialAccount[]> {
  const views = await ctx.app.verification.views(ctx.app.ds, accounts);
  return accounts.map((a) => toAccount(a, views.get(a.id)!));
}

@Resolver(() => Me)
export class MeResolver {
  private async loadMe(ctx: GraphQLContext, id: string | null): Promise<Me | null> {
    if (!id) return null;
    const i = await ctx.app.influencers.get(ctx.app.ds, id);
    return i ? toMe(i) : null;
  }

  private startSession(ctx: GraphQLContext, token: string): void {
    ctx.res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.app.config.production,
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
  }

  @Query(() => Me, { nullable: true, description: 'Your own account, or null when not signed in.' })
  me(@Ctx() ctx: GraphQLContext): Promise<Me | null> {
    return this.loadMe(ctx, ctx.influencerId);
  }

  @FieldResolver(() => [OwnTopic])
  async topics(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<OwnTopic[]> {
    const links = await ctx.app.influencers.topicLinks(me.id);
    return links.flatMap((l) => {
      const topic = ctx.app.topics.get(l.topicSlug);
      return topic ? [{ topic, weight: l.weight }] : [];
    });
  }

  @FieldResolver(() => [OwnSocialAccount])
  async accounts(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<OwnSocialAccount[]> {
    return ownAccounts(ctx, await ctx.app.influencers.accounts(me.id));
  }

  @FieldResolver(() => [ConsentStateType])
  consents(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<ConsentStateType[]> {
    return ctx.app.consent.states(ctx.app.ds, me.id);
  }

  @FieldResolver(() => [ConsentEventType])
  consentHistory(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<ConsentEventType[]> {
    return ctx.app.consent.history(me.id);
  }

  @FieldResolver(() => ListingStatus)
  async listing(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<ListingStatus> {
    const v = await ctx.loaders.eligibility.load(me.id);
    const reasons = v?.reasons ?? ['ACCOUNT_DELETED'];
    return { listable: v?.listable ?? false, reasons, explanations: reasons.map((r) => REASON_EXPLANATIONS[r]), contactable: v?.contactable ?? false };
  }

  @Mutation(() => SignUpPayload, {
    description:
      'Join, step one: mails a six-digit code to the email (confirmSignUp takes it). Answers the same whether or not the email has an account. Nothing is listed until you grant DISCOVERY consent.',
  })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: GraphQLContext): Promise<SignUpPayload> {
    await ctx.app.limits.signUp.spend(ctx.req.ip ?? 'unknown', 1, (wait) => `Too many new accounts from this address; try again in ${Math.ceil(wait / 60)} minutes.`);
    const outcome = await ctx.app.signUps.request(input);
    return outcome.ok ? { codeSentTo: outcome.value.sentTo, userErrors: [] } : { codeSentTo: null, userErrors: outcome.errors };
  }

  @Mutation(() => AuthPayload, { description: 'Join, step two: the code mailed by signUp makes the account and signs you in (the session cookie).' })
  async confirmSignUp(
    // declared in reverse: type-graphql prints them as confirmSignUp(email, code)
    @Arg('code', () => String) code: string,
    @Arg('email', () => String) email: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuthPayload> {
    const outcome = await ctx.app.signUps.confirm(email, code);
    if (!outcome.ok) return { me: null, userErrors: outcome.errors };
    const session = await ctx.app.auth.createSession(outcome.value);
    this.startSession(ctx, session.token);
    return { me: await this.loadMe(ctx, outcome.value), userErrors: [] };
  }

  @Mutation(() => AuthPayload)
  async signIn(
    // declared in reverse: type-graphql prints them as signIn(email, password)
    @Arg('password', () => String) password: string,
    @Arg('email', () => String) email: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuthPayload> {
    const address = ctx.req.ip ?? 'unknown';
    const wellFormed = email.length <= 254 && password.length <= 200 && !checkEmail('email', email);
    // counted before the password is looked at; a malformed email only against the address
    const attempt = wellFormed ? await ctx.app.signInGuard.attempt(email, address) : await ctx.app.signInGuard.attemptWithoutAccount(address);
    const id = attempt ? await ctx.app.auth.verifyCredentials(email, password) : null;
    if (!id || !attempt) return { me: null, userErrors: [userError(null, 'INVALID_CREDENTIALS', 'Email or password is wrong.')] };
    await attempt.succeeded();
    const session = await ctx.app.auth.createSession(id);
    this.startSession(ctx, session.token);
    return { me: await this.loadMe(ctx, id), userErrors: [] };
  }

  @Mutation(() => Boolean, { description: 'End this session. True even when there was none.' })
  async signOut(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.app.auth.endSession(ctx.sessionToken ?? undefined);
    ctx.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }

  @Authorized('INFLUENCER')
  @Mutation(() => ProfilePayload)
  async updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: GraphQLContext): Promise<ProfilePayload> {
    const outcome = await ctx.app.influencers.updateProfile(ctx.influencerId!, input);
    return { me: await this.loadMe(ctx, ctx.influencerId), userErrors: outcome.ok ? [] : outcome.errors };
  }

  @Authorized('INFLUENCER')
  @Mutation(() => SocialAccountPayload)
  async connectSocialAccount(@Arg('input', () => SocialAccountInput) input: SocialAccountInput, @Ctx() ctx: GraphQLContext): Promise<SocialAccountPayload> {
    const outcome = await ctx.app.influencers.connectAccount(ctx.influencerId!, input);
    return this.accountPayload(ctx, outcome);
  }

  @Authorized('INFLUENCER')
  @Mutation(() => SocialAccountPayload)
  async updateSocialAccount(
    @Arg('input', () => SocialAccountInput) input: SocialAccountInput,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SocialAccountPayload> {
    return this.accountPayload(ctx, await ctx.app.influencers.updateAccount(ctx.influencerId!, id, input));
  }

  @Authorized('INFLUENCER')
  @Mutation(() => SocialAccountPayload)
  async disconnectSocialAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<SocialAccountPayload> {
    return this.accountPayload(ctx, await ctx.app.influencers.disconnectAccount(ctx.influencerId!, id));
  }

  private async accountPayload(
    ctx: GraphQLContext,
    outcome: Awaited<ReturnType<GraphQLContext['app']['influencers']['connectAccount']>>,
  ): Promise<SocialAccountPayload> {
    return {
      account: outcome.ok ? (await ownAccounts(ctx, [outcome.value]))[0] : null,
      me: await this.loadMe(ctx, ctx.influencerId),
      userErrors: outcome.ok ? [] : outcome.errors,
    };
  }

  @Authorized('INFLUENCER')
  @Mutation(() => ConsentPayload, { description: 'Give consent for one purpose. Returns its consent receipt.' })
  async grantConsent(@Arg('purpose', () => ConsentPurposeEnum) purpose: ConsentPurpose, @Ctx() ctx: GraphQLContext): Promise<ConsentPayload> {
    const outcome = await ctx.app.consent.grant(ctx.influencerId!, purpose, 'portal');
    if (!outcome.ok) return { consent: null, receipt: null, me: await this.loadMe(ctx, ctx.influencerId), userErrors: outcome.errors };
    return {
      consent: await this.stateOf(ctx, purpose),
      receipt: await ctx.app.consent.receipt(ctx.influencerId!, outcome.value.id),
      me: await this.loadMe(ctx, ctx.influencerId),
      userErrors: [],
    };
  }

  @Authorized('INFLUENCER')
  @Mutation(() => ConsentPayload, { description: 'Withdraw consent for one purpose, effective for the very next search.' })
  async withdrawConsent(@Arg('purpose', () => ConsentPurposeEnum) purpose: ConsentPurpose, @Ctx() ctx: GraphQLContext): Promise<ConsentPayload> {
    const outcome = await ctx.app.consent.withdraw(ctx.influencerId!, purpose, 'portal');
    if (!outcome.ok) return { consent: null, receipt: null, me: null, userErrors: outcome.errors };
    return { consent: await this.stateOf(ctx, purpose), receipt: null, me: await this.loadMe(ctx, ctx.influencerId), userErrors: [] };
  }

  private async stateOf(ctx: GraphQLContext, purpose: ConsentPurpose): Promise<ConsentStateType | null> {
    return (await ctx.app.consent.states(ctx.app.ds, ctx.influencerId!)).find((s) => s.purpose === purpose) ?? null;
  }

  @Authorized('INFLUENCER')
  @Mutation(() => DeletePayload, { description: 'Erase your account and all your data at once. Needs confirm: true.' })
  async deleteMyAccount(@Arg('confirm', () => Boolean) confirm: boolean, @Ctx() ctx: GraphQLContext): Promise<DeletePayload> {
    if (!confirm) {
      return { deleted: false, userErrors: [userError('confirm', 'CONFIRMATION_REQUIRED', 'Send confirm: true to erase your account; this cannot be undone.')] };
    }
    const deleted = await ctx.app.consent.eraseAccount(ctx.influencerId!);
    ctx.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { deleted, userErrors: [] };
  }
}
