/**
 * The words of agency work: API key scopes, contact request states, and what the influencer's
 * record ("who looked") holds. The database checks the same values (migration 1764900000000).
 */
export const API_SCOPES = ['search', 'shortlists', 'contact'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * PENDING until the influencer answers. CANCELLED: the influencer withdrew a consent, or (read
 * time) is not contactable right now, so the request cannot be acted on.
 */
export const CONTACT_REQUEST_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED'] as const;
export type ContactRequestStatus = (typeof CONTACT_REQUEST_STATUSES)[number];

export const ACTIVITY_KINDS = ['VIEWED', 'SHORTLISTED', 'UNSHORTLISTED', 'CONTACT_REQUESTED', 'SEARCH_APPEARANCES'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Limits of one agency's lists (so a list page and its CSV stay bounded). */
export const MAX_SHORTLISTS = 100;
export const MAX_SHORTLIST_ENTRIES = 1000;
