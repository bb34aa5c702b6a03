import { ROLES, type AccountStore, type Role, type UserRow } from '../../store/accounts.js';

/** Why an admin's change was not made, with the HTTP status that says so. */
export interface Refusal {
  status: 400 | 403 | 404;
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const done = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refused = (status: Refusal['status'], message: string): Outcome<never> => ({ ok: false, refusal: { status, message } });

// The store's rules for names and passwords (as `wirewatch user add` meets them), checked here first so
// the form can say what to fix rather than fail on the store's error.
const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 1024;

export function parseRole(v: unknown): Role | undefined {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v) ? (v as Role) : undefined;
}

const isLastAdmin = async (accounts: AccountStore, user: UserRow) => user.role === 'admin' && (await accounts.listUsers()).filter((u) => u.role === 'admin').length <= 1;

export async function addUser(accounts: AccountStore, input: { name?: unknown; role?: unknown; password?: unknown }): Promise<Outcome<UserRow>> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const role = parseRole(input.role);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!NAME.test(name)) return refused(400, 'A user name has 1 to 64 letters, digits, dots, underscores or hyphens.');
  // "." and ".." cannot stand in an address (/api/admin/users/NAME): a browser reads them as directories.
  if (/^\.+$/.test(name)) return refused(400, 'A user name needs a letter or a digit.');
  if (!role) return refused(400, `The role is one of ${ROLES.join(', ')}.`);
  if (password.length < MIN_PASSWORD) return refused(400, `The password needs at least ${MIN_PASSWORD} characters.`);
  if (password.length > MAX_PASSWORD) return refused(400, `The password may have at most ${MAX_PASSWORD} characters.`);
  if (await accounts.getUser(name)) return refused(400, `There is already a user called ${name}.`);
  return done(await accounts.addUser(name, role, password));
}

/** Removes a user with his tokens and sessions; never the admin asking, nor the last admin. */
export async function removeUser(accounts: AccountStore, actor: UserRow, name: string): Promise<Outcome<UserRow>> {
  const user = await accounts.getUser(name);
  if (!user) return refused(404, `There is no user called ${name}.`);
  if (user.id === actor.id) return refused(403, 'You cannot remove yourself: ask another admin.');
  if (await isLastAdmin(accounts, user)) return refused(403, `${name} is the last admin: make another user an admin first.`);
  await accounts.removeUser(name);
  return done(user);
}

/** Gives a user another role; never the admin asking (he could lock himself out), nor the last admin a lower one. */
export async function changeRole(accounts: AccountStore, actor: UserRow, name: string, roleGiven: unknown): Promise<Outcome<UserRow>> {
  const user = await accounts.getUser(name);
  if (!user) return refused(404, `There is no user called ${name}.`);
  const role = parseRole(roleGiven);
  if (!role) return refused(400, `The role is one of ${ROLES.join(', ')}.`);
  if (user.id === actor.id) return refused(403, 'You cannot change your own role: ask another admin.');
  if (role !== 'admin' && (await isLastAdmin(accounts, user))) return refused(403, `${name} is the last admin: make another user an admin first.`);
  await accounts.setRole(name, role);
  return done({ ...user, role });
}

export async function revokeToken(accounts: AccountStore, idGiven: string): Promise<Outcome<number>> {
  if (!/^\d{1,15}$/.test(idGiven)) return refused(400, 'A token is named by its number.');
  const id = Number(idGiven);
  if (!(await accounts.revokeToken(id))) return refused(404, `There is no token ${id}.`);
  return done(id);
}
