/** Errors a user can fix, returned in a mutation payload's `userErrors` (never thrown). */
export const USER_ERROR_CODES = [
  'INVALID',
  'REQUIRED',
  'TOO_LONG',
  'TAKEN',
  'WEAK_PASSWORD',
  'INVALID_CREDENTIALS',
  'INVALID_CODE',
  'UNDER_MIN_AGE',
  'UNKNOWN_TOPIC',
  'NOT_FOUND',
  'CONFIRMATION_REQUIRED',
  'ACCOUNT_NOT_ACTIVE',
  /** Listable, but has not granted CONTACT: no request can be sent. */
  'NOT_CONTACTABLE',
  /** This agency already has an open (pending) request to this influencer. */
  'ALREADY_REQUESTED',
  /** A per-agency maximum (shortlists, entries per list) is reached. */
  'LIMIT_REACHED',
  /** The request was already answered or cancelled, or cannot be acted on right now. */
  'NOT_ACTIONABLE',
  /** Its owner verified this handle: nobody else can claim it. */
  'HANDLE_VERIFIED',
  /** The profile page was read, and the verification code is not on it. */
  'VERIFICATION_CODE_NOT_FOUND',
  /** The platform says there is no such profile (404). */
  'PROFILE_NOT_FOUND',
  /** The profile page is not public: the platform asks to sign in. */
  'PROFILE_LOGIN_REQUIRED',
  /** The profile page is larger than what is read, and the code was not in what was read. */
  'PROFILE_TOO_LARGE',
  /** The profile page did not arrive in time. */
  'PROFILE_TIMEOUT',
  /** The profile page could not be fetched (network, server error, too many redirects). */
  'PROFILE_UNREACHABLE',
  /** The address (or a redirect) points into a private network: refused. */
  'ADDRESS_NOT_ALLOWED',
  /** Signing in with this platform is not configured here; use the profile code. */
  'OAUTH_NOT_CONFIGURED',
  /** The sign-in with the platform failed or was for another account. */
  'OAUTH_FAILED',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserErrorShape {
  field: string | null;
  message: string;
  code: UserErrorCode;
}

export function userError(field: string | null, code: UserErrorCode, message: string): UserErrorShape {
  return { field, code, message };
}

/** The outcome of a service operation: a value, or the user's errors and nothing changed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: UserErrorShape[] };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T>(...errors: UserErrorShape[]): Outcome<T> => ({ ok: false, errors });

/**
 * Errors a service throws when a request cannot be answered at all (a query, not a mutation with
 * userErrors). They say what went wrong in domain words; the GraphQL layer turns each kind into
 * its `extensions.code` in one place (src/schema/errors.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'INVALID_INPUT' | 'RATE_LIMITED' | 'TOO_COMPLEX' | 'UNAVAILABLE';
}

/** The request's input is wrong; `field` names it (e.g. "filter.countries[1]"). */
export class InvalidInputError extends DomainError {
  readonly kind = 'INVALID_INPUT' as const;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly kind = 'RATE_LIMITED' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    /** The budget that ran out, when there is one to report in headers. */
    readonly budget?: { limit: number; remaining: number; resetSeconds: number },
  ) {
    super(message);
  }
}

/** The operation asks for more than one request may (cost above the maximum). */
export class TooComplexError extends DomainError {
  readonly kind = 'TOO_COMPLEX' as const;
  constructor(
    message: string,
    readonly cost: number,
    readonly maximumCost: number,
  ) {
    super(message);
  }
}

/** A part the request needs (the search engine) is down; nothing was changed. */
export class UnavailableError extends DomainError {
  readonly kind = 'UNAVAILABLE' as const;
  constructor(
    message: string,
    readonly component: 'search' | 'database',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Every domain error there is, for an exhaustive switch on `kind`. */
export type AnyDomainError = InvalidInputError | RateLimitedError | TooComplexError | UnavailableError;
