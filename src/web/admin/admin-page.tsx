import { ROLES, type Role, type TokenRow, type UserRow } from '../../store/accounts.js';
import { Layout } from '../layout.js';
import { CsrfField } from '../session-ui.js';
import { MIN_PASSWORD } from './account-rules.js';

/** What the last change did, said once on the page it led back to. */
export interface AdminNotice {
  added?: string;
  removed?: string;
  changed?: string;
  revoked?: string;
}

export interface AdminUsersProps {
  users: UserRow[];
  tokens: TokenRow[];
  /** The admin looking: he may neither remove himself nor change his own role. */
  me: UserRow;
  notice: AdminNotice;
  /** Why the last form was refused. */
  error?: string;
  /** The add form as it was sent, shown again after a refusal (never the password). */
  draft?: { name: string; role: Role };
}

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function NoticeText(props: { notice: AdminNotice; users: UserRow[] }) {
  const n = props.notice;
  const roleOf = (name: string) => props.users.find((u) => u.name === name)?.role;
  const text = n.added
    ? `Added ${n.added}.`
    : n.removed
      ? `Removed ${n.removed}; the user's tokens and sessions went too.`
      : n.changed && roleOf(n.changed)
        ? `${n.changed} is now ${roleOf(n.changed) === 'admin' ? 'an' : 'a'} ${roleOf(n.changed)}.`
        : n.revoked
          ? `Revoked token ${n.revoked}.`
          : null;
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

function RoleOptions(props: { selected: Role }) {
  return (
    <>
      {ROLES.map((r) => (
        <option value={r} selected={r === props.selected}>
          {r}
        </option>
      ))}
    </>
  );
}

function UsersTable(props: { users: UserRow[]; me: UserRow }) {
  return (
    <table class="counts accounts">
      <thead>
        <tr>
          <th>Name</th>
          <th>Role</th>
          <th>Remove</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => {
          const self = u.id === props.me.id;
          return (
            <tr>
              <td>
                <strong>{u.name}</strong>
                {self ? ' (you)' : null}
                <small>
                  since <time datetime={u.createdAt}>{day(u.createdAt)}</time>
                </small>
              </td>
              <td>
                {self ? (
                  u.role
                ) : (
                  <form method="post" action="/admin/users/role" class="inline">
                    <CsrfField />
                    <input type="hidden" name="name" value={u.name} />
                    <select name="role" aria-label={`Role of ${u.name}`}>
                      <RoleOptions selected={u.role} />
                    </select>{' '}
                    <button type="submit" aria-label={`Change the role of ${u.name}`}>
                      Change
                    </button>
                  </form>
                )}
              </td>
              <td>
                {self ? null : (
                  // Behind a disclosure: one stray click must not remove anyone.
                  <details class="remove">
                    <summary>Remove…</summary>
                    <form method="post" action="/admin/users/remove">
                      <CsrfField />
                      <input type="hidden" name="name" value={u.name} />
                      <button type="submit">Remove {u.name}</button>
                    </form>
                  </details>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TokensTable(props: { tokens: TokenRow[] }) {
  if (!props.tokens.length) return <p>No API tokens. Make one with <code>wirewatch token add USER --scope read|write|admin</code>.</p>;
  return (
    <table class="counts accounts">
      <thead>
        <tr>
          <th class="n">No.</th>
          <th>User and scope</th>
          <th>Made and last used</th>
          <th>Revoke</th>
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((t) => (
          <tr>
            <td class="n">{t.id}</td>
            <td>
              {t.userName}
              <small>{t.scope}</small>
            </td>
            <td>
              <time datetime={t.createdAt}>{day(t.createdAt)}</time>
              <small>{t.lastUsedAt ? <>used <time datetime={t.lastUsedAt}>{minute(t.lastUsedAt)}</time></> : 'never used'}</small>
            </td>
            <td>
              <form method="post" action="/admin/tokens/revoke">
                <CsrfField />
                <input type="hidden" name="id" value={String(t.id)} />
                <button type="submit" aria-label={`Revoke token ${t.id} of ${t.userName}`}>
                  Revoke
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddUserForm(props: { draft?: { name: string; role: Role } }) {
  return (
    <form method="post" action="/admin/users" class="add-user">
      <CsrfField />
      <p>
        <label for="new-name">Name</label>
        <br />
        <input id="new-name" name="name" type="text" required maxlength={64} autocomplete="off" value={props.draft?.name ?? ''} />
      </p>
      <p>
        <label for="new-role">Role</label>
        <br />
        <select id="new-role" name="role">
          <RoleOptions selected={props.draft?.role ?? 'reader'} />
        </select>
      </p>
      <p>
        <label for="new-password">Initial password</label> <small>(at least {MIN_PASSWORD} characters)</small>
        <br />
        <input id="new-password" name="password" type="password" required minlength={MIN_PASSWORD} autocomplete="new-password" />
      </p>
      <p>
        <button type="submit">Add user</button>
      </p>
    </form>
  );
}

/** /admin/users: who may read and change this archive, and the API tokens that act for them. */
export function AdminUsersPage(props: AdminUsersProps) {
  return (
    <Layout title="Users and tokens">
      <h1>Users and tokens</h1>
      <p class="meta">
        Readers read a private archive; editors also review names; admins also manage users, crawls and settings. A token acts for its user,
        never beyond its scope.
      </p>
      <NoticeText notice={props.notice} users={props.users} />
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <h2>Users</h2>
      <UsersTable users={props.users} me={props.me} />
      <h2>Add a user</h2>
      <AddUserForm draft={props.draft} />
      <h2>API tokens</h2>
      <TokensTable tokens={props.tokens} />
    </Layout>
  );
}
