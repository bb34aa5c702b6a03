import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { analyzeImage, hammingDistance } from './analyze.js';
import { cropProbeHashes } from './analyze.js';
import { PROBE_WINDOWS } from './crop-probes.js';

it('reaches a tight centred crop that the whole-picture hash misses', async () => {
  const group = new Uint8Array(readFileSync(join(import.meta.dirname, '../../testdata/photos/group.jpg')));
  const { width, height } = await sharp(group).metadata();
  const w = Math.round(width! * 0.75), h = Math.round(height! * 0.75);
  const crop = await sharp(group).extract({ left: Math.round((width! - w) / 2), top: Math.round((height! - h) / 2), width: w, height: h }).jpeg({ quality: 80 }).toBuffer();
  const [whole, cropped] = await Promise.all([analyzeImage(group), analyzeImage(new Uint8Array(crop))]);
  if (!whole.ok || !cropped.ok) throw new Error('analysis failed');
  expect(hammingDistance(whole.facts.phash, cropped.facts.phash)).toBeGreaterThan(10);
  const probes = await cropProbeHashes(group);
  expect(probes).toHaveLength(PROBE_WINDOWS.length);
  expect(Math.min(...probes.map((p) => hammingDistance(p, cropped.facts.phash)))).toBeLessThanOrEqual(10);
});
