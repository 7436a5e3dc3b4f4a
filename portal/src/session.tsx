import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useState } from 'preact/hooks';
import { useQuery } from '@urql/preact';
import { MeQuery } from './operations';
import type { MeFieldsFragment, PortalMeQuery } from './gql/graphql';
import { requestProblem } from './lib/errors';

export type MeData = MeFieldsFragment;
export type Policy = PortalMeQuery['portalPolicy'];

interface SessionValue {
  me: MeData | null;
  policy: Policy | null;
  loading: boolean;
  problem: string | null;
  /** Read `me` again from the server (after a change, or to see the effect of time). */
  refresh(): void;
  /** A message for the live region, read out by screen readers and shown on the page. */
  flash: string | null;
  /** When the message was given (ms): a move to another page clears an older one. */
  flashAt: number;
  say(message: string | null): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [result, reexecute] = useQuery({ query: MeQuery, requestPolicy: 'cache-and-network' });
  const [flash, setFlash] = useState<{ text: string; at: number } | null>(null);
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const value: SessionValue = {
    me: result.data?.me ?? null,
    policy: result.data?.portalPolicy ?? null,
    loading: result.fetching && !result.data,
    problem: requestProblem(result.error),
    refresh,
    flash: flash?.text ?? null,
    flashAt: flash?.at ?? 0,
    say: (text) => setFlash(text ? { text, at: Date.now() } : null),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** For pages only reachable signed in: the caller has checked `me`. */
export function useMe(): MeData {
  const me = useSession().me;
  if (!me) throw new Error('useMe needs a signed-in session');
  return me;
}
