import { Field, ObjectType } from 'type-graphql';

@ObjectType('Topic', { description: 'A topic of the curated taxonomy. Groups have no parent; a group matches all its topics.' })
export class TopicType {
  @Field(() => String) slug: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) parentSlug: string | null;
}
