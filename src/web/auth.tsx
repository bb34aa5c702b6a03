import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { LEVEL, type AccountStore, type Role } from '../store/accounts.js';
import { randomToken, SESSION_TTL_MS } from '../store/account-secrets.js';
import { Layout } from './layout.js';
import { CSRF_FIELD, type Auth, type AuthEnv } from './session-ui.js';

export { CSRF_FIELD, type Auth, type AuthEnv };

export const SESSION_COOKIE = 'wirewatch_session';
/** The login form's CSRF token, double-submitted (cookie and hidden field): there is no session yet. */
export const LOGIN_CSRF_COOKIE = 'wirewatch_login';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE = /^(GET|HEAD|OPTIONS)$/;
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
/** Open to everyone even in a private archive. */
const isOpen = (path: string) => path === '/login' || path === '/logout' || path === '/favicon.ico' || path.startsWith('/static/');
/** A saved search's feed read with its feed token: feed readers cannot sign in, and the route checks the token. */
const isTokenFeed = (c: Context) => SAFE.test(c.req.method) && c.req.path.startsWith('/feeds/saved/') && !!c.req.query('token');

/** The request came over TLS (directly, or through a proxy that says so). */
function overTls(c: Context): boolean {
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0].trim().toLowerCase();
  return proto ? proto === 'https' : new URL(c.req.url).protocol === 'https:';
}

/** This server's origin as the browser sees it (behind a proxy: the forwarded scheme and host). */
export function ownOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const host = c.req.header('x-forwarded-host')?.split(',')[0].trim() || c.req.header('host') || url.host;
  return `${overTls(c) ? 'https' : 'http'}://${host}`;
}

/**
 * A write not from one of this server's pages: Sec-Fetch-Site (set by the browser, never by a page) says
 * so, or, from a browser without it, the Origin is not ours. (Sec-Fetch-Site comes first: under
 * `Referrer-Policy: no-referrer` a browser sends `Origin: null` even from our own forms.)
 */
function crossOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site) return site !== 'same-origin';
  const origin = c.req.header('origin');
  return origin !== undefined && origin !== ownOrigin(c);
}

/** Only a path on this server (never `//host` or a scheme) is followed after login. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

const denied = (c: Context, status: 401 | 403, message: string) => {
  if (isApi(c.req.path) || c.req.header('authorization')) {
    if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="wirewatch"');
    return c.json({ error: status === 401 ? 'unauthorized' : 'forbidden', message }, status);
  }
  return c.html(<Refused status={status} message={message} />, status);
};

const toLogin = (c: Context) => c.redirect(`/login?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 303);

async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  const v = (await c.req.parseBody())[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Resolves the user of every request (session cookie or Bearer token), keeps a private archive behind
 * login, and guards every state-changing request: a user with at least the editor role (a token with
 * at least the write scope), the request from this origin, and, with a session, the session's CSRF token.
 * Routes that need more (admin) add `requireRole`.
 */
