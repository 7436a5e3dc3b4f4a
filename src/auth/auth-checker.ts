import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { GraphQLContext } from '../context';
import type { ApiScope } from '../domain/agency';

/**
 * Roles used with @Authorized: an influencer by session cookie, an agency by API key, or an
 * agency whose key holds one scope (`AGENCY:shortlists`). A key without the scope is FORBIDDEN,
 * with the scope named in the message and in `extensions.scope`.
 */
export type Role = 'INFLUENCER' | 'AGENCY' | `AGENCY:${ApiScope}`;

const scopeOf = (r: Role): ApiScope | null => (r.startsWith('AGENCY:') ? (r.slice('AGENCY:'.length) as ApiScope) : null);

export const authChecker: AuthChecker<GraphQLContext, Role> = ({ context }, roles) => {
  const { agency } = context;
  const ok = roles.some((r) => {
    if (r === 'INFLUENCER') return !!context.influencerId;
    const scope = scopeOf(r);
    return !!agency && (scope === null || agency.scopes.includes(scope));
  });
  if (ok) return true;
  const agencyRoles = roles.filter((r) => r !== 'INFLUENCER');
  if (agency && agencyRoles.length > 0) {
    const missing = agencyRoles.map(scopeOf).find((s): s is ApiScope => s !== null && !agency.scopes.includes(s))!;
    throw new GraphQLError(`This API key does not have the "${missing}" scope.`, { extensions: { code: 'FORBIDDEN', scope: missing } });
  }
  const anyone = !!context.influencerId || !!agency;
  if (anyone) {
    throw new GraphQLError(`This needs ${roles.map((r) => (r === 'INFLUENCER' ? 'an influencer session' : 'an agency API key')).join(' or ')}.`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  throw new GraphQLError(
    agencyRoles.length > 0
      ? 'Send an agency API key as "Authorization: Bearer <key>".'
      : 'Sign in first (signIn or confirmSignUp sets the session cookie).',
    { extensions: { code: 'UNAUTHENTICATED' } },
  );
};
