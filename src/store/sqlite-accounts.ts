import type Database from 'better-sqlite3';
import { ROLES, SCOPES, type AccountStore, type Role, type Scope, type SessionRow, type TokenRow, type UserRow } from './accounts.js';
import { checkNewUser, checkPassword, hashPassword, passwordMatches, randomToken, SESSION_TTL_MS, sha256, verifyPasswordHash } from './account-secrets.js';

export { hashPassword, randomToken, SESSION_TTL_MS, sha256, verifyPasswordHash };

interface UserDb {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

const toUser = (r: UserDb): UserRow => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at });

/** Accounts on SQLite (tables of migration 015). */
export class SqliteAccounts implements AccountStore {
  /** Compared against when the user does not exist, so a wrong name costs as long as a wrong password. */

  constructor(private readonly raw: Database.Database) {}

  async addUser(name: string, role: Role, password: string): Promise<UserRow> {
    checkNewUser(name, role, password);
    if (await this.getUser(name)) throw new Error(`there is already a user called ${name}`);
    const passwordHash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    const id = Number(
      this.raw.prepare('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)').run(name, role, passwordHash, createdAt).lastInsertRowid,
    );
    return { id, name, role, createdAt };
  }

  async listUsers(): Promise<UserRow[]> {
    return (this.raw.prepare('SELECT * FROM users ORDER BY name').all() as UserDb[]).map(toUser);
  }

  async getUser(name: string): Promise<UserRow | undefined> {
    const r = this.raw.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserDb | undefined;
    return r ? toUser(r) : undefined;
  }

  async removeUser(name: string): Promise<boolean> {
    return this.raw.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0;
  }

  async setRole(name: string, role: Role): Promise<boolean> {
    if (!ROLES.includes(role)) throw new Error(`role ${role}: expected one of ${ROLES.join(', ')}`);
    return this.raw.prepare('UPDATE users SET role = ? WHERE name = ?').run(role, name).changes > 0;
  }

  async setPassword(name: string, password: string): Promise<boolean> {
    checkPassword(password);
    const user = await this.getUser(name);
    if (!user) return false;
    const passwordHash = await hashPassword(password);
    this.raw.transaction(() => {
      this.raw.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, user.id);
      this.raw.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    })();
    return true;
  }

  async verifyPassword(name: string, password: string): Promise<UserRow | null> {
    const r = this.raw.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserDb | undefined;
    // Checked even for an unknown name: it answers in the time a wrong password takes.
    const matches = await passwordMatches(r, password);
    return matches && r ? toUser(r) : null;
  }

  async addToken(userName: string, scope: Scope): Promise<{ id: number; token: string }> {
    if (!SCOPES.includes(scope)) throw new Error(`scope ${scope}: expected one of ${SCOPES.join(', ')}`);
    const user = await this.getUser(userName);
    if (!user) throw new Error(`there is no user called ${userName}`);
    const token = randomToken();
    const id = Number(
      this.raw
        .prepare('INSERT INTO api_tokens (user_id, scope, token_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(user.id, scope, sha256(token), new Date().toISOString()).lastInsertRowid,
    );
    return { id, token };
  }

  async listTokens(): Promise<TokenRow[]> {
    const rows = this.raw
      .prepare('SELECT t.id, t.user_id, u.name, t.scope, t.created_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id')
      .all() as { id: number; user_id: number; name: string; scope: Scope; created_at: string; last_used_at: string | null }[];
    return rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.name, scope: r.scope, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  async revokeToken(id: number): Promise<boolean> {
    return this.raw.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  async resolveToken(token: string): Promise<{ user: UserRow; scope: Scope; tokenId: number } | null> {
    const r = this.raw
      .prepare('SELECT t.id AS token_id, t.scope, t.last_used_at, u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?')
      .get(sha256(token)) as (UserDb & { token_id: number; scope: Scope; last_used_at: string | null }) | undefined;
    if (!r) return null;
    const now = new Date().toISOString();
    // Last use kept to the minute: a busy client does not write on every request.
    if (!r.last_used_at || r.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
      this.raw.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, r.token_id);
    }
    return { user: toUser(r), scope: r.scope, tokenId: r.token_id };
  }

  async createSession(userId: number, ttlMs = SESSION_TTL_MS): Promise<{ id: string; csrf: string; expiresAt: string }> {
    const id = randomToken();
    const csrf = randomToken();
    const now = Date.now();
    const expiresAt = new Date(now + ttlMs).toISOString();
    this.raw.transaction(() => {
      this.raw.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date(now).toISOString());
      this.raw.prepare('INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(sha256(id), userId, csrf, new Date(now).toISOString(), expiresAt);
    })();
    return { id, csrf, expiresAt };
  }

  async resolveSession(id: string): Promise<SessionRow | null> {
    const r = this.raw
      .prepare('SELECT s.csrf, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?')
      .get(sha256(id)) as (UserDb & { csrf: string; expires_at: string }) | undefined;
    if (!r || r.expires_at <= new Date().toISOString()) return null;
    return { user: toUser(r), csrf: r.csrf, expiresAt: r.expires_at };
  }

  async endSession(id: string): Promise<void> {
    this.raw.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sha256(id));
  }
}
