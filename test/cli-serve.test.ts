import { spawn, type ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, NODE_TSX, tempDir } from './helpers.js';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.kill('SIGKILL');
});

/** Starts `wirewatch serve` on a free port and resolves with the first line it prints. */
function serve(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'serve', '--port', '0', '--db', join(tempDir(), 'w.db'), ...args], {
    env: { ...process.env, WIREWATCH_HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

const portOf = (line: string) => Number(/:(\d+)\n/.exec(line)![1]);
const otherAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('wirewatch serve: where it listens', () => {
  it('listens on loopback only unless told otherwise, and says where', async () => {
    const line = await serve([], { WIREWATCH_HOST: '' });
    expect(line).toMatch(/^Wirewatch serving .* on http:\/\/127\.0\.0\.1:\d+\n/);
    const port = portOf(line);
    expect((await fetch(`http://127.0.0.1:${port}/api/stats`)).status).toBe(200);
    const other = otherAddress();
    // From another interface of this machine the archive is not reachable.
    if (other) await expect(fetch(`http://${other}:${port}/api/stats`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });

  it('takes --host, or WIREWATCH_HOST', async () => {
    const all = await serve(['--host', '0.0.0.0']);
    expect(all).toMatch(/on http:\/\/0\.0\.0\.0:\d+\n/);
    const other = otherAddress();
    if (other) expect((await fetch(`http://${other}:${portOf(all)}/api/stats`)).status).toBe(200);
    const v6 = await serve([], { WIREWATCH_HOST: '::1' });
    expect(v6).toMatch(/on http:\/\/\[::1\]:\d+\n/);
    expect((await fetch(`http://[::1]:${portOf(v6)}/api/stats`)).status).toBe(200);
  });
});
