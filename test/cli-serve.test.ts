import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
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

const portOf = (line: string) => Number(/:(\d+)[ \n]/.exec(line)![1]);
const otherAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('wirewatch serve: where it listens', () => {
  it('listens on loopback only unless told otherwise, and says where', async () => {
    const line = await serve([], { WIREWATCH_HOST: '' });
    expect(line).toMatch(/^Wirewatch serving .* on http:\/\/127\.0\.0\.1:\d+[ \n]/);
    const port = portOf(line);
    expect((await fetch(`http://127.0.0.1:${port}/api/stats`)).status).toBe(200);
    const other = otherAddress();
    // From another interface of this machine the archive is not reachable.
    if (other) await expect(fetch(`http://${other}:${port}/api/stats`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });

  it('takes --host, or WIREWATCH_HOST', async () => {
    const all = await serve(['--host', '0.0.0.0']);
    expect(all).toMatch(/on http:\/\/0\.0\.0\.0:\d+[ \n]/);
    const other = otherAddress();
    if (other) expect((await fetch(`http://${other}:${portOf(all)}/api/stats`)).status).toBe(200);
    const v6 = await serve([], { WIREWATCH_HOST: '::1' });
    expect(v6).toMatch(/on http:\/\/\[::1\]:\d+[ \n]/);
    expect((await fetch(`http://[::1]:${portOf(v6)}/api/stats`)).status).toBe(200);
  });
});

/** A GET over a connection of its own (so the server may hand it to any of its workers). */
function getOnNewConnection(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('wirewatch serve: worker processes', () => {
  it('serves from several workers that share one rate limit', async () => {
    const line = await serve(['--workers', '2'], { WIREWATCH_API_RATE_LIMIT: '4' });
    expect(line).toMatch(/\(2 worker processes\)\n/);
    const port = portOf(line);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await getOnNewConnection(port, '/api/stats'));
    // Counted in one place: the fifth request is refused whichever worker takes it.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('says plainly when the port is taken, and stops', async () => {
    const first = await serve(['--workers', '1']);
    const port = portOf(first);
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'serve', '--port', String(port), '--workers', '2', '--db', join(tempDir(), 'x.db')], {
      env: { ...process.env, WIREWATCH_HOST: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/127\.0\.0\.1 port \d+ is already in use/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('takes --workers from 1 to 64 only', async () => {
    await expect(serve(['--workers', '0'])).rejects.toThrow(/--workers: give a whole number from 1 to 64/);
  });
});
