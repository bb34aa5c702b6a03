import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compareImages, differenceOverlay } from './compare.js';
import { makePair, overlap, PAIR_KINDS } from './testing/pairs.js';

const photos = join(import.meta.dirname, '../../testdata/photos');
const photo = (name: string) => new Uint8Array(readFileSync(join(photos, name)));
const truth = JSON.parse(readFileSync(join(photos, 'truth.json'), 'utf8')) as { paintedOut: { x: number; y: number; w: number; h: number } };

describe('compareImages on the sample photos', () => {
  it('calls a painted-out figure an edit and boxes where it stood', async () => {
    const change = await compareImages(photo('group.jpg'), photo('group-painted-out.jpg'));
    if (change.kind !== 'edited') throw new Error(`expected edited, got ${JSON.stringify(change)}`);
    expect(overlap(change.region, truth.paintedOut)).toBeGreaterThan(0.5);
    expect(change.score).toBeGreaterThan(0);
    expect(change.score).toBeLessThan(0.05);
  });

  it('names identical bytes, re-encodes, rescales and crops as the same picture', async () => {
    const group = photo('group.jpg');
    expect(await compareImages(group, group)).toEqual({ kind: 'same', note: 'identical' });
    const reencoded = new Uint8Array(await sharp(group).webp({ quality: 50 }).toBuffer());
    expect(await compareImages(group, reencoded)).toEqual({ kind: 'same', note: 're-encoded' });
    expect(await compareImages(group, photo('group-rescaled.jpg'))).toEqual({ kind: 'same', note: 'rescaled' });
    expect(await compareImages(group, photo('group-cropped.jpg'))).toEqual({ kind: 'same', note: 'cropped' });
    // A later, wider version of a picture first published cropped is the same picture too.
    expect(await compareImages(photo('group-cropped.jpg'), group)).toEqual({ kind: 'same', note: 'cropped' });
  });

  it('calls a different scene a replacement', async () => {
    expect(await compareImages(photo('group.jpg'), photo('other-scene.jpg'))).toEqual({ kind: 'replaced' });
  });

  it('finds the edit in a rescaled copy too, with the box relative to the new image', async () => {
    const smaller = new Uint8Array(await sharp(photo('group-painted-out.jpg')).resize(400).jpeg({ quality: 70 }).toBuffer());
    const change = await compareImages(photo('group.jpg'), smaller);
    expect(change.kind === 'edited' && overlap(change.region, truth.paintedOut)).toBeGreaterThan(0.5);
  });
});

describe('compareImages on generated pairs', () => {
  // One of each kind, from the same generator the benchmark uses for its 360 pairs.
  it.each(PAIR_KINDS.map((kind, i) => [kind, 16 + i] as const))('%s', async (_kind, index) => {
    const pair = await makePair(index);
    const change = await compareImages(pair.old, pair.new);
    expect(change.kind).toBe(pair.verdict);
    if (change.kind === 'edited') expect(overlap(change.region, pair.truth!)).toBeGreaterThan(0.3);
  });
});

describe('compareImages on plain and odd-shaped pictures', () => {
  const plain = async (width: number, height: number, background: string) =>
    new Uint8Array(await sharp({ create: { width, height, channels: 4, background } }).png().toBuffer());

  it('calls a picture of another colour replaced, and a mildly brighter copy the same', async () => {
    expect(await compareImages(await plain(8, 8, '#ff0000'), await plain(8, 8, '#00ff00'))).toEqual({ kind: 'replaced' });
    expect(await compareImages(await plain(2000, 20, '#123456'), await plain(20, 2000, '#654321'))).toEqual({ kind: 'replaced' });
    expect(await compareImages(await plain(1, 1, '#000000'), await plain(50, 50, '#00ff00'))).toEqual({ kind: 'replaced' });
    const group = photo('group.jpg');
    const brighter = new Uint8Array(await sharp(group).modulate({ brightness: 1.08 }).jpeg({ quality: 85 }).toBuffer());
    expect((await compareImages(group, brighter)).kind).toBe('same');
  });
});

describe('compareImages on bytes capture refuses', () => {
  it('throws one clear line', async () => {
    const group = photo('group.jpg');
    await expect(compareImages(group, new TextEncoder().encode('<svg onload="alert(1)"/>'))).rejects.toThrow('cannot compare images: the new one is not a raster image (svg)');
    await expect(compareImages(group.subarray(0, 5000), group)).rejects.toThrow('cannot compare images: the old one is a truncated or corrupt jpeg, or over the pixel limit');
  });
});

describe('differenceOverlay', () => {
  it('draws the new image dimmed with the changed pixels in red inside a yellow outline', async () => {
    const png = await differenceOverlay(photo('group.jpg'), photo('group-painted-out.jpg'));
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.format).toBe('raw');
    const at = (u: number, v: number) => {
      const i = (Math.floor(v * info.height) * info.width + Math.floor(u * info.width)) * info.channels;
      return [data[i], data[i + 1], data[i + 2]];
    };
    const box = truth.paintedOut;
    const [r, g, b] = at(box.x + box.w / 2, box.y + box.h / 2);
    expect(r).toBeGreaterThan(180);
    expect(g + b).toBeLessThan(200);
    const far = at(0.05, 0.05);
    expect(Math.max(...far)).toBeLessThan(110); // dimmed sky
    expect((await sharp(png).metadata()).format).toBe('png');
  });
});
