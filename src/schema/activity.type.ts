import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { ActivityKindEnum } from './enums';
import { AgencyType } from './agency.type';
import { PageInfo } from './search.type';
import type { ActivityKind } from '../domain/agency';

@ObjectType('ProfileActivity', { description: 'One thing an agency did with your profile ("who looked").' })
export class ProfileActivityType {
  @Field(() => ID) id: string;
  @Field(() => ActivityKindEnum) kind: ActivityKind;
  @Field(() => AgencyType) agency: AgencyType;
  @Field(() => GraphQLDateTime, { description: 'When; for search appearances, the latest of that day.' }) occurredAt: Date;
  @Field(() => String, { nullable: true, description: 'For search appearances: the UTC day (YYYY-MM-DD).' }) day: string | null;
  @Field(() => Int, { description: 'How many times: appearances in search results that day; 1 for the other kinds.' }) count: number;
}

@ObjectType()
export class ProfileActivityEdge {
  @Field(() => String) cursor: string;
  @Field(() => ProfileActivityType) node: ProfileActivityType;
}

@ObjectType({
  description:
    'What agencies did with your profile, newest first. Search appearances are counted per agency and day and written every few seconds.',
})
export class ProfileActivityConnection {
  @Field(() => [ProfileActivityEdge]) edges: ProfileActivityEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
