import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { openStore } from '../../store/open-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import type { UserRow } from '../../store/accounts.js';
import { changeRole, removeUser } from './account-rules.js';

let store: SqliteStore;
let last: UserRow;
/** An admin demoted by another admin while his own request was under way: his check passed, the rule still holds. */
let demoted: UserRow;

beforeAll(async () => {
  store = await openStore(join(tempDir(), 'rules.db'));
  last = await store.accounts.addUser('ada', 'admin', 'a-long-password');
  demoted = await store.accounts.addUser('bert', 'editor', 'a-long-password');
});
afterAll(async () => store.close());

describe('the last admin', () => {
  it('is never removed nor given a lower role', () => {
    expect(removeUser(store.accounts, demoted, 'ada')).toEqual({ ok: false, refusal: { status: 403, message: expect.stringContaining('last admin') } });
    expect(changeRole(store.accounts, demoted, 'ada', 'editor')).toEqual({ ok: false, refusal: { status: 403, message: expect.stringContaining('last admin') } });
    expect(store.accounts.getUser('ada')).toMatchObject({ id: last.id, role: 'admin' });
  });

  it('may lose the role once there is another admin', () => {
    expect(changeRole(store.accounts, demoted, 'bert', 'admin')).toMatchObject({ ok: false }); // his own role
    store.accounts.setRole('bert', 'admin');
    expect(changeRole(store.accounts, { ...demoted, role: 'admin' }, 'ada', 'editor')).toMatchObject({ ok: true, value: { name: 'ada', role: 'editor' } });
    expect(store.accounts.setRole('nobody', 'admin')).toBe(false);
  });
});