export function authMiddleware(accounts: AccountStore, opts: { private: boolean }): MiddlewareHandler<AuthEnv> {
  const originCheck = csrf({ origin: (origin, c) => origin === ownOrigin(c) });
  return async (c, next) => {
    let auth: Auth | null = null;
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const found = m ? await accounts.resolveToken(m[1]) : null;
      if (!found) {
        c.header('WWW-Authenticate', 'Bearer realm="wirewatch", error="invalid_token"');
        return c.json({ error: 'unauthorized', message: 'unknown or revoked token' }, 401);
      }
      auth = { user: found.user, via: 'token', level: Math.min(LEVEL[found.user.role], LEVEL[found.scope]) };
    } else {
      const sid = getCookie(c, SESSION_COOKIE);
      const session = sid ? await accounts.resolveSession(sid) : null;
      if (session) auth = { user: session.user, via: 'session', level: LEVEL[session.user.role], csrf: session.csrf, sessionId: sid };
      else if (sid) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    }
    c.set('auth', auth);
    const path = c.req.path;

    if (opts.private && !auth && !isOpen(path) && !isTokenFeed(c)) {
      if (isApi(path)) return denied(c, 401, 'this archive is private: sign in or give a token');
      return toLogin(c);
    }
    if (SAFE.test(c.req.method)) return next();

    // Writes. A browser sends cookies along with requests other sites make: refuse those first.
    if (auth?.via !== 'token') {
      if (crossOrigin(c)) return denied(c, 403, 'a change must come from this site');
      await originCheck(c, async () => {});
    }
    if (path === '/login') return next();
    if (!auth) return isApi(path) ? denied(c, 401, 'sign in or give a token') : toLogin(c);
    if (auth.via === 'session') {
      const given = c.req.header(CSRF_HEADER) ?? (await formField(c, CSRF_FIELD));
      if (given !== auth.csrf) return denied(c, 403, 'the form has expired or did not come from this site: reload it and try again');
    }
    if (path === '/logout') return next();
    if (auth.level < LEVEL.editor) return denied(c, 403, auth.via === 'token' ? 'this token may only read' : 'readers may not change the archive');
    return next();
  };
}

/** A route only for users with at least this role (and tokens with at least the matching scope). */
export function requireRole(role: Role): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const auth = c.get('auth');
    if (!auth) return isApi(c.req.path) ? denied(c, 401, 'sign in or give a token') : toLogin(c);
    if (auth.level < LEVEL[role]) return denied(c, 403, `this needs the ${role} role`);
    return next();
  };
}

function Refused(props: { status: number; message: string }) {
  return (
    <Layout title={props.status === 401 ? 'Sign in needed' : 'Not allowed'}>
      <h1>{props.status === 401 ? 'Sign in needed' : 'Not allowed'}</h1>
      <p>{props.message}</p>
    </Layout>
  );
}

function LoginPage(props: { csrf: string; next: string; failed?: boolean; name?: string }) {
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      {props.failed ? <p role="alert">Wrong name or password.</p> : null}
      <form method="post" action="/login" class="login">
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>
          <label for="login-name">Name</label>
          <br />
          <input id="login-name" name="name" type="text" autocomplete="username" value={props.name ?? ''} />
        </p>
        <p>
          <label for="login-password">Password</label>
          <br />
          <input id="login-password" name="password" type="password" autocomplete="current-password" />
        </p>
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </Layout>
  );
}

/** /login (form and POST) and /logout (POST). */
export function authRoutes(accounts: AccountStore): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const cookie = (c: Context, maxAge: number) => ({ httpOnly: true, sameSite: 'Lax' as const, path: '/', secure: overTls(c), maxAge });

  const loginForm = (c: Context<AuthEnv>, status: 200 | 401 | 403, extra: { failed?: boolean; name?: string; next?: string } = {}) => {
    const token = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, token, cookie(c, 3600));
    return c.html(<LoginPage csrf={token} next={safeNext(extra.next ?? c.req.query('next'))} failed={extra.failed} name={extra.name} />, status);
  };

  app.get('/login', (c) => loginForm(c, 200));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const expected = getCookie(c, LOGIN_CSRF_COOKIE);
    const next = safeNext(form.next);
    if (!expected || form[CSRF_FIELD] !== expected) return loginForm(c, 403, { next });
    const name = typeof form.name === 'string' ? form.name : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const user = name && password ? await accounts.verifyPassword(name, password) : null;
    if (!user) return loginForm(c, 401, { failed: true, name, next });
    const session = await accounts.createSession(user.id);
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
    setCookie(c, SESSION_COOKIE, session.id, cookie(c, Math.floor(SESSION_TTL_MS / 1000)));
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const auth = c.get('auth');
    if (auth?.sessionId) await accounts.endSession(auth.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: overTls(c) });
    return c.redirect('/', 303);
  });
  return app;
}
