import { Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Viewer } from '../schema/agency.type';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'Who is calling: with an agency API key, the agency and the key (prefix, scopes). Null parts otherwise.' })
  viewer(@Ctx() ctx: GraphQLContext): Viewer {
    const a = ctx.agency;
    return { agency: a ? { name: a.agencyName } : null, apiKey: a ? { prefix: a.apiKeyPrefix, scopes: a.scopes } : null };
  }
}
