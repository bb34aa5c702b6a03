import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Role } from './accounts.js';

/** Passwords, tokens and the rules for new users, alike on every backend. */

/** argon2id (`Algorithm.Argon2id`; the enum is declared `const` and cannot be imported by value). */
const ARGON2ID = 2;
/** A web session lasts two weeks from login. */
export const SESSION_TTL_MS = 14 * 86_400_000;
/** User names: letters, digits and . _ - (1 to 64), so they read the same on the command line and in a page. */
const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 32 random bytes, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url');

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPasswordHash(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export function checkPassword(password: string): void {
  if (password.length < 8) throw new Error('the password must have at least 8 characters');
  if (password.length > 1024) throw new Error('the password must have at most 1024 characters');
}

/** Throws when a new user's name, role or password is not usable. */
export function checkNewUser(name: string, role: Role, password: string): void {
  if (!NAME.test(name)) throw new Error(`user name ${JSON.stringify(name)}: use letters, digits, '.', '_' or '-' (at most 64)`);
  if (!ROLES.includes(role)) throw new Error(`role ${role}: expected one of ${ROLES.join(', ')}`);
  checkPassword(password);
}

/** Hashed once per process: an unknown name is checked against it, so it costs what a known one does. */
let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` is the stored row's, in about the same time whether or not the user exists (an
 * unknown name must not answer faster than a wrong password).
 */
export async function passwordMatches(stored: { password_hash: string } | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword(randomToken());
    await verifyPasswordHash(await dummyHash, password);
    return false;
  }
  return verifyPasswordHash(stored.password_hash, password);
}
