import { describe, expect, it } from 'vitest';
import type { TextCapture, VersionRow } from '../store/crawl-store.js';
import { versionCapture } from './version-capture.js';

const version = (n: number, contentHash: string, seenAt: string): VersionRow => ({ n, title: 't', body: ['b'], seenAt, contentHash, current: false });
const capture = (takenAt: string, contentHash: string, httpStatus = 200): TextCapture => ({ takenAt, origin: 'crawl', url: 'https://outlet.example/1', httpStatus, rawSha256: null, contentHash });

describe('versionCapture', () => {
  // Text A, edited to B, then back to A: three versions, the first and third with the same hash.
  const versions = [version(1, 'A', '2024-05-01T00:00:00Z'), version(2, 'B', '2024-05-02T00:00:00Z'), version(3, 'A', '2024-05-03T00:00:00Z')];
  const captures = [
    capture('2024-05-01T00:00:00Z', 'A', 200),
    capture('2024-05-01T12:00:00Z', 'A', 203),
    capture('2024-05-02T00:00:00Z', 'B'),
    capture('2024-05-03T00:00:00Z', 'A', 201),
    capture('2024-05-04T00:00:00Z', 'A', 202),
  ];

  it('matches a version to the captures of its text while it was current', () => {
    expect(versionCapture(versions, captures, 1)).toEqual({ first: captures[0], importedAt: null, count: 2, lastAt: '2024-05-01T12:00:00Z' });
    expect(versionCapture(versions, captures, 2)).toEqual({ first: captures[2], importedAt: null, count: 1, lastAt: '2024-05-02T00:00:00Z' });
    // The text that came back is its own version, with its own captures.
    expect(versionCapture(versions, captures, 3)).toEqual({ first: captures[3], importedAt: null, count: 2, lastAt: '2024-05-04T00:00:00Z' });
  });

  it('cites the first HTTP capture of an imported text the crawler fetched again unchanged', () => {
    const one = [version(1, 'A', '2024-05-01T00:00:00Z')];
    const imported = { ...capture('2024-05-01T00:00:00Z', 'A', 0), origin: 'import', httpStatus: null };
    const fetched = capture('2024-05-02T00:00:00Z', 'A', 200);
    expect(versionCapture(one, [imported, fetched], 1)).toEqual({ first: fetched, importedAt: '2024-05-01T00:00:00Z', count: 2, lastAt: '2024-05-02T00:00:00Z' });
    expect(versionCapture(one, [imported], 1)).toEqual({ first: imported, importedAt: '2024-05-01T00:00:00Z', count: 1, lastAt: '2024-05-01T00:00:00Z' });
  });

  it('falls back to the first capture of the same text, and to none', () => {
    const early = [capture('2024-04-30T23:59:00Z', 'B')];
    expect(versionCapture(versions, early, 2).first).toBe(early[0]);
    expect(versionCapture(versions, [], 1)).toEqual({ first: null, importedAt: null, count: 0, lastAt: null });
    expect(versionCapture(versions, captures, 9)).toEqual({ first: null, importedAt: null, count: 0, lastAt: null });
  });
});
