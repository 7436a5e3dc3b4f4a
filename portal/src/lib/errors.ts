import type { CombinedError } from '@urql/core';

export interface FieldError {
  field?: string | null;
  message: string;
  code: string;
}

/** A failed request in words a person can act on; never a stack trace. */
export function requestProblem(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'We could not reach Permission. Check your connection and try again.';
  const g = error.graphQLErrors[0];
  const code = g?.extensions?.code;
  if (code === 'UNAUTHENTICATED') return 'Your session has ended. Please sign in again.';
  if (code === 'RATE_LIMITED') return g.message;
  return g?.message && code !== 'INTERNAL_SERVER_ERROR' ? g.message : 'Something went wrong on our side. Nothing was changed; please try again.';
}

export const errorFor = (errors: FieldError[], field: string): string | undefined =>
  errors.find((e) => e.field === field || e.field?.startsWith(`${field}[`))?.message;
