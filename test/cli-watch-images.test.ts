import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE_TSX, tempDir } from './helpers.js';

const cli = (args: string[]) => spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, ...args], { encoding: 'utf8' });

describe('wirewatch watch add: image alerts', () => {
  it('saves a search with the image kinds on, and without them under --no-images', { timeout: 120_000 }, () => {
    const db = join(tempDir(), 'watch.db');
    const on = cli(['watch', 'add', 'Photos', '--query', 'farm', '--json', '--db', db]);
    expect(on.stderr).toBe('');
    expect(JSON.parse(on.stdout).notify).toEqual({ new: true, edited: true, removed: true, restored: true, imageEdited: true, imageReplaced: true, imageRemoved: true });
    const off = cli(['watch', 'add', 'Text only', '--query', 'farm', '--no-images', '--json', '--db', db]);
    expect(JSON.parse(off.stdout).notify).toEqual({ new: true, edited: true, removed: true, restored: true, imageEdited: false, imageReplaced: false, imageRemoved: false });
  });
});
