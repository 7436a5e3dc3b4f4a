import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { MAX_SHORTLIST_ENTRIES } from '../domain/agency';
import { checkFirst } from '../domain/paging';
import type { Outcome } from '../domain/errors';
import type { Shortlist, ShortlistPage } from '../agency/shortlist.service';
import { shortlistCsv } from '../agency/shortlist-csv';
import type { PublicProfile } from '../search/document';
import { connectionComplexity, pageInfoOf } from '../schema/connection';
import { DeleteShortlistPayload, ShortlistEntryConnection, ShortlistPayload, ShortlistType } from '../schema/shortlist.type';
import { toInfluencer } from './influencer.resolver';

const payload = (o: Outcome<Shortlist>): ShortlistPayload => (o.ok ? { shortlist: o.value, userErrors: [] } : { shortlist: null, userErrors: o.errors });

/** The page's people through the request's listable-profile loader (the rule again, one statement for the page). */
async function withProfiles(ctx: GraphQLContext, page: ShortlistPage) {
  const profiles = await ctx.loaders.loadListable(page.items.map((i) => i.value.influencerId));
  return page.items.flatMap((item, i) => {
    const profile = profiles[i];
    return profile ? [{ item, profile: profile as PublicProfile }] : [];
  });
}

@Resolver(() => ShortlistType)
export class ShortlistResolver {
  @Authorized('AGENCY:shortlists')
  @Query(() => [ShortlistType], { description: "Your agency's shortlists (at most 100), oldest first." })
  shortlists(@Ctx() ctx: GraphQLContext): Promise<Shortlist[]> {
    return ctx.app.shortlists.lists(ctx.agency!.agencyId);
  }

  @Authorized('AGENCY:shortlists')
  @Query(() => ShortlistType, { nullable: true, description: "One of your agency's shortlists, or null." })
  shortlist(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Shortlist | null> {
    return ctx.app.shortlists.get(ctx.agency!.agencyId, id);
  }

  @FieldResolver(() => ShortlistEntryConnection, {
    description: 'Only people listable right now; hiddenCount says how many others are on the list.',
    complexity: connectionComplexity,
  })
  async entries(
    @Root() list: ShortlistType,
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { description: '1 to 100' }) first: number,
  ): Promise<ShortlistEntryConnection> {
    checkFirst(first);
    const page = await ctx.app.shortlists.entries(ctx.app.ds, list.id, first, after);
    const rows = await withProfiles(ctx, page);
    return {
      edges: rows.map(({ item, profile }) => ({ cursor: item.cursor, node: toInfluencer(profile, ctx.app.topics), note: item.value.note, addedAt: item.value.addedAt })),
      pageInfo: pageInfoOf(page, after),
      totalCount: page.visibleCount,
      hiddenCount: page.hiddenCount,
    };
  }

  @FieldResolver(() => String, {
    description: 'The whole list as CSV (RFC 4180, header row): public profile fields of people listable right now and your notes. Nothing else.',
    complexity: 50,
  })
  async csv(@Root() list: ShortlistType, @Ctx() ctx: GraphQLContext): Promise<string> {
    const page = await ctx.app.shortlists.entries(ctx.app.ds, list.id, MAX_SHORTLIST_ENTRIES, null);
    const rows = await withProfiles(ctx, page);
    return shortlistCsv(rows.map(({ item, profile }) => ({ entry: item.value, profile })));
  }

  @Authorized('AGENCY:shortlists')
  @Mutation(() => ShortlistPayload)
  async createShortlist(@Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<ShortlistPayload> {
    return payload(await ctx.app.shortlists.create(ctx.agency!.agencyId, name));
  }

  @Authorized('AGENCY:shortlists')
  @Mutation(() => ShortlistPayload)
  async renameShortlist(@Arg('name', () => String) name: string, @Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ShortlistPayload> {
    return payload(await ctx.app.shortlists.rename(ctx.agency!.agencyId, id, name));
  }

  @Authorized('AGENCY:shortlists')
  @Mutation(() => DeleteShortlistPayload)
  async deleteShortlist(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DeleteShortlistPayload> {
    const o = await ctx.app.shortlists.delete(ctx.agency!.agencyId, id);
    return o.ok ? { deletedShortlistId: o.value, userErrors: [] } : { deletedShortlistId: null, userErrors: o.errors };
  }

  @Authorized('AGENCY:shortlists')
  @Mutation(() => ShortlistPayload, { description: 'Add someone listable right now, or set the note of someone already on the list.' })
  async addToShortlist(
    @Arg('note', () => String, { nullable: true, description: 'At most 1,000 characters; null keeps the note as it is.' }) note: string | null,
    @Arg('influencerId', () => ID) influencerId: string,
    @Arg('shortlistId', () => ID) shortlistId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ShortlistPayload> {
    return payload(await ctx.app.shortlists.add(ctx.agency!.agencyId, shortlistId, influencerId, note ?? null));
  }

  @Authorized('AGENCY:shortlists')
  @Mutation(() => ShortlistPayload, { description: 'Remove someone from the list; no error when they are not on it.' })
  async removeFromShortlist(
    @Arg('influencerId', () => ID) influencerId: string,
    @Arg('shortlistId', () => ID) shortlistId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ShortlistPayload> {
    return payload(await ctx.app.shortlists.remove(ctx.agency!.agencyId, shortlistId, influencerId));
  }
}
