import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { selectsField } from '../schema/selection';
import type { GraphQLContext } from '../context';
import type { PublicProfile } from '../search/document';
import { totalFollowers } from '../domain/audience';
import { countryName, languageName } from '../domain/names';
import type { FacetCount, SearchSort } from '../search/search-engine';
import type { TopicCatalog } from '../topics/topic-catalog';
import { SortEnum } from '../schema/enums';
import { InfluencerType } from '../schema/influencer.type';
import { InfluencerFilter } from '../schema/search.input';
import { FacetCountType, InfluencerSearchConnection } from '../schema/search.type';


/** What agencies see of a person; the portal's preview uses it too. */
export function toInfluencer(p: PublicProfile, topics: TopicCatalog): InfluencerType {
  return {
    ...p,
    topics: p.topics.flatMap((t) => {
      const topic = topics.get(t.slug);
      return topic ? [{ topic, weight: t.weight }] : [];
    }),
    totalFollowers: totalFollowers(p.accounts),
    accounts: p.accounts.map((a) => ({
      ...a,
      verifiedAt: a.verifiedAt === null ? null : new Date(a.verifiedAt),
      followersUpdatedAt: new Date(a.followersUpdatedAt),
    })),
  };
}

const label = (facets: FacetCount[], name: (v: string) => string): FacetCountType[] =>
  facets.map((f) => ({ value: f.value, count: f.count, label: name(f.value) }));

@Resolver(() => InfluencerType)
export class InfluencerResolver {
  @Authorized('AGENCY:search')
  @Query(() => InfluencerSearchConnection, { description: 'Influencers who opted in, by topic and context. Only people listable right now are returned.' })
  async searchInfluencers(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    // type-graphql lists arguments in reverse order of declaration: this prints as
    // searchInfluencers(query, filter, sort, first, after), as in the design
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Arg('first', () => Int, { description: '1 to 100' }) first: number,
    @Arg('sort', () => SortEnum, { defaultValue: 'RELEVANCE' }) sort: SearchSort,
    @Arg('filter', () => InfluencerFilter, { nullable: true }) filter: InfluencerFilter | null,
    @Arg('query', () => String, { nullable: true, description: 'Free text over names, bios, handles and topics; typos and accents tolerated.' }) query: string | null,
  ): Promise<InfluencerSearchConnection> {
    const { topics } = ctx.app;
    const page = await ctx.app.search.search(
      {
        query,
        first,
        // facets cost a scan of the whole result: only when asked for
        facets: selectsField(info, 'facets'),
        after,
        sort,
        filter: filter
          ? {
              topics: filter.topics ?? undefined, platforms: filter.platforms ?? undefined, countries: filter.countries ?? undefined,
              languages: filter.languages ?? undefined, minFollowers: filter.minFollowers ?? undefined, maxFollowers: filter.maxFollowers ?? undefined,
              minEngagementRate: filter.minEngagementRate ?? undefined, contactableOnly: filter.contactableOnly ?? undefined,
              verifiedOnly: filter.verifiedOnly ?? undefined,
            }
          : undefined,
      },
      ctx.loaders.loadListable,
    );
    // counted in memory, written in batches (src/activity): costs the search nothing measurable
    ctx.app.activity.recordAppearances(ctx.agency!.agencyId, page.edges.map((e) => e.profile.id));
    return {
      totalCount: page.totalCount,
      totalCountIsEstimate: page.totalCountIsEstimate,
      pageInfo: page.pageInfo,
      edges: page.edges.map((e) => ({
        cursor: e.cursor,
        node: toInfluencer(e.profile, topics),
        matchedTopics: e.matchedTopics.flatMap((m) => {
          const topic = topics.get(m.slug);
          return topic ? [{ topic, weight: m.weight, matchedBy: m.matchedBy, evidence: m.evidence }] : [];
        }),
      })),
      facets: {
        topics: label(page.facets.topics, (v) => topics.get(v)?.name ?? v),
        platforms: label(page.facets.platforms, (v) => v.charAt(0) + v.slice(1).toLowerCase()),
        countries: label(page.facets.countries, countryName),
        languages: label(page.facets.languages, languageName),
        verified: label(page.facets.verified, (v) => (v === 'true' ? 'Verified' : 'Not verified')),
      },
    };
  }

  @Authorized('AGENCY:search')
  @Query(() => InfluencerType, { nullable: true, description: 'One influencer, or null unless listable right now. The view is recorded for the influencer to read.' })
  async influencer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<InfluencerType | null> {
    const p = await ctx.loaders.listableProfile.load(id);
    if (p) await ctx.app.activity.record(ctx.app.ds, 'VIEWED', p.id, ctx.agency!.agencyId);
    return p ? toInfluencer(p, ctx.app.topics) : null;
  }
}
