import { Ctx, Query, Resolver } from 'type-graphql';
import { TopicType } from '../schema/topic.type';
import type { GraphQLContext } from '../context';

@Resolver(() => TopicType)
export class TopicResolver {
  @Query(() => [TopicType], { complexity: 10, description: 'The topic taxonomy: groups (no parent) and their topics, by slug.' })
  topics(@Ctx() ctx: GraphQLContext): TopicType[] {
    return ctx.app.topics.all();
  }
}
