import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageFrom, pageOfList, ParamError } from './cursor.js';

const events = { list: 'events', filter: 'edited' };

describe('cursors', () => {
  it('carry a key back exactly, as base64url', () => {
    const c = encodeCursor(events, ['2024-01-01T00:00:00Z', 42]);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, events, ['s', 'n'])).toEqual(['2024-01-01T00:00:00Z', 42]);
    expect(decodeCursor(undefined, events, ['s', 'n'])).toBeNull();
    expect(decodeCursor('', events, ['s', 'n'])).toBeNull();
  });

  it.each([
    ['not base64', 'a b'],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['another list', encodeCursor({ list: 'stories', filter: 'edited' }, ['x', 1])],
    ['other parameters', encodeCursor({ list: 'events', filter: 'removed' }, ['x', 1])],
    ['a key of another shape', encodeCursor(events, ['x'])],
    ['a number where a string goes', encodeCursor(events, [1, 1])],
    ['an unsafe integer', encodeCursor(events, ['x', 2 ** 60])],
    ['a fraction', encodeCursor(events, ['x', 1.5])],
    ['too long', 'A'.repeat(5000)],
  ])('refuse %s as a ParamError naming the cursor', (_, raw) => {
    expect(() => decodeCursor(raw, events, ['s', 'n'])).toThrow(ParamError);
    try {
      decodeCursor(raw, events, ['s', 'n']);
    } catch (e) {
      expect((e as ParamError).toJSON()).toMatchObject({ error: 'bad_request', parameter: 'cursor', message: expect.stringMatching(/^cursor: /) });
    }
  });

  it('page a list held in memory after a key, in either order, with a cursor only when more follow', () => {
    const id = { list: 'users' };
    const names = ['cy', 'ana', 'bo', 'di', 'ed'].map((name) => ({ name }));
    const keyOf = (u: { name: string }) => [u.name];
    const first = pageOfList(names, { id, keyOf, order: 'asc', after: null, limit: 2 });
    expect(first.items.map((u) => u.name)).toEqual(['ana', 'bo']);
    const second = pageOfList(names, { id, keyOf, order: 'asc', after: decodeCursor(first.next!, id, ['s']), limit: 2 });
    expect(second.items.map((u) => u.name)).toEqual(['cy', 'di']);
    const last = pageOfList(names, { id, keyOf, order: 'asc', after: decodeCursor(second.next!, id, ['s']), limit: 2 });
    expect(last).toEqual({ items: [{ name: 'ed' }], next: null });
    const down = pageOfList(names, { id, keyOf, order: 'desc', after: ['cy'], limit: 5 });
    expect(down.items.map((u) => u.name)).toEqual(['bo', 'ana']);
    expect(pageFrom([1, 2], 2, id, (n) => [String(n)]).next).toBeNull();
    expect(pageFrom([1, 2, 3], 2, id, (n) => [String(n)]).next).not.toBeNull();
  });
});
