import type { Hono } from 'hono';
import type { AccountStore, Role } from '../../store/accounts.js';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'a-long-password';

/** The value of one cookie set by a response. */
export function setCookie(res: Response, name: string): string | undefined {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

export function hiddenCsrf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** Signs in through the login form as a browser would (adding the user first when needed): the session cookie and its CSRF token. */
export async function signIn(app: Hono, accounts: AccountStore, name: string, role: Role): Promise<{ cookie: string; csrf: string }> {
  if (!(await accounts.getUser(name))) await accounts.addUser(name, role, PASSWORD);
  const form = await app.request('/login');
  const loginCookie = setCookie(form, 'wirewatch_login')!;
  const res = await app.request('/login', {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: `wirewatch_login=${loginCookie}` },
    body: new URLSearchParams({ name, password: PASSWORD, _csrf: hiddenCsrf(await form.text())!, next: '/' }),
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = `wirewatch_session=${setCookie(res, 'wirewatch_session')}`;
  const page = await (await app.request('/login', { headers: { cookie } })).text();
  return { cookie, csrf: hiddenCsrf(page.slice(page.indexOf('action="/logout"')))! };
}
