import { ConsentEvent } from './consent-event.entity';
import { Influencer } from './influencer.entity';
import { InfluencerTopic } from './influencer-topic.entity';
import { SocialAccount } from './social-account.entity';
import { Topic } from './topic.entity';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation';
import { SearchDocument1764100000000 } from './migrations/1764100000000-search-document';
import { SearchWords1764300000000 } from './migrations/1764300000000-search-words';
import { SearchDocumentSlim1764400000000 } from './migrations/1764400000000-search-document-slim';
import { SearchVocabulary1764500000000 } from './migrations/1764500000000-search-vocabulary';
import { TopicWeights1764600000000 } from './migrations/1764600000000-topic-weights';
import { OutboxDeadLetter1764700000000 } from './migrations/1764700000000-outbox-dead-letter';
import { AbuseLimits1764800000000 } from './migrations/1764800000000-abuse-limits';
import { AgencyWorkflows1764900000000 } from './migrations/1764900000000-agency-workflows';
import { SignUpConfirmation1764950000000 } from './migrations/1764950000000-sign-up-confirmation';
import { AccountVerification1765100000000 } from './migrations/1765100000000-account-verification';
import { ApiKeyNotify1765150000000 } from './migrations/1765150000000-api-key-notify';
import { SearchDocumentHash1765200000000 } from './migrations/1765200000000-search-document-hash';
import { VocabularyCounts1765300000000 } from './migrations/1765300000000-vocabulary-counts';
import { SearchWordsOnly1765400000000 } from './migrations/1765400000000-search-words-only';
import { FacetCounts1765500000000 } from './migrations/1765500000000-facet-counts';
import { DropWordsIndex1765600000000 } from './migrations/1765600000000-drop-words-index';
import { WideFacetCounts1765700000000 } from './migrations/1765700000000-wide-facet-counts';
import { AppearancesInPlace1765800000000 } from './migrations/1765800000000-appearances-in-place';
import { TopicRank1765900000000 } from './migrations/1765900000000-topic-rank';
import { TypoTrigrams1766000000000 } from './migrations/1766000000000-typo-trigrams';

/**
 * Entities for the tables read and written through TypeORM repositories. Tables that only raw SQL
 * touches (agency, api_key, session, outbox_event, search_document, shortlist, contact_request, profile_activity, notice) have no entity: their shape
 * lives in the migrations and in the one module that queries each.
 */
export { ConsentEvent, Influencer, InfluencerTopic, SocialAccount, Topic };

export const ENTITIES = [ConsentEvent, Influencer, InfluencerTopic, SocialAccount, Topic];
export const MIGRATIONS = [Foundation1764000000000, SearchDocument1764100000000, SearchWords1764300000000, SearchDocumentSlim1764400000000, SearchVocabulary1764500000000, TopicWeights1764600000000, OutboxDeadLetter1764700000000, AbuseLimits1764800000000, AgencyWorkflows1764900000000, SignUpConfirmation1764950000000, AccountVerification1765100000000, ApiKeyNotify1765150000000, SearchDocumentHash1765200000000, VocabularyCounts1765300000000, SearchWordsOnly1765400000000, FacetCounts1765500000000, DropWordsIndex1765600000000, WideFacetCounts1765700000000, AppearancesInPlace1765800000000, TopicRank1765900000000, TypoTrigrams1766000000000];
