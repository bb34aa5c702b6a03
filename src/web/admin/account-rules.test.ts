import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import type { UserRow } from '../../store/accounts.js';
import { changeRole, removeUser } from './account-rules.js';

describe.each(testBackends())('the last admin ($name)', (backend) => {
  let store: Store;
  let last: UserRow;
  /** An admin demoted by another admin while his own request was under way: his check passed, the rule still holds. */
  let demoted: UserRow;

  beforeAll(async () => {
    store = await openStore(await backend.location());
    last = await store.accounts.addUser('ada', 'admin', 'a-long-password');
    demoted = await store.accounts.addUser('bert', 'editor', 'a-long-password');
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('is never removed nor given a lower role', async () => {
    expect(await removeUser(store.accounts, demoted, 'ada')).toEqual({ ok: false, refusal: { status: 403, message: expect.stringContaining('last admin') } });
    expect(await changeRole(store.accounts, demoted, 'ada', 'editor')).toEqual({ ok: false, refusal: { status: 403, message: expect.stringContaining('last admin') } });
    expect(await store.accounts.getUser('ada')).toMatchObject({ id: last.id, role: 'admin' });
  });

  it('may lose the role once there is another admin', async () => {
    expect(await changeRole(store.accounts, demoted, 'bert', 'admin')).toMatchObject({ ok: false }); // his own role
    await store.accounts.setRole('bert', 'admin');
    expect(await changeRole(store.accounts, { ...demoted, role: 'admin' }, 'ada', 'editor')).toMatchObject({ ok: true, value: { name: 'ada', role: 'editor' } });
    expect(await store.accounts.setRole('nobody', 'admin')).toBe(false);
  });
});
