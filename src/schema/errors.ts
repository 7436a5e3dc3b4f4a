/**
 * Where errors become GraphQL errors: the one place that decides `extensions.code`. Services
 * throw domain errors (src/domain/errors.ts) or return userErrors; resolvers throw nothing of
 * their own; anything unexpected becomes a bare INTERNAL_SERVER_ERROR, logged once.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, type AnyDomainError } from '../domain/errors';

/** Codes that graphql-js, Apollo and our own checks give for something the client did. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

function domainExtensions(e: AnyDomainError): Record<string, unknown> {
  switch (e.kind) {
    case 'INVALID_INPUT':
      return { code: 'BAD_USER_INPUT', field: e.field };
    case 'RATE_LIMITED':
      return { code: 'RATE_LIMITED', retryAfterSeconds: e.retryAfterSeconds };
    case 'UNAVAILABLE':
      return { code: 'SEARCH_UNAVAILABLE' };
    default: {
      const never: never = e;
      throw new Error(`unknown domain error ${String(never)}`);
    }
  }
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (line: string, err: unknown) => void = defaultLog): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: domainExtensions(original as AnyDomainError) };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log('[graphql] internal error:', original);
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

const defaultLog = (line: string, err: unknown) => console.error(line, err);
