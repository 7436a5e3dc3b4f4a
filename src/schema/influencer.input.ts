import { Field, Float, InputType, Int } from 'type-graphql';
import { PlatformEnum } from './enums';
import type { Platform } from '../domain/platform';

@InputType()
export class SignUpInput {
  @Field(() => String) email: string;
  @Field(() => String, { description: 'At least 10 characters, not a common password.' }) password: string;
  @Field(() => String) displayName: string;
  @Field(() => String, { description: 'YYYY-MM-DD. You must be at least the minimum age (18 by default).' }) birthDate: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) country?: string | null;
}

@InputType()
export class TopicWeightInput {
  @Field(() => String) slug: string;
  @Field(() => Float, { nullable: true, description: '(0, 1], default 1' }) weight?: number | null;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true }) bio?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) country?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => [String], { nullable: true, description: 'ISO 639-1 codes' }) languages?: string[] | null;
  @Field(() => String, { nullable: true, description: 'A correction of your birth date, YYYY-MM-DD.' }) birthDate?: string | null;
  @Field(() => [TopicWeightInput], { nullable: true, description: 'Replaces your topics.' }) topics?: TopicWeightInput[] | null;
}

@InputType()
export class SocialAccountInput {
  @Field(() => PlatformEnum, { nullable: true }) platform?: Platform | null;
  @Field(() => String, { nullable: true }) handle?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => Int, { nullable: true }) followers?: number | null;
  @Field(() => Float, { nullable: true, description: 'A fraction: 0.035 for 3.5%' }) engagementRate?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'A private account is never shown to agencies.' }) isPrivate?: boolean | null;
}
