import { registerEnumType } from 'type-graphql';
import { SORTS } from '../search/search-engine';
import { PLATFORMS } from '../domain/platform';
import { CONSENT_ACTIONS, CONSENT_PURPOSES, NOT_LISTED_REASONS } from '../domain/consent';
import { ACCOUNT_STATUSES, type AccountStatus } from '../domain/account-status';
import { USER_ERROR_CODES } from '../domain/errors';
import { ACTIVITY_KINDS, API_SCOPES, CONTACT_REQUEST_STATUSES } from '../domain/agency';

const asEnum = <T extends string>(values: readonly T[]): Record<T, T> =>
  Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const PlatformEnum = asEnum(PLATFORMS);
export const SortEnum = asEnum(SORTS);
export const ConsentPurposeEnum = asEnum(CONSENT_PURPOSES);
export const NotListedReasonEnum = asEnum(NOT_LISTED_REASONS);
export const UserErrorCodeEnum = asEnum(USER_ERROR_CODES);
export const ConsentActionEnum = asEnum(CONSENT_ACTIONS);
/** The GraphQL spelling of an account status: upper case. */
export const toAccountStatusName = (s: AccountStatus) => s.toUpperCase() as Uppercase<AccountStatus>;
export const AccountStatusEnum = asEnum(ACCOUNT_STATUSES.map(toAccountStatusName));
export const TopicMatchSourceEnum = asEnum(['FILTER', 'QUERY'] as const);
export const ApiScopeEnum = asEnum(API_SCOPES);
export const ContactRequestStatusEnum = asEnum(CONTACT_REQUEST_STATUSES);
export const ActivityKindEnum = asEnum(ACTIVITY_KINDS);

registerEnumType(PlatformEnum, { name: 'Platform', description: 'A social network.' });
registerEnumType(SortEnum, {
  name: 'InfluencerSort',
  description: 'Order of search results; ties by id.',
  valuesConfig: {
    RELEVANCE: {
      description:
        "With a query: best text match first. Without: the influencer's own weight for the first filter topic (then the next), then followers.",
    },
    FOLLOWERS: { description: 'Most followers (public accounts together) first.' },
    ENGAGEMENT: { description: 'Best engagement rate (best public account) first.' },
    RECENTLY_UPDATED: { description: 'Most recently updated profile first.' },
  },
});
registerEnumType(ConsentPurposeEnum, {
  name: 'ConsentPurpose',
  description: 'DISCOVERY: listed and searchable by agencies. CONTACT: agencies may send outreach requests through Permission.',
});
registerEnumType(NotListedReasonEnum, { name: 'NotListedReason', description: 'Why an influencer is not listed right now.' });
registerEnumType(UserErrorCodeEnum, { name: 'UserErrorCode' });
registerEnumType(ConsentActionEnum, { name: 'ConsentAction' });
registerEnumType(AccountStatusEnum, { name: 'AccountStatus' });
registerEnumType(TopicMatchSourceEnum, { name: 'TopicMatchSource', description: 'What made a topic match: a filter or the query text.' });
registerEnumType(ApiScopeEnum, {
  name: 'ApiScope',
  description: 'What an API key may do: search (searchInfluencers, influencer), shortlists, contact (contact requests).',
});
registerEnumType(ContactRequestStatusEnum, {
  name: 'ContactRequestStatus',
  description:
    'PENDING until the influencer answers. CANCELLED: the influencer withdrew a consent, or is not contactable right now, ' +
    'so the request cannot be acted on.',
});
registerEnumType(ActivityKindEnum, {
  name: 'ActivityKind',
  description: 'What an agency did with your profile: viewed it, added it to or removed it from a shortlist, asked to contact you, or found you in searches (a count per day).',
});
