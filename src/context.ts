import type { Request, Response } from 'express';
import type { App } from './app';
import { SESSION_COOKIE, type AgencyPrincipal } from './auth/auth.service';
import { createLoaders, type Loaders } from './loaders';
import { GraphQLError } from 'graphql';
import { isDatabaseUnreachable } from './db/errors';
import { UnavailableError } from './domain/errors';

/** Built once per request: who is calling, and the request's own DataLoaders. */
export interface GraphQLContext {
  app: App;
  req: Request;
  res: Response;
  sessionToken: string | null;
  influencerId: string | null;
  agency: AgencyPrincipal | null;
  loaders: Loaders;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export async function buildContext(app: App, req: Request, res: Response): Promise<GraphQLContext> {
  const sessionToken = parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
  let influencerId: string | null;
  let agency: AgencyPrincipal | null;
  try {
    [influencerId, agency] = await Promise.all([
      sessionToken ? app.auth.sessionInfluencer(sessionToken) : null,
      bearer ? app.auth.agencyForKey(bearer) : null,
    ]);
  } catch (err) {
    // who is calling cannot be told while the database is down: a clear 503, not a 500
    if (isDatabaseUnreachable(err)) {
      const message = 'The database is unavailable right now; try again shortly.';
      throw new GraphQLError(message, { originalError: new UnavailableError(message, 'database', { cause: err }), extensions: { http: { status: 503 } } });
    }
    throw err;
  }
  return { app, req, res, sessionToken, influencerId, agency, loaders: createLoaders(app) };
}
