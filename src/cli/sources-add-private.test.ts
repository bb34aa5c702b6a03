import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLI, NODE_TSX, tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import { addFeedSourceCommand, specialAddressesOf } from './sources-command.js';

afterEach(() => vi.restoreAllMocks());

const slugsIn = async (db: string) => {
  const store = await openStore(db);
  try {
    return (await store.crawl.crawlSources()).map((s) => s.slug);
  } finally {
    await store.close();
  }
};

describe('sources add and private addresses', () => {
  it('finds private and special-purpose addresses of a host, literal or resolved', async () => {
    expect(await specialAddressesOf('127.0.0.1')).toEqual([{ address: '127.0.0.1', why: 'loopback' }]);
    expect(await specialAddressesOf('[64:ff9b::a9fe:a9fe]')).toEqual([{ address: '64:ff9b::a9fe:a9fe', why: 'NAT64, carrying 169.254.169.254' }]);
    expect(await specialAddressesOf('175.45.176.1')).toEqual([]);
    const resolve = async () => ['175.45.176.1', '10.0.0.7'];
    expect(await specialAddressesOf('mirror.example', resolve)).toEqual([{ address: '10.0.0.7', why: 'private' }]);
    expect(await specialAddressesOf('gone.example', async () => Promise.reject(new Error('ENOTFOUND')))).toEqual([]);
  });

  it('refuses a private feed without --allow-private, naming the address and the option; nothing is added', async () => {
    const db = join(tempDir(), 's.db');
    const resolve = async () => ['192.168.1.20'];
    await expect(addFeedSourceCommand({ feed: 'http://intranet.example/rss.xml', db, resolve })).rejects.toThrow(
      /intranet\.example is a private or special-purpose address: 192\.168\.1\.20 \(private\).*--allow-private/,
    );
    expect(await slugsIn(db)).toEqual([]);
  });

  it('with --allow-private adds it and warns', async () => {
    const db = join(tempDir(), 's.db');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await addFeedSourceCommand({ feed: 'http://[::1]:8080/feed', slug: 'local', db, allowPrivate: true });
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^warning: \[::1\] is a private or special-purpose address: ::1 \(loopback\); fetched anyway because of --allow-private\n$/);
    expect(await slugsIn(db)).toEqual(['local']);
  });

  it('a public address is added without a word on stderr', async () => {
    const db = join(tempDir(), 's.db');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await addFeedSourceCommand({ feed: 'http://175.45.176.1/rss', slug: 'pub', db });
    expect(err).not.toHaveBeenCalled();
    expect(await slugsIn(db)).toEqual(['pub']);
  });

  it('the command exits non-zero with the message', { timeout: 60_000 }, () => {
    const db = join(tempDir(), 's.db');
    const r = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'sources', 'add', '--feed', 'http://127.0.0.1:9/rss', '--db', db], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/127\.0\.0\.1 is a private or special-purpose address: 127\.0\.0\.1 \(loopback\)\..*--allow-private/);
  });
});
