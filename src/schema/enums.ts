import { registerEnumType } from 'type-graphql';
import { SORTS } from '../search/search-engine';
import { PLATFORMS } from '../domain/platform';
import { CONSENT_ACTIONS, CONSENT_PURPOSES, NOT_LISTED_REASONS } from '../domain/consent';
import { ACCOUNT_STATUSES, type AccountStatus } from '../domain/account-status';
import { USER_ERROR_CODES } from '../domain/errors';
import { ACTIVITY_KINDS, API_SCOPES, CONTACT_REQUEST_STATUSES } from '../domain/agency';
import { FOLLOWERS_SOURCES, NOTICE_KINDS, REVOKED_REASONS, VERIFICATION_METHODS, VERIFICATION_STATES } from '../domain/verification';

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
export const VerificationStateEnum = asEnum(VERIFICATION_STATES);
export const VerificationMethodEnum = asEnum(VERIFICATION_METHODS);
export const FollowersSourceEnum = asEnum(FOLLOWERS_SOURCES);
export const RevokedReasonEnum = asEnum(REVOKED_REASONS);
export const NoticeKindEnum = asEnum(NOTICE_KINDS);

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
registerEnumType(VerificationStateEnum, {
  name: 'VerificationState',
  description:
    'Whether the owner proved a social account is theirs. UNVERIFIED: never. PENDING: a profile code or a sign-in with the platform was started. ' +
    'VERIFIED: proven, until it expires (VERIFICATION_TTL_DAYS). REVOKED: it was verified and no longer is (see revokedReason).',
});
registerEnumType(VerificationMethodEnum, {
  name: 'VerificationMethod',
  description: 'PROFILE_CODE: a one-time code found on the public profile page. OAUTH: the owner signed in with the platform.',
});
registerEnumType(FollowersSourceEnum, { name: 'FollowersSource', description: 'SELF_REPORTED: as the influencer stated it. PLATFORM: as the platform reported it.' });
registerEnumType(RevokedReasonEnum, { name: 'RevokedReason', description: 'HANDLE_CHANGED: the handle or platform was changed. EXPIRED: the verification is older than its validity.' });
registerEnumType(NoticeKindEnum, { name: 'NoticeKind', description: "CLAIM_REMOVED: the verified owner of a handle you had claimed proved it is theirs; your claim was removed." });
