/**
 * Relay paging in domain words: `first` is 1 to 100, and a keyset cursor is opaque base64url of
 * the values the order is on. A cursor that is not ours is the caller's error (BAD_USER_INPUT on
 * "after"), never a 500.
 */
import { InvalidInputError } from './errors';

export function checkFirst(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > 100) throw new InvalidInputError('"first" must be from 1 to 100.', 'first');
}

export function encodeSeqCursor(parts: readonly string[]): string {
  return Buffer.from(`k:${parts.join(':')}`).toString('base64url');
}

/** The `n` decimal parts of a cursor made by encodeSeqCursor. */
export function decodeSeqCursor(cursor: string, n: number): string[] {
  const text = cursor.length <= 200 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const parts = text.startsWith('k:') ? text.slice(2).split(':') : [];
  if (parts.length !== n || !parts.every((p) => /^\d{1,19}$/.test(p))) {
    throw new InvalidInputError('"after" is not a cursor returned by this API.', 'after');
  }
  return parts;
}

/** A page of items with their cursors. */
export interface SeqPage<T> {
  items: Array<{ cursor: string; value: T }>;
  hasNextPage: boolean;
}
