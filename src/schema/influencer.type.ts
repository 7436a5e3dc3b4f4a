import { Field, Float, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLSafeInt } from 'graphql-scalars';
import { FollowersSourceEnum, PlatformEnum, VerificationMethodEnum } from './enums';
import type { FollowersSource, VerificationMethod } from '../domain/verification';
import { TopicType } from './topic.type';
import type { Platform } from '../domain/platform';

@ObjectType({ description: 'A public social account. Private accounts are never shown to agencies.' })
export class PublicSocialAccount {
  @Field(() => PlatformEnum) platform: Platform;
  @Field(() => String) handle: string;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => GraphQLSafeInt) followers: number;
  @Field(() => Float, { nullable: true, description: 'A fraction: 0.035 is 3.5%.' }) engagementRate: number | null;
  @Field(() => Boolean, { description: 'Its owner proved the account is theirs (a code in its public profile, or signing in with the platform), and the proof has not expired.' })
  verified: boolean;
  @Field(() => VerificationMethodEnum, { nullable: true, description: 'How, when verified.' }) verificationMethod: VerificationMethod | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When, when verified.' }) verifiedAt: Date | null;
  @Field(() => FollowersSourceEnum, { description: 'Where followers comes from: as the influencer stated it, or as the platform reported it.' })
  followersSource: FollowersSource;
  @Field(() => GraphQLDateTime, { description: 'When followers was last stated or reported.' }) followersUpdatedAt: Date;
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
  @Field(() => Boolean, { description: 'At least one public account is verified (see accounts.verified).' }) verified: boolean;
  @Field(() => GraphQLDateTime) updatedAt: Date;
}
