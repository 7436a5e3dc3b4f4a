/**
 * Who is calling: influencers by session cookie (argon2id passwords), agencies by API key.
 * Secrets are stored only as hashes: SHA-256 for random tokens and keys, argon2id for passwords.
 */
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { Listener } from '../db/listener';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { API_SCOPES, type ApiScope } from '../domain/agency';

export const SESSION_COOKIE = 'permission_session';
export const SESSION_TTL_MS = 30 * 86_400_000;
/** How often an API key's last_used_at is written, at most. */
export const LAST_USED_EVERY_MS = 60_000;

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface AgencyPrincipal {
  agencyId: string;
  agencyName: string;
  apiKeyId: string;
  /** The key's first characters after `pk_`, shown to tell keys apart (not secret). */
  apiKeyPrefix: string;
  scopes: ApiScope[];
}

/** A key as cached in memory: what it grants, and when this process last wrote its last_used_at. */
interface CachedKey {
  principal: AgencyPrincipal;
  lastUsedAt: number;
}

/** Most keys cached at once (then the cache starts again empty). */
const KEY_CACHE_MAX = 10_000;

/** A password hash to compare against when the email is unknown, so timing does not tell. */
let dummyHash: Promise<string> | null = null;

export class AuthService {
  /**
   * API keys by hash, used only while `listener` listens on the `api_key` channel: every change to
   * what a key grants is announced there by the database itself (a trigger, whoever made the
   * change), and drops the key from every process's cache. Without the listener (not started,
   * connection lost), every request reads the key from the database, as before.
   */
  private readonly keys = new Map<string, CachedKey>();
  /** Bumped by every invalidation: a lookup that raced one does not fill the cache. */
  private generation = 0;
  private listener: Listener | null = null;
  private listening = false;
  /** Resolved when this process's own listener hears a given hash (revokeKey waits for it). */
  private readonly echoes = new Map<string, Array<() => void>>();
  /** The last announcements heard (one may arrive before the UPDATE that caused it returns). */
  private readonly heard = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Listen for key changes and cache keys meanwhile; a lost connection turns the cache off until it is back. */
  async listen(databaseUrl: string): Promise<void> {
    if (this.listener) return;
    this.listener = new Listener(databaseUrl, 'api_key', {
      onNotify: (what) => {
        this.invalidate(what || null);
        this.heard.add(what);
        if (this.heard.size > 1000) this.heard.delete(this.heard.values().next().value!);
        for (const done of this.echoes.get(what) ?? []) done();
        this.echoes.delete(what);
      },
      // whatever changed before LISTEN took effect was not heard: start from nothing
      onUp: () => {
        this.invalidate(null);
        this.listening = true;
      },
      onDown: (why) => {
        this.listening = false;
        this.invalidate(null);
        this.log(`auth: key cache off, LISTEN connection lost (${why}); retrying`);
      },
    }, 'permission-keys');
    await this.listener.start();
  }

  async close(): Promise<void> {
    this.listening = false;
    this.keys.clear();
    await this.listener?.close();
  }

  /** A key's hash, `agency:<id>` for all of an agency's keys, or null for every key. */
  private invalidate(what: string | null): void {
    this.generation++;
    if (what === null) this.keys.clear();
    else if (what.startsWith('agency:')) {
      const agencyId = what.slice('agency:'.length);
      for (const [hash, k] of this.keys) if (k.principal.agencyId === agencyId) this.keys.delete(hash);
    } else this.keys.delete(what);
  }

