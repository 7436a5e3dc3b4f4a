import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { InfluencerType } from './influencer.type';
import { PageInfo } from './search.type';
import { UserError } from './user-error.type';

@ObjectType({ description: "One of your agency's shortlists. Only people listable right now are ever shown on it." })
export class ShortlistType {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => GraphQLDateTime) createdAt: Date;
  // resolved by field resolvers: entries(first, after), csv
}

@ObjectType()
export class ShortlistEntryEdge {
  @Field(() => String) cursor: string;
  @Field(() => InfluencerType) node: InfluencerType;
  @Field(() => String, { nullable: true, description: "Your agency's note on this entry." }) note: string | null;
  @Field(() => GraphQLDateTime) addedAt: Date;
}

@ObjectType({ description: 'The entries of a shortlist in the order they were added, only people listable right now.' })
export class ShortlistEntryConnection {
  @Field(() => [ShortlistEntryEdge]) edges: ShortlistEntryEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'Entries listable right now, over all pages.' }) totalCount: number;
  @Field(() => Int, {
    description: 'Entries whose person is not listable right now (withdrew, went private, ...): how many, never who. They come back if the person opts in again.',
  })
  hiddenCount: number;
}

@ObjectType()
export class ShortlistPayload {
  @Field(() => ShortlistType, { nullable: true }) shortlist: ShortlistType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class DeleteShortlistPayload {
  @Field(() => ID, { nullable: true }) deletedShortlistId: string | null;
  @Field(() => [UserError]) userErrors: UserError[];
}
