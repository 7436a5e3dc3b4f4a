/** Errors a user can fix, returned in a mutation payload's `userErrors` (never thrown). */
export const USER_ERROR_CODES = [
  'INVALID',
  'REQUIRED',
  'TOO_LONG',
  'TAKEN',
  'WEAK_PASSWORD',
  'INVALID_CREDENTIALS',
  'UNDER_MIN_AGE',
  'UNKNOWN_TOPIC',
  'NOT_FOUND',
  'CONFIRMATION_REQUIRED',
  'ACCOUNT_NOT_ACTIVE',
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