  /**
   * Revokes a key by its prefix: false when there is no such live key. Every process's cache drops
   * it (NOTIFY, from the trigger); this one at once, and the call returns once this process has
   * heard its own announcement, which PostgreSQL sends every listening process at the same moment.
   */
  async revokeKey(prefix: string): Promise<boolean> {
    // an UPDATE answers [rows, count]
    const [rows]: [Array<{ key_hash: string }>, number] = await this.ds.query(
      `UPDATE api_key SET revoked_at = $2 WHERE prefix = $1 AND revoked_at IS NULL RETURNING key_hash`,
      [prefix, this.clock.now()],
    );
    const hash = rows[0]?.key_hash;
    if (!hash) return false;
    if (this.listening && !this.heard.has(hash)) {
      const heard = new Promise<void>((resolve) => {
        this.echoes.set(hash, [...(this.echoes.get(hash) ?? []), resolve]);
        setTimeout(resolve, 2000).unref();
      });
      this.invalidate(hash);
      await heard;
    }
    return true;
  }

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  }

  /** The influencer id for these credentials, or null. Takes the same time whether or not the email exists. */
  async verifyCredentials(email: string, password: string): Promise<string | null> {
    // a deleted account (an operator's soft delete; erasure removes the row) cannot sign in
    const rows: Array<{ id: string; password_hash: string }> = await this.ds.query(
      `SELECT id, password_hash FROM influencer WHERE email = $1 AND status <> 'deleted'`,
      [email.trim()],
    );
    const row = rows[0];
    if (!row) {
      dummyHash ??= this.hashPassword(randomBytes(16).toString('hex'));
      await argon2.verify(await dummyHash, password).catch(() => false);
      return null;
    }
    const good = await argon2.verify(row.password_hash, password).catch(() => false);
    return good ? row.id : null;
  }

  async createSession(influencerId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_TTL_MS);
    await this.ds.query(`INSERT INTO session (token_hash, influencer_id, expires_at) VALUES ($1, $2, $3)`, [sha256(token), influencerId, expiresAt]);
    return { token, expiresAt };
  }

  async sessionInfluencer(token: string | undefined): Promise<string | null> {
    if (!token || token.length > 100) return null;
    const rows: Array<{ influencer_id: string }> = await this.ds.query(
      `SELECT influencer_id FROM session WHERE token_hash = $1 AND expires_at > $2`,
      [sha256(token), this.clock.now()],
    );
    return rows[0]?.influencer_id ?? null;
  }

  /** Deletes sessions past their expiry (run periodically); the number deleted. */
  async purgeExpiredSessions(): Promise<number> {
    const [, n]: [unknown[], number] = await this.ds.query(`DELETE FROM session WHERE expires_at <= $1`, [this.clock.now()]);
    return n;
  }

  async endSession(token: string | undefined): Promise<void> {
    if (token) await this.ds.query(`DELETE FROM session WHERE token_hash = $1`, [sha256(token)]);
  }

  /** Creates an agency and its first API key; the key is returned once and never stored. */
  async createAgency(name: string): Promise<{ agencyId: string; apiKey: string }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 120) throw new Error('The agency name must be 1 to 120 characters.');
    return this.ds.transaction(async (m) => {
      const [agency]: Array<{ id: string }> = await m.query(`INSERT INTO agency (name) VALUES ($1) RETURNING id`, [trimmed]);
      const apiKey = await this.issueKey(m, agency.id);
      return { agencyId: agency.id, apiKey };
    });
  }

  /** A new key for the agency, with the given scopes (default: all). Returned once, stored as a hash. */
  async issueKey(db: Pick<DataSource, 'query'>, agencyId: string, scopes: readonly ApiScope[] = API_SCOPES): Promise<string> {
    const prefix = randomBytes(6).toString('hex');
    const key = `pk_${prefix}_${randomBytes(24).toString('base64url')}`;
    await db.query(`INSERT INTO api_key (agency_id, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4::text[])`, [agencyId, prefix, sha256(key), [...new Set(scopes)]]);
    return key;
  }

  async agencyForKey(key: string): Promise<AgencyPrincipal | null> {
    if (!/^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(key)) return null;
    const hash = sha256(key);
    const now = this.clock.now();
    const cached = this.listening ? this.keys.get(hash) : undefined;
    if (cached) {
      if (now.getTime() - cached.lastUsedAt >= LAST_USED_EVERY_MS) {
        cached.lastUsedAt = now.getTime();
        this.touch(cached.principal.apiKeyId, now);
      }
      return cached.principal;
    }
    // not cached: read it (a revoked key is never cached, and leaves the cache when revoked)
    const generation = this.generation;
    const rows: Array<{ agency_id: string; name: string; id: string; prefix: string; scopes: ApiScope[]; last_used_at: Date | null }> = await this.ds.query(
      `SELECT k.id, k.agency_id, a.name, k.prefix, k.scopes, k.last_used_at FROM api_key k JOIN agency a ON a.id = k.agency_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    const r = rows[0];
    if (!r) return null;
    const principal: AgencyPrincipal = { agencyId: r.agency_id, agencyName: r.name, apiKeyId: r.id, apiKeyPrefix: r.prefix, scopes: r.scopes };
    let lastUsedAt = r.last_used_at ? new Date(r.last_used_at).getTime() : -Infinity;
    if (now.getTime() - lastUsedAt >= LAST_USED_EVERY_MS) {
      lastUsedAt = now.getTime();
      this.touch(r.id, now);
    }
    if (this.listening && generation === this.generation) {
      if (this.keys.size >= KEY_CACHE_MAX) this.keys.clear();
      this.keys.set(hash, { principal, lastUsedAt });
    }
    return principal;
  }

  /**
   * last_used_at, at most once a minute per key, off the request's path: a write on every request
   * would queue all of a key's concurrent requests on its one row.
   */
  private touch(id: string, now: Date): void {
    void this.ds
      .query(`UPDATE api_key SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`, [id, now, new Date(now.getTime() - LAST_USED_EVERY_MS)])
      .catch(() => undefined);
  }
}
