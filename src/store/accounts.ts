/** Users, API tokens and web sessions: who may read a private archive and who may change it. */

export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Reader 1, editor 2, admin 3; a token's scope read 1, write 2, admin 3: what a request may do is the lower of the two. */
export const LEVEL: Record<Role | Scope, number> = { reader: 1, read: 1, editor: 2, write: 2, admin: 3 };

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
}

export interface TokenRow {
  id: number;
  userId: number;
  userName: string;
  scope: Scope;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SessionRow {
  user: UserRow;
  /** The session's CSRF token, carried by its forms. */
  csrf: string;
  expiresAt: string;
}

export interface AccountStore {
  /** Adds a user; the password is hashed with argon2id. Throws when the name is taken or not usable. */
  addUser(name: string, role: Role, password: string): Promise<UserRow>;
  listUsers(): Promise<UserRow[]>;
  getUser(name: string): Promise<UserRow | undefined>;
  /** Removes a user with his tokens and sessions; false when there is no such user. */
  removeUser(name: string): Promise<boolean>;
  /** Gives a user another role (his sessions and tokens follow at their next request); false when there is no such user. */
  setRole(name: string, role: Role): Promise<boolean>;
  /** Sets a new password and ends the user's sessions; false when there is no such user. */
  setPassword(name: string, password: string): Promise<boolean>;
  /** The user when the name and password match, else null (in about the same time either way). */
  verifyPassword(name: string, password: string): Promise<UserRow | null>;

  /** Makes a token for a user; the token itself is returned once and only its SHA-256 is kept. */
  addToken(userName: string, scope: Scope): Promise<{ id: number; token: string }>;
  listTokens(): Promise<TokenRow[]>;
  revokeToken(id: number): Promise<boolean>;
  /** The token's user and scope, or null for an unknown token. */
  resolveToken(token: string): Promise<{ user: UserRow; scope: Scope; tokenId: number } | null>;

  /** Opens a session for a user; the session id is returned once and only its SHA-256 is kept. */
  createSession(userId: number, ttlMs?: number): Promise<{ id: string; csrf: string; expiresAt: string }>;
  /** The live session's user and CSRF token, or null (unknown or expired). */
  resolveSession(id: string): Promise<SessionRow | null>;
  endSession(id: string): Promise<void>;
}
