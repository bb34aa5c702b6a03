import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzeImage, hammingDistance, sniffRasterType } from './analyze.js';
import { makeScene } from './testing/scenes.js';

async function sceneJpeg(seed: number, quality = 88): Promise<Uint8Array> {
  const scene = makeScene(seed);
  return new Uint8Array(await sharp(scene.draw(), { raw: { width: scene.width, height: scene.height, channels: 3 } }).jpeg({ quality }).toBuffer());
}

/** A valid PNG header that declares width × height, with a few bytes of real pixel data after it. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]));
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('analyzeImage', () => {
  it('measures a photo: digest, size, format, perceptual hash and a 320 px JPEG thumbnail', async () => {
    const bytes = await sceneJpeg(3);
    const result = await analyzeImage(bytes);
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts).toMatchObject({ bytes: bytes.length, width: 600, height: 450, format: 'jpeg' });
    expect(result.facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.facts.phash).toMatch(/^[0-9a-f]{16}$/);
    const thumb = await sharp(result.thumbnail).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['jpeg', 320, 240]);
  });

  it('gives copies of one photo nearby hashes and different photos distant ones', async () => {
    const original = await sceneJpeg(11);
    const smaller = new Uint8Array(await sharp(original).resize(300).webp({ quality: 60 }).toBuffer());
    const [a, b, c] = await Promise.all([analyzeImage(original), analyzeImage(smaller), analyzeImage(await sceneJpeg(12))]);
    if (!a.ok || !b.ok || !c.ok) throw new Error('analysis failed');
    expect(b.facts.format).toBe('webp');
    expect(hammingDistance(a.facts.phash, b.facts.phash)).toBeLessThanOrEqual(4);
    expect(hammingDistance(a.facts.phash, c.facts.phash)).toBeGreaterThan(12);
  });

  it('reads PNG, GIF, WebP, AVIF and TIFF, applying EXIF orientation to the size', async () => {
    const base = sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } });
    for (const [format, bytes] of [
      ['png', await base.clone().png().toBuffer()],
      ['gif', await base.clone().gif().toBuffer()],
      ['webp', await base.clone().webp().toBuffer()],
      ['avif', await base.clone().avif().toBuffer()],
      ['tiff', await base.clone().tiff().toBuffer()],
    ] as const) {
      const result = await analyzeImage(new Uint8Array(bytes));
      expect(result.ok && result.facts.format).toBe(format);
    }
    const rotated = await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const result = await analyzeImage(new Uint8Array(rotated));
    expect(result.ok && [result.facts.width, result.facts.height]).toEqual([30, 40]);
  });
});

describe('hostile input is refused in one line, never thrown', () => {
  it('a decompression bomb: a small PNG declaring 40000×40000 pixels', async () => {
    const bomb = pngDeclaring(40000, 40000);
    expect(bomb.length).toBeLessThan(200);
    expect(await analyzeImage(bomb)).toEqual({ ok: false, reason: 'decompression bomb: 40000×40000 px over the 50 M px limit' });
    expect(await analyzeImage(pngDeclaring(2000, 2000), { maxPixels: 1_000_000 })).toEqual({ ok: false, reason: 'decompression bomb: 2000×2000 px over the 1 M px limit' });
  });

  it('a truncated JPEG, and a PNG whose pixel data runs out', async () => {
    const jpeg = await sceneJpeg(5);
    expect(await analyzeImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toEqual({ ok: false, reason: 'truncated or corrupt jpeg' });
    expect(await analyzeImage(jpeg.subarray(0, 40))).toEqual({ ok: false, reason: 'truncated or corrupt jpeg' });
    expect(await analyzeImage(pngDeclaring(300, 300))).toEqual({ ok: false, reason: 'truncated or corrupt png' });
  });

  it('markup: SVG with a script, HTML served as an image, XML', async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>';
    expect(await analyzeImage(text(svg))).toEqual({ ok: false, reason: 'not a raster image (svg)' });
    expect(await analyzeImage(text('\uFEFF  <svg><rect/></svg>'))).toEqual({ ok: false, reason: 'not a raster image (svg)' });
    expect(await analyzeImage(text('<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>'))).toEqual({ ok: false, reason: 'not a raster image (html)' });
    expect(sniffRasterType(text('<html><img src=x onerror=alert(1)>'))).toBeNull();
  });

  it('a 50 MB body, an empty one, and bytes of no known format', async () => {
    const huge = new Uint8Array(50 * 1024 * 1024);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await analyzeImage(huge)).toEqual({ ok: false, reason: 'too large: 50 MiB over the 20 MiB limit' });
    expect(await analyzeImage(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty file' });
    expect(await analyzeImage(text('BM\0\0\0\0\0\0\0\0\0\0\0\0'))).toEqual({ ok: false, reason: 'unsupported image format (bmp)' });
    expect(await analyzeImage(new Uint8Array(64).fill(7))).toEqual({ ok: false, reason: 'not a recognised image format' });
  });
});

describe('sniffRasterType', () => {
  it('goes by the leading bytes only', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer());
    expect(sniffRasterType(png)).toBe('png');
    expect(sniffRasterType(text('GIF89a\x01\x00\x01\x00\x00\x00'))).toBe('gif');
    expect(sniffRasterType(text('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffRasterType(text('II*\0\0\0\0\0\0\0\0\0'))).toBe('tiff');
    expect(sniffRasterType(text('\0\0\0\x1cftypheic\0\0\0\0mif1heic'))).toBeNull();
  });
});
