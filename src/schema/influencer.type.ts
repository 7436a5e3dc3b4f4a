import { Field, Float, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLSafeInt } from 'graphql-scalars';
import { PlatformEnum } from './enums';
import { TopicType } from './topic.type';
import type { Platform } from '../domain/platform';

@ObjectType({ description: 'A public social account. Private accounts are never shown to agencies.' })
export class PublicSocialAccount {
  @Field(() => PlatformEnum) platform: Platform;
  @Field(() => String) handle: string;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => GraphQLSafeInt) followers: number;
  @Field(() => Float, { nullable: true, description: 'A fraction: 0.035 is 3.5%.' }) engagementRate: number | null;
}

@ObjectType('InfluencerTopic', { description: "One of the influencer's topics, with their own weight for it." })
export class InfluencerTopicType {
  @Field(() => TopicType) topic: TopicType;
  @Field(() => Float, { description: 'How much of their content is about it, (0, 1], as they state it.' }) weight: number;
}

@ObjectType('Influencer', { description: 'An influencer who opted in to be listed, as agencies see them: public data only, no contact details.' })
export class InfluencerType {
  @Field(() => ID) id: string;
  @Field(() => String) displayName: string;
  @Field(() => String) bio: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) country: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => [String], { description: 'ISO 639-1 codes' }) languages: string[];
  @Field(() => [InfluencerTopicType]) topics: InfluencerTopicType[];
  @Field(() => [PublicSocialAccount], { description: 'Each network for itself; nothing is combined into a score.' })
  accounts: PublicSocialAccount[];
  @Field(() => GraphQLSafeInt, { description: 'Followers over public accounts.' }) totalFollowers: number;
  @Field(() => Boolean, { description: 'Accepts outreach requests through Permission (CONTACT consent).' }) contactable: boolean;
  @Field(() => GraphQLDateTime) updatedAt: Date;
}
