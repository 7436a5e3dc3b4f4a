import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { GraphQLContext } from '../context';

/** Roles used with @Authorized: an influencer by session cookie, an agency by API key. */
export type Role = 'INFLUENCER' | 'AGENCY';

export const authChecker: AuthChecker<GraphQLContext, Role> = ({ context }, roles) => {
  const ok = roles.some((r) => (r === 'INFLUENCER' ? !!context.influencerId : !!context.agency));
  if (ok) return true;
  const anyone = !!context.influencerId || !!context.agency;
  if (anyone) {
    throw new GraphQLError(`This needs ${roles.map((r) => (r === 'AGENCY' ? 'an agency API key' : 'an influencer session')).join(' or ')}.`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  throw new GraphQLError(
    roles.includes('AGENCY')
      ? 'Send an agency API key as "Authorization: Bearer <key>".'
      : 'Sign in first (signIn or signUp sets the session cookie).',
    { extensions: { code: 'UNAUTHENTICATED' } },
  );
};
