/**
 * Where errors become GraphQL errors: the one place that decides `extensions.code`. Services
 * throw domain errors (src/domain/errors.ts) or return userErrors; resolvers throw nothing of
 * their own; anything unexpected becomes a bare INTERNAL_SERVER_ERROR, logged once.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { DomainError, RateLimitedError, TooComplexError, UnavailableError, type AnyDomainError } from '../domain/errors';
import { isDatabaseUnreachable, isInputError } from '../db/errors';

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
    case 'TOO_COMPLEX':
      return { code: 'QUERY_TOO_COMPLEX', cost: e.cost, maximumCost: e.maximumCost };
    case 'UNAVAILABLE':
      return { code: e.component === 'database' ? 'DATABASE_UNAVAILABLE' : 'SEARCH_UNAVAILABLE' };
    default: {
      const never: never = e;
      throw new Error(`unknown domain error ${String(never)}`);
    }
  }
}

/** What was thrown, under the GraphQLErrors that Apollo and graphql-js wrap around it (resolver, plugin, context). */
function thrown(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (line: string) => void = defaultLog): GraphQLFormattedError {
  const original = thrown(error);
  if (original instanceof DomainError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: domainExtensions(original as AnyDomainError) };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // the database down or restarting: say so, the client may retry (HTTP 503, see httpStatusPlugin)
  if (isDatabaseUnreachable(original)) {
    return { message: 'The database is unavailable right now; try again shortly.', locations: formatted.locations, path: formatted.path, extensions: { code: 'DATABASE_UNAVAILABLE' } };
  }
  // a database error the input caused, that no service mapped to a userError: still the client's
  if (isInputError(original)) {
    return { message: 'The input is not valid.', locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  log(oneLine(original, formatted.path));
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** An unexpected error in one log line: its kind, message and where it was thrown, no stack dump. */
function oneLine(err: unknown, path: GraphQLFormattedError['path']): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const where = e.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '';
  const message = e.message.replace(/\s+/g, ' ').slice(0, 300);
  return `[graphql] internal error${path ? ` at ${path.join('.')}` : ''}: ${e.name}: ${message}${where ? ` (${where})` : ''}`;
}

const defaultLog = (line: string) => console.error(line);

/**
 * The HTTP status of an answer whose errors say the request cannot be served as sent, decided
 * here with the codes: RATE_LIMITED 429 (with Retry-After), QUERY_TOO_COMPLEX 400,
 * DATABASE_UNAVAILABLE and SEARCH_UNAVAILABLE 503 (with Retry-After: load balancers and clients
 * retry it).
 */
export const httpStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        const causes = (errors ?? []).map((e) => thrown(e));
        const limited = causes.find((e): e is RateLimitedError => e instanceof RateLimitedError);
        if (limited) {
          response.http.status = 429;
          response.http.headers.set('retry-after', String(limited.retryAfterSeconds));
        } else if (causes.some((e) => e instanceof TooComplexError)) {
          response.http.status = 400;
        } else if (causes.some((e) => isDatabaseUnreachable(e) || e instanceof UnavailableError)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '2');
        }
      },
    };
  },
};
