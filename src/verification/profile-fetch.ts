/**
 * Fetching a public profile page to look for a verification code, safely: the address comes from
 * a handle (or a blog URL) the user typed, so it must never reach this server's own network
 * (SSRF). Every hop is resolved, every resolved address checked, the connection pinned to the
 * checked address (no second DNS answer can swap it), redirects followed by hand and checked again;
 * a deadline covers the whole fetch, the body is streamed and cut off at a byte limit.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** How a fetch ended; everything but FOUND verifies nothing. */
export type ProfileFetchResult =
  | 'FOUND'
  | 'VERIFICATION_CODE_NOT_FOUND'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_LOGIN_REQUIRED'
  | 'PROFILE_TOO_LARGE'
  | 'PROFILE_TIMEOUT'
  | 'PROFILE_UNREACHABLE'
  | 'ADDRESS_NOT_ALLOWED';

export interface ProfileFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** `host:port` pairs allowed to resolve to a private address (tests, development). */
  allowPrivateHosts: readonly string[];
  userAgent?: string;
}

export const MAX_REDIRECTS = 5;

/** Where a redirect sends someone who is not signed in: the page is not public. */
const LOGIN_PATH = /(^|\/)(login|log-in|signin|sign-in|sign_in|accounts\/login|auth|checkpoint|challenge)(\/|$|\?|\.)/i;

/** Addresses that are not the public internet: loopback, private, link-local, CGNAT, multicast, reserved, documentation. */
const NOT_PUBLIC = new net.BlockList();
for (const [a, p] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(a, p, 'ipv4');
for (const [a, p] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) NOT_PUBLIC.addSubnet(a, p, 'ipv6');

/** Is this IP address on the public internet? (IPv4-mapped IPv6 is judged by its IPv4 address.) */
export function isPublicAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return !NOT_PUBLIC.check(ip, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return isPublicAddress(mapped[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (hex) {
    const n = (parseInt(hex[1], 16) << 16) | parseInt(hex[2], 16);
    return isPublicAddress([24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.'));
  }
  return !NOT_PUBLIC.check(ip, 'ipv6');
}

class Stop extends Error {
  constructor(readonly result: ProfileFetchResult) {
    super(result);
  }
}

const defaultPort = (u: URL) => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

/** The address to connect to for `u`, checked; throws Stop('ADDRESS_NOT_ALLOWED') when it is not public. */
async function checkedAddress(u: URL, opts: ProfileFetchOptions): Promise<{ address: string; family: 4 | 6 }> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const allowed = opts.allowPrivateHosts.includes(`${u.hostname.toLowerCase()}:${defaultPort(u)}`);
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new Stop('PROFILE_UNREACHABLE');
    }
  }
  // every answer must be public: a name resolving to one public and one private address is refused
  if (!addresses.length || (!allowed && addresses.some((a) => !isPublicAddress(a.address)))) throw new Stop('ADDRESS_NOT_ALLOWED');
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

interface Hop {
  status: number;
  location: string | null;
  /** Set when the body was read (2xx). */
  body?: ProfileFetchResult;
}

function request(u: URL, pinned: { address: string; family: 4 | 6 }, code: string, opts: ProfileFetchOptions, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      {
        protocol: u.protocol,
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: defaultPort(u),
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        signal,
        // the connection goes to the address that was checked, whatever DNS says now
        lookup: ((_h: string, o: { all?: boolean }, cb: (...args: unknown[]) => void) =>
          o?.all ? cb(null, [{ address: pinned.address, family: pinned.family }]) : cb(null, pinned.address, pinned.family)) as never,
        headers: {
          'user-agent': opts.userAgent ?? 'PermissionVerifier/1.0',
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          'accept-encoding': 'identity',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          res.resume();
          resolve({ status, location: typeof res.headers.location === 'string' ? res.headers.location : null });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          res.destroy();
          resolve({ status, location: null, body: 'PROFILE_TOO_LARGE' });
          return;
        }
        // streamed: look for the code as the bytes arrive, keep only a tail to find it across chunks
        let seen = 0;
        let tail = '';
        let done = false;
        const finish = (body: ProfileFetchResult) => {
          if (done) return;
          done = true;
          res.destroy();
          resolve({ status, location: null, body });
        };
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => {
          seen += chunk.length;
          const window = tail + chunk;
          if (window.includes(code)) return finish('FOUND');
          if (seen > opts.maxBytes) return finish('PROFILE_TOO_LARGE');
          tail = window.slice(-code.length);
        });
        res.on('end', () => finish('VERIFICATION_CODE_NOT_FOUND'));
        res.on('error', (err) => (done ? undefined : reject(err)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Fetch `url` (following up to MAX_REDIRECTS redirects, each checked) and say whether `code`
 * appears in the first `maxBytes` of the final page.
 */
export async function fetchProfileForCode(url: string, code: string, opts: ProfileFetchOptions): Promise<ProfileFetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      return 'PROFILE_UNREACHABLE';
    }
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') return 'ADDRESS_NOT_ALLOWED';
      if (current.username || current.password) return 'ADDRESS_NOT_ALLOWED';
      const pinned = await Promise.race([
        checkedAddress(current, opts),
        new Promise<never>((_r, reject) => controller.signal.addEventListener('abort', () => reject(new Stop('PROFILE_TIMEOUT')), { once: true })),
      ]);
      const res = await request(current, pinned, code, opts, controller.signal);
      if (res.body) return res.body;
      if (res.status >= 300 && res.status < 400 && res.location) {
        let next: URL;
        try {
          next = new URL(res.location, current);
        } catch {
          return 'PROFILE_UNREACHABLE';
        }
        if (LOGIN_PATH.test(next.pathname)) return 'PROFILE_LOGIN_REQUIRED';
        current = next;
        continue;
      }
      if (res.status === 401) return 'PROFILE_LOGIN_REQUIRED';
      if (res.status === 404 || res.status === 410) return 'PROFILE_NOT_FOUND';
      return 'PROFILE_UNREACHABLE';
    }
    return 'PROFILE_UNREACHABLE';
  } catch (err) {
    if (err instanceof Stop) return err.result;
    if (controller.signal.aborted) return 'PROFILE_TIMEOUT';
    return 'PROFILE_UNREACHABLE';
  } finally {
    clearTimeout(timer);
  }
}
