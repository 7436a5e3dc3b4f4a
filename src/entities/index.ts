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
import { SearchDocument1764100000000 } from './migrations/1764100000000-search-document';
import { ContactableNotNull1764200000000 } from './migrations/1764200000000-contactable-not-null';
import { SearchWords1764300000000 } from './migrations/1764300000000-search-words';
import { SearchDocumentSlim1764400000000 } from './migrations/1764400000000-search-document-slim';
import { SearchVocabulary1764500000000 } from './migrations/1764500000000-search-vocabulary';
import { TopicWeights1764600000000 } from './migrations/1764600000000-topic-weights';

export { Agency, ApiKey, ConsentEvent, Influencer, InfluencerTopic, OutboxEvent, Session, SocialAccount, Topic };

export const ENTITIES = [Agency, ApiKey, ConsentEvent, Influencer, InfluencerTopic, OutboxEvent, Session, SocialAccount, Topic];
export const MIGRATIONS = [Foundation1764000000000, SearchDocument1764100000000, ContactableNotNull1764200000000, SearchWords1764300000000, SearchDocumentSlim1764400000000, SearchVocabulary1764500000000, TopicWeights1764600000000];
