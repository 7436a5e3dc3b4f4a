import { Field, ObjectType } from 'type-graphql';
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
