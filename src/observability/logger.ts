/**
 * Structured logs: one JSON object per line (pino), on stdout, each HTTP request with its id.
 *
 * What must never reach a log: passwords, API keys, session tokens, emails, birth dates. The
 * request log carries method, path (no query string: GraphQL over GET puts variables there),
 * status, time and the GraphQL operation name, never headers or bodies; errors carry their type,
 * code and a scrubbed message and stack, never the SQL parameters or driver details attached to
 * them; every string that is logged goes through scrub() as a last line of defence.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type Options as HttpLogOptions } from 'pino-http';

export type { Logger } from 'pino';

import type { LogLevel } from '../config';

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const API_KEY = /\bpk_[0-9a-f]{6,}_[A-Za-z0-9_-]+/g;
/** Session tokens (32 random bytes, base64url) and any other long opaque token or hash. */
const TOKEN = /[A-Za-z0-9_-]{40,}/g;
/** Dates (a birth date in a validation message, say). Log times are epoch milliseconds, not text. */
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

/** Replaces anything that looks like personal data or a secret in a string that is about to be logged. */
export function scrub(text: string): string {
  return text.replace(EMAIL, '[email]').replace(API_KEY, '[api-key]').replace(TOKEN, '[token]').replace(DATE, '[date]');
}

/** An error as logged: what it is and where, never the values it carries (SQL parameters, rows). */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrub(String(err)) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: scrub(err.message),
    ...(err.stack ? { stack: scrub(err.stack) } : {}),
  };
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Default: stdout. */
  destination?: DestinationStream;
  /** Bound to every line, e.g. { component: 'cli' }. */
  base?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: 'permission', ...opts.base },
      serializers: { err: serializeError, error: serializeError },
      // belt and braces: fields that must never be written, wherever someone puts them
      redact: {
        paths: ['password', '*.password', 'email', '*.email', 'birthDate', '*.birthDate', 'apiKey', '*.apiKey', 'token', '*.token',
          'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie'],
        censor: '[redacted]',
      },
      hooks: {
        // the message text too: scrubbed, whatever it was built from
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrub(args[i] as string);
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A client's request id is kept when it is a plain token; otherwise a new one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's path without its query string (express rewrites req.url inside mounted routes). */
function pathOnly(req: IncomingMessage): string {
  const raw = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const q = raw.indexOf('?');
  return scrub(q < 0 ? raw : raw.slice(0, q));
}

/** Per-request GraphQL facts the request log line carries (set by the server's Apollo plugin). */
export interface RequestFacts {
  operation?: string;
  errorCodes?: string[];
}
export const REQUEST_FACTS = Symbol('permission.requestFacts');
export function requestFacts(res: ServerResponse): RequestFacts {
  const holder = res as ServerResponse & { [REQUEST_FACTS]?: RequestFacts };
  holder[REQUEST_FACTS] ??= {};
  return holder[REQUEST_FACTS];
}

/** Express middleware: a request id (x-request-id in and out) and one log line per response. */
export function httpLogger(logger: Logger) {
  const options: HttpLogOptions = {
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    quietReqLogger: true, // lines logged while serving carry reqId only, not the request again
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ method: req.method, path: pathOnly(req), remoteAddress: req.socket?.remoteAddress }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
    customProps: (_req, res) => {
      const facts = requestFacts(res);
      return {
        ...(facts.operation ? { operation: facts.operation } : {}),
        ...(facts.errorCodes?.length ? { errorCodes: facts.errorCodes } : {}),
      };
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${pathOnly(req)} ${res.statusCode} ${ms} ms`,
    customErrorMessage: (req, res) => `${req.method} ${pathOnly(req)} ${res.statusCode}`,
    // probes and scrapes would drown everything else
    autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(pathOnly(req)) },
  };
  return pinoHttp(options);
}
