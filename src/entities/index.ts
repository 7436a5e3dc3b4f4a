import { Agency } from './agency.entity';
import { ApiKey } from './api-key.entity';
import { ConsentEvent } from './consent-event.entity';
import { Influencer } from './influencer.entity';
import { InfluencerTopic } from './influencer-topic.entity';
import { OutboxEvent } from './outbox-event.entity';
import { Session } from './session.entity';
import { SocialAccount } from './social-account.entity';
import { Topic } from './topic.entity';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation';

export { Agency, ApiKey, ConsentEvent, Influencer, InfluencerTopic, OutboxEvent, Session, SocialAccount, Topic };

export const ENTITIES = [Agency, ApiKey, ConsentEvent, Influencer, InfluencerTopic, OutboxEvent, Session, SocialAccount, Topic];
export const MIGRATIONS = [Foundation1764000000000];
