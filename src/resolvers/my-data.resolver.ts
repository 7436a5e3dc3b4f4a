/**
 * What the portal needs beyond the original influencer operations: the preview of one's own card
 * as agencies see it, and the export of everything held about oneself.
 */
import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../context';
import { loadPublicProfiles } from '../search/document';
import { matchTopics } from '../search/search.service';
import { toInfluencer } from './influencer.resolver';
import { Me } from '../schema/me.type';
import { PortalPolicy, ProfilePreview } from '../schema/portal.type';
import { consentTerms } from '../portal/terms';
import { exportMyData } from '../portal/my-data.service';

@Resolver(() => Me)
export class MyDataResolver {
  @FieldResolver(() => ProfilePreview, {
    nullable: true,
    description: 'Your card exactly as agencies see it in searchInfluencers (same type, same code), listed or not.',
  })
  async preview(@Root() me: Me, @Ctx() ctx: GraphQLContext): Promise<ProfilePreview | null> {
    const { app } = ctx;
    const profile = (await loadPublicProfiles(app.ds, app.rule, app.topics, [me.id], { evenIfNotListed: true })).get(me.id);
    if (!profile) return null;
    const verdict = await ctx.loaders.eligibility.load(me.id);
    const own = profile.topics.map((t) => t.slug);
    return {
      listed: verdict?.listable ?? false,
      influencer: toInfluencer(profile, app.topics),
      matchedTopics: matchTopics(profile, own, [], app.topics).flatMap((m) => {
        const topic = app.topics.get(m.slug);
        return topic ? [{ topic, weight: m.weight, matchedBy: m.matchedBy, evidence: m.evidence }] : [];
      }),
    };
  }

  @Query(() => PortalPolicy, { description: 'Minimum age, consent expiry and the consent terms: what the portal explains before you act.' })
  portalPolicy(@Ctx() ctx: GraphQLContext): PortalPolicy {
    const { minAge, consentTtlDays } = ctx.app.rule.policy;
    return { minAge, consentTtlDays, terms: consentTerms(minAge, consentTtlDays) };
  }

  @Authorized('INFLUENCER')
  @Query(() => GraphQLJSONObject, {
    description: 'Everything Permission holds about you, as one JSON document to download (GDPR Art. 15 and 20).',
  })
  async exportMyData(@Ctx() ctx: GraphQLContext): Promise<Record<string, unknown>> {
    const data = await exportMyData(ctx.app, ctx.influencerId!);
    // a session whose account is gone is no session
    if (!data) throw new GraphQLError('Sign in first (signIn or confirmSignUp sets the session cookie).', { extensions: { code: 'UNAUTHENTICATED' } });
    return data;
  }
}
