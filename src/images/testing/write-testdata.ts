// Writes the committed sample photos in testdata/photos/ from the scene generator:
//   npx tsx src/images/testing/write-testdata.ts
// A group photo, the same with one figure painted out, rescaled, cropped, and a different scene; the
// painted-out figure's box is in truth.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeScene } from './scenes.js';

const dir = join(import.meta.dirname, '../../../testdata/photos');
mkdirSync(dir, { recursive: true });
const scene = makeScene(2);
const victim = 3;
const raw = (px: Uint8Array, s = scene) => sharp(px, { raw: { width: s.width, height: s.height, channels: 3 } });
const original = await raw(scene.draw()).jpeg({ quality: 90 }).toBuffer();
const other = makeScene(4);
const files: Record<string, Buffer> = {
  'group.jpg': original,
  'group-painted-out.jpg': await raw(scene.draw([victim])).jpeg({ quality: 85 }).toBuffer(),
  'group-rescaled.jpg': await sharp(original).resize(Math.round(scene.width * 0.6)).jpeg({ quality: 75 }).toBuffer(),
  'group-cropped.jpg': await sharp(original).extract({ left: 80, top: 60, width: 440, height: 330 }).jpeg({ quality: 85 }).toBuffer(),
  'other-scene.jpg': await raw(other.draw(), other).jpeg({ quality: 90 }).toBuffer(),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
const f = scene.figures[victim];
const truth = { paintedOut: { x: f.x / scene.width, y: f.y / scene.height, w: f.w / scene.width, h: f.h / scene.height } };
writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
console.log(`wrote ${Object.keys(files).length} photos to ${dir}`);
