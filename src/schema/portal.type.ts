import { Field, Int, ObjectType } from 'type-graphql';
import type { ConsentPurpose } from '../domain/consent';
import { ConsentPurposeEnum } from './enums';
import { InfluencerType } from './influencer.type';
import { TopicMatch } from './search.type';

@ObjectType({
  description:
    'Your card as agencies see it: the same Influencer and TopicMatch that searchInfluencers returns, built by the same code. ' +
    'Agencies see it only while `listed` is true.',
})
export class ProfilePreview {
  @Field(() => Boolean, { description: 'Agencies can find this card right now (the eligibility rule lists you).' })
  listed: boolean;

  @Field(() => InfluencerType, { description: 'Public data only: never your email, birth date or private accounts.' })
  influencer: InfluencerType;

  @Field(() => [TopicMatch], { description: 'The evidence an agency sees when it filters by your topics.' })
  matchedTopics: TopicMatch[];
}

@ObjectType({ description: 'What you agree to when you grant one purpose, shown before the grant.' })
export class ConsentTerms {
  @Field(() => ConsentPurposeEnum) purpose: ConsentPurpose;
  @Field(() => String, { description: 'The purpose in the first person, e.g. "Agencies may find me".' }) title: string;
  @Field(() => [String], { description: 'The terms, one paragraph each.' }) paragraphs: string[];
  @Field(() => String) termsVersion: string;
}

@ObjectType({ description: 'The rules the portal explains before you act: minimum age, consent expiry, the terms.' })
export class PortalPolicy {
  @Field(() => Int, { description: 'Nobody younger can join, consent or be listed.' }) minAge: number;
  @Field(() => Int, { description: 'Consent expires this many days after it is given, unless confirmed again.' }) consentTtlDays: number;
  @Field(() => [ConsentTerms]) terms: ConsentTerms[];
}
