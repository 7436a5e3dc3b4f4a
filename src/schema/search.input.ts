import { Field, Float, InputType, Int } from 'type-graphql';
import { PlatformEnum } from './enums';
import type { Platform } from '../domain/platform';

@InputType({ description: 'All given conditions must hold; within a list, any value matches.' })
export class InfluencerFilter {
  @Field(() => [String], { nullable: true, description: 'Topic slugs; a group matches all its topics.' }) topics?: string[] | null;
  @Field(() => [PlatformEnum], { nullable: true }) platforms?: Platform[] | null;
  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 codes' }) countries?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'ISO 639-1 codes' }) languages?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'Over public accounts together.' }) minFollowers?: number | null;
  @Field(() => Int, { nullable: true }) maxFollowers?: number | null;
  @Field(() => Float, { nullable: true, description: 'Best public account, a fraction (0.03 for 3%).' }) minEngagementRate?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Only those who accept outreach (CONTACT consent).' }) contactableOnly?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Only those with at least one verified public account (ownership proven).' })
  verifiedOnly?: boolean | null;
}
