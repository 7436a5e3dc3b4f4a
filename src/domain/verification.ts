/**
 * Who owns a social account: the verification vocabulary. The database enums
 * `verification_status`, `verification_method` and `followers_source` hold the same values;
 * whether a verification is current (not expired) is decided by the rule (src/consent/rule.sql.ts).
 */
import { randomInt } from 'node:crypto';

/**
 * UNVERIFIED: never proven. PENDING: a profile code or an OAuth sign-in was started.
 * VERIFIED: proven, until it expires. REVOKED: it was verified, and no longer is (the handle
 * changed, or the verification expired).
 */
export const VERIFICATION_STATES = ['UNVERIFIED', 'PENDING', 'VERIFIED', 'REVOKED'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

export const VERIFICATION_METHODS = ['PROFILE_CODE', 'OAUTH'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** Where an account's figures come from. */
export const FOLLOWERS_SOURCES = ['SELF_REPORTED', 'PLATFORM'] as const;
export type FollowersSource = (typeof FOLLOWERS_SOURCES)[number];

/** Why a verification ended. */
export const REVOKED_REASONS = ['HANDLE_CHANGED', 'EXPIRED'] as const;
export type RevokedReason = (typeof REVOKED_REASONS)[number];

export const NOTICE_KINDS = ['CLAIM_REMOVED'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short one-time code to put in a public bio: `PERM-` and 8 characters (~39 bits). */
export function newProfileCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `PERM-${s}`;
}

/** The state shown for a stored one: a stored VERIFIED that is not current any more reads REVOKED (EXPIRED). */
export function shownVerification(
  stored: VerificationState,
  current: boolean,
  revokedReason: RevokedReason | null,
): { state: VerificationState; revokedReason: RevokedReason | null } {
  if (stored === 'VERIFIED' && !current) return { state: 'REVOKED', revokedReason: 'EXPIRED' };
  return { state: stored, revokedReason: stored === 'REVOKED' ? revokedReason : null };
}
