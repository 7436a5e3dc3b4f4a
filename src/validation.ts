/**
 * Input checks shared by every write path. Each returns a UserErrorShape or null; callers collect
 * them so one response names every problem at once. The database repeats the hard limits as
 * constraints.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { userError, type UserErrorShape } from './domain/errors';
import { countryName, languageName } from './domain/names';

/** Control characters and the format characters that hide or reorder text (bidi overrides, zero width). */
const CONTROL = /\p{Cc}/u;
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /[\p{Cf}\s]/gu;


export function checkEmail(field: string, value: string): UserErrorShape | null {
  const v = value.trim();
  if (!v) return userError(field, 'REQUIRED', 'Email is required.');
  if (v.length > 254) return userError(field, 'TOO_LONG', 'Email must be at most 254 characters.');
  if (CONTROL.test(v) || /\p{Cf}/u.test(v)) return userError(field, 'INVALID', 'Email contains control or invisible characters.');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$/.test(v)) return userError(field, 'INVALID', `"${v}" is not an email address.`);
  return null;
}

/** zxcvbn-ts with its common-password and English dictionaries: guesses, not character classes. */
const strength = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

/** At least 10 characters and hard to guess (zxcvbn score 3 of 4), given what else the user told us. */
export function checkPassword(field: string, value: string, userInputs: string[] = []): UserErrorShape | null {
  if (value.length < 10) return userError(field, 'WEAK_PASSWORD', 'Password must be at least 10 characters.');
  if (value.length > 200) return userError(field, 'TOO_LONG', 'Password must be at most 200 characters.');
  const result = strength.check(value, [...userInputs, 'permission']);
  if (result.score < 3) {
    const why = result.feedback.warning ? `${result.feedback.warning} ` : '';
    return userError(field, 'WEAK_PASSWORD', `${why}Use a longer, less common password: a few unrelated words work well.`);
  }
  return null;
}

/** A real calendar date written YYYY-MM-DD, from 1900-01-01 up to `today` (UTC). */
export function checkBirthDate(field: string, value: string, today: Date): UserErrorShape | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return userError(field, 'INVALID', 'Birth date must be written YYYY-MM-DD.');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return userError(field, 'INVALID', `${value} is not a date that exists.`);
  }
  if (y < 1900) return userError(field, 'INVALID', 'Birth date must be in 1900 or later.');
  if (date.getTime() > today.getTime()) return userError(field, 'INVALID', 'Birth date cannot be in the future.');
  return null;
}

export function checkCountry(field: string, value: string): UserErrorShape | null {
  const v = value.trim().toUpperCase();
  // ICU also names user-assigned and grouping codes (ZZ "Unknown Region", EU, UN...; XK, Kosovo, is kept): not countries.
  const userAssigned = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/.test(v);
  if (!/^[A-Z]{2}$/.test(v) || userAssigned || countryName(v) === v) {
    return userError(field, 'INVALID', `"${value}" is not an ISO 3166-1 alpha-2 country code.`);
  }
  return null;
}

export function checkLanguage(field: string, value: string): UserErrorShape | null {
  const v = value.trim().toLowerCase();
  if (!/^[a-z]{2}$/.test(v) || languageName(v) === v) {
    return userError(field, 'INVALID', `"${value}" is not an ISO 639-1 language code.`);
  }
  return null;
}

export function checkText(field: string, label: string, value: string, max: number, required: boolean): UserErrorShape | null {
  const v = value.trim();
  if (required && !v.replace(INVISIBLE, '')) return userError(field, 'REQUIRED', `${label} is required.`);
  if (v.length > max) return userError(field, 'TOO_LONG', `${label} must be at most ${max} characters.`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) return userError(field, 'INVALID', `${label} contains control characters.`);
  if (BIDI_OVERRIDE.test(v)) return userError(field, 'INVALID', `${label} contains characters that reorder text.`);
  return null;
}

export function checkHandle(field: string, value: string): UserErrorShape | null {
  const v = value.trim().replace(/^@/, '');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(v)) {
    return userError(field, 'INVALID', 'Handle must be 1-64 letters, digits, dots, dashes or underscores.');
  }
  return null;
}

/** An http(s) URL as it will be stored: parsed and written back by the WHATWG URL parser. */
export function normalizeUrl(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return null;
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password) return null;
  return u.href.length <= 500 ? u.href : null;
}

export function checkUrl(field: string, value: string): UserErrorShape | null {
  return normalizeUrl(value) ? null : userError(field, 'INVALID', 'URL must be an http(s) address of at most 500 characters.');
}

/** The most followers one account may state: more than any account has. */
export const MAX_FOLLOWERS = 1_000_000_000;

export function checkFollowers(field: string, value: number): UserErrorShape | null {
  if (!Number.isInteger(value) || value < 0 || value > MAX_FOLLOWERS) {
    return userError(field, 'INVALID', 'Followers must be a whole number from 0 to 1,000,000,000.');
  }
  return null;
}

export function checkEngagementRate(field: string, value: number): UserErrorShape | null {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    return userError(field, 'INVALID', 'Engagement rate must be a fraction from 0 to 1 (0.035 for 3.5%).');
  }
  return null;
}

/** A topic weight as stored (two decimals), or null when it is not one from 0.01 to 1. */
export function storedWeight(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const w = Math.round(value * 100) / 100;
  return w >= 0.01 && w <= 1 ? w : null;
}

export function compact(errors: Array<UserErrorShape | null>): UserErrorShape[] {
  return errors.filter((e): e is UserErrorShape => e !== null);
}
