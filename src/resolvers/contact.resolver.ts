import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import type { ContactRequestView } from '../agency/contact.service';
import { checkFirst } from '../domain/paging';
import type { Outcome } from '../domain/errors';
import type { SeqPage } from '../domain/paging';
import { pageInfoOf } from '../schema/connection';
import { CampaignInput, ContactRequestConnection, ContactRequestPayload, ContactRequestType } from '../schema/contact.type';
import { InfluencerType } from '../schema/influencer.type';
import { toInfluencer } from './influencer.resolver';

export const toContactRequest = (v: ContactRequestView): ContactRequestType => ({
  id: v.id, agency: { name: v.agencyName }, campaign: v.campaign, status: v.status, reply: v.reply,
  createdAt: v.createdAt, decidedAt: v.decidedAt, contactEmail: v.contactEmail, influencerId: v.influencerId,
});

export const contactConnection = (page: SeqPage<ContactRequestView>, after: string | null): ContactRequestConnection => ({
  edges: page.items.map((i) => ({ cursor: i.cursor, node: toContactRequest(i.value) })),
  pageInfo: pageInfoOf(page, after),
});

const payload = (o: Outcome<ContactRequestView>): ContactRequestPayload =>
  o.ok ? { contactRequest: toContactRequest(o.value), userErrors: [] } : { contactRequest: null, userErrors: o.errors };

@Resolver(() => ContactRequestType)
export class ContactRequestResolver {
  @FieldResolver(() => InfluencerType, { nullable: true })
  async influencer(@Root() r: ContactRequestType, @Ctx() ctx: GraphQLContext): Promise<InfluencerType | null> {
    const p = await ctx.loaders.listableProfile.load(r.influencerId);
    return p ? toInfluencer(p, ctx.app.topics) : null;
  }

  @Authorized('AGENCY:contact')
  @Mutation(() => ContactRequestPayload, {
    description:
      'Ask an influencer to take part in a campaign. Only while they are listed and have granted CONTACT; one open request per influencer; a daily maximum per agency (RATE_LIMITED).',
  })
  async requestContact(
    @Arg('campaign', () => CampaignInput) campaign: CampaignInput,
    @Arg('influencerId', () => ID) influencerId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactRequestPayload> {
    return payload(await ctx.app.contacts.request(ctx.agency!.agencyId, influencerId, campaign));
  }

  @Authorized('AGENCY:contact')
  @Query(() => ContactRequestConnection, { description: "Your agency's contact requests, newest first, with their status as of now." })
  async contactRequests(
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { description: '1 to 100' }) first: number,
  ): Promise<ContactRequestConnection> {
    checkFirst(first);
    return contactConnection(await ctx.app.contacts.page({ agencyId: ctx.agency!.agencyId }, first, after), after);
  }

  @Authorized('INFLUENCER')
  @Mutation(() => ContactRequestPayload, { description: 'Accept a pending request: the agency then sees your email, while you keep CONTACT consent.' })
  async acceptContactRequest(
    @Arg('reply', () => String, { nullable: true, description: 'At most 2,000 characters' }) reply: string | null,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactRequestPayload> {
    return payload(await ctx.app.contacts.respond(ctx.influencerId!, id, true, reply ?? null));
  }

  @Authorized('INFLUENCER')
  @Mutation(() => ContactRequestPayload, { description: 'Decline a pending request; nothing about you is shared.' })
  async declineContactRequest(
    @Arg('reply', () => String, { nullable: true, description: 'At most 2,000 characters' }) reply: string | null,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactRequestPayload> {
    return payload(await ctx.app.contacts.respond(ctx.influencerId!, id, false, reply ?? null));
  }
}
