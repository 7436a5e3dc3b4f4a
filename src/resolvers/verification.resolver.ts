import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Me, Notice, NoticePayload, OAuthStartPayload, SocialAccountPayload } from '../schema/me.type';
import { ownAccounts, toMe } from './me.resolver';
import type { Outcome } from '../domain/errors';
import type { SocialAccount } from '../entities/social-account.entity';

/** Proving a social account is yours, and what you are told (notices). Logic in VerificationService. */
@Resolver(() => Me)
export class VerificationResolver {
  @FieldResolver(() => [Notice])
  notices(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<Notice[]> {
    return ctx.app.verification.notices(me.id);
  }

  private async payload(ctx: GraphQLContext, outcome: Outcome<SocialAccount>): Promise<SocialAccountPayload> {
    const i = await ctx.app.influencers.get(ctx.app.ds, ctx.influencerId!);
    const me = i ? toMe(i) : null;
    return { account: outcome.ok ? (await ownAccounts(ctx, [outcome.value]))[0] : null, me, userErrors: outcome.ok ? [] : outcome.errors };
  }

  @Authorized('INFLUENCER')
  @Mutation(() => SocialAccountPayload, {
    description: 'Get a one-time code for this account (state PENDING): put it in its public bio, then call verifySocialAccount.',
  })
  async startSocialAccountVerification(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<SocialAccountPayload> {
    return this.payload(ctx, await ctx.app.verification.startProfileCode(ctx.influencerId!, id));
  }

  @Authorized('INFLUENCER')
  @Mutation(() => SocialAccountPayload, {
    description:
      "Fetch the account's public profile page and look for its code: VERIFIED when found. Verifying removes anyone else's claim of the handle.",
  })
  async verifySocialAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<SocialAccountPayload> {
    return this.payload(ctx, await ctx.app.verification.verifyByProfileCode(ctx.influencerId!, id));
  }

  @Authorized('INFLUENCER')
  @Mutation(() => OAuthStartPayload, {
    description: 'Begin signing in with the platform (where configured); the platform then reports the follower count.',
  })
  async startSocialAccountOAuth(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<OAuthStartPayload> {
    const outcome = await ctx.app.verification.startOAuth(ctx.influencerId!, id);
    return outcome.ok ? { authorizationUrl: outcome.value, userErrors: [] } : { authorizationUrl: null, userErrors: outcome.errors };
  }

  @Authorized('INFLUENCER')
  @Mutation(() => NoticePayload)
  async markNoticeRead(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<NoticePayload> {
    const outcome = await ctx.app.verification.markNoticeRead(ctx.influencerId!, id);
    return outcome.ok ? { notice: outcome.value, userErrors: [] } : { notice: null, userErrors: outcome.errors };
  }
}
