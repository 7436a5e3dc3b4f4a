/**
 * PostgreSQL errors that input can cause, as the user's error. The database repeats every limit
 * the services check (constraints), so a race or a check the code missed still ends here: a
 * userErrors entry or BAD_USER_INPUT, never a 500.
 */
import { userError, type UserErrorShape } from '../domain/errors';

/** SQLSTATEs of errors caused by the data sent, not by the server. */
const INPUT_ERRORS: Record<string, { code: UserErrorShape['code']; message: string }> = {
  '23505': { code: 'TAKEN', message: 'That is already taken.' },
  '23503': { code: 'NOT_FOUND', message: 'What this refers to no longer exists.' },
  '23514': { code: 'INVALID', message: 'A value is out of the allowed range.' },
  '23502': { code: 'REQUIRED', message: 'A required value is missing.' },
  '22001': { code: 'TOO_LONG', message: 'A value is too long.' },
  '22003': { code: 'INVALID', message: 'A number is out of range.' },
  '22007': { code: 'INVALID', message: 'A date or time is not valid.' },
  '22008': { code: 'INVALID', message: 'A date or time is out of range.' },
  '22021': { code: 'INVALID', message: 'Text contains a character that cannot be stored.' },
  '22P02': { code: 'INVALID', message: 'A value is not in the expected format.' },
  '22P05': { code: 'INVALID', message: 'Text contains a character that cannot be stored.' },
};

export const sqlState = (err: unknown): string | undefined => (err as { code?: unknown } | null)?.code as string | undefined;

/** Is this a database error the input caused? */
export const isInputError = (err: unknown): boolean => {
  const state = sqlState(err);
  return typeof state === 'string' && state in INPUT_ERRORS;
};

/** The user's error for a database error the input caused; rethrows anything else. */
export function userErrorFromDb(err: unknown, field: string | null = null, message?: string): UserErrorShape {
  const state = sqlState(err);
  const known = state ? INPUT_ERRORS[state] : undefined;
  if (!known) throw err;
  return userError(field, known.code, message ?? known.message);
}

/** Errors that say the database cannot be reached right now (down, restarting, connection lost). */
const UNREACHABLE_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

export function isDatabaseUnreachable(err: unknown): boolean {
  const state = sqlState(err);
  if (typeof state === 'string' && UNREACHABLE_STATES.has(state)) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(message);
}
