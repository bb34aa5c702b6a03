import { tryGetContext } from 'hono/context-storage';
import type { UserRow } from '../store/accounts.js';

/** Who made a request: a web session (cookie) or an API token (Authorization: Bearer). */
export interface Auth {
  user: UserRow;
  via: 'session' | 'token';
  /** What the request may do: the user's role, capped by a token's scope (reader/read 1, editor/write 2, admin 3). */
  level: number;
  /** The session's CSRF token (sessions only). */
  csrf?: string;
  sessionId?: string;
}

export type AuthEnv = { Variables: { auth: Auth | null } };

/** The hidden form field that carries the session's CSRF token. */
export const CSRF_FIELD = '_csrf';

/** The signed-in user of the request being rendered, if any. */
export function currentAuth(): Auth | null {
  return tryGetContext<AuthEnv>()?.get('auth') ?? null;
}

/** The hidden field that carries the session's CSRF token in a form that changes something. */
export function CsrfField() {
  const csrfToken = currentAuth()?.csrf;
  return csrfToken ? <input type="hidden" name={CSRF_FIELD} value={csrfToken} /> : null;
}

/** "Sign in", or the link to one's saved searches and "Sign out (name)" as a form (signing out is a POST); for an admin, the link to the users page. */
export function AccountLinks() {
  const c = tryGetContext<AuthEnv>();
  if (!c) return null;
  const auth = c.get('auth');
  if (!auth) return <a href={`/login?next=${encodeURIComponent(c.req.path)}`}>Sign in</a>;
  if (auth.via !== 'session') return null;
  return (
    <>
      <a class="watch-link" href="/watch">
        Saved searches
      </a>
      {auth.user.role === 'admin' ? (
        <a class="admin-link" href="/admin/users">
          Users
        </a>
      ) : null}
      <form method="post" action="/logout" class="signout">
        <CsrfField />
        <button type="submit">Sign out ({auth.user.name})</button>
      </form>
    </>
  );
}

