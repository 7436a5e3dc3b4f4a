/**
 * OAuth 2.0 sign-in with a platform (authorization code with PKCE), through `arctic`'s generic
 * OAuth2Client, configured per platform (OAUTH_<PLATFORM>_*). What the platform reports about the
 * signed-in account (its handle, its follower count) comes from the userinfo endpoint.
 */
import type { OAuthPlatformConfig } from '../config';

// arctic is ESM-only; Node 20.19+ loads it with require() (types only at compile time)
// @ts-ignore TS2307 under ts-jest only
type Arctic = typeof import('arctic', { with: { 'resolution-mode': 'import' } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const arctic = (): Arctic => require('arctic') as Arctic;

export const OAUTH_CALLBACK_PATH = '/oauth/callback';

export interface OAuthStart {
  url: string;
  state: string;
  codeVerifier: string;
}

export interface PlatformIdentity {
  handle: string | null;
  followers: number | null;
}

export class OAuthError extends Error {}

export class PlatformOAuth {
  constructor(
    private readonly config: OAuthPlatformConfig,
    private readonly redirectUri: string,
    private readonly timeoutMs: number,
  ) {}

  private client() {
    return new (arctic().OAuth2Client)(this.config.clientId, this.config.clientSecret, this.redirectUri);
  }

  start(): OAuthStart {
    const a = arctic();
    const state = a.generateState();
    const codeVerifier = a.generateCodeVerifier();
    const url = this.client().createAuthorizationURLWithPKCE(this.config.authorizeUrl, state, a.CodeChallengeMethod.S256, codeVerifier, this.config.scopes);
    return { url: url.toString(), state, codeVerifier };
  }

  /** Exchange the code, then ask the platform who signed in. Throws OAuthError on any failure. */
  async identify(code: string, codeVerifier: string): Promise<PlatformIdentity> {
    let accessToken: string;
    try {
      accessToken = (await this.client().validateAuthorizationCode(this.config.tokenUrl, code, codeVerifier)).accessToken();
    } catch (err) {
      throw new OAuthError(`the platform refused the sign-in (${(err as Error).message})`);
    }
    let claims: Record<string, unknown>;
    try {
      const res = await fetch(this.config.userinfoUrl, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      if (!res.ok) throw new Error(`userinfo answered ${res.status}`);
      claims = (await res.json()) as Record<string, unknown>;
    } catch (err) {
      throw new OAuthError(`the platform did not say who signed in (${(err as Error).message})`);
    }
    const handle = claims[this.config.handleClaim];
    const followers = claims[this.config.followersClaim];
    return {
      handle: typeof handle === 'string' ? handle.replace(/^@/, '') : null,
      followers: typeof followers === 'number' && Number.isSafeInteger(followers) && followers >= 0 && followers <= 1_000_000_000 ? followers : null,
    };
  }
}
