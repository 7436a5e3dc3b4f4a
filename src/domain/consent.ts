/**
 * The consent vocabulary. The database enums `consent_purpose` and `consent_action` hold the same
 * values; the rule that turns events into a state lives in SQL (src/consent/rule.sql.ts).
 */
export const CONSENT_PURPOSES = ['DISCOVERY', 'CONTACT'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_ACTIONS = ['GRANT', 'WITHDRAW'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** Where a consent event came from (checked by the database). */
export const CONSENT_SOURCES = ['portal', 'api', 'operator', 'seed'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** Why an influencer is not listable right now: exactly the reasons the SQL rule can give. */
export const NOT_LISTED_REASONS = [
  'ACCOUNT_DELETED',
  'ACCOUNT_SUSPENDED',
  'NO_DISCOVERY_CONSENT',
  'DISCOVERY_CONSENT_WITHDRAWN',
  'DISCOVERY_CONSENT_EXPIRED',
  'UNDER_MIN_AGE',
  'NO_PUBLIC_ACCOUNT',
  /** LISTING_REQUIRES_VERIFIED_ACCOUNT is on and no public account is verified (or its verification expired). */
  'NO_VERIFIED_ACCOUNT',
] as const;
export type NotListedReason = (typeof NOT_LISTED_REASONS)[number];
