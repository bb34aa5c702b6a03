import { Hono, type Context } from 'hono';
import { sniffRasterType, type ImageFormat } from '../images/analyze.js';
import { differenceOverlay } from '../images/compare.js';
import { imagesOf } from '../store/images.js';
import type { Store } from '../store/store.js';
import { apiError } from './api-errors.js';
import { NotFoundPage } from './pages/not-found.js';
import { PhotoPage } from './pages/photo-page.js';
import { similarImagesOf } from './similar-images.js';
import { OverlayCache } from './overlay-cache.js';

const SHA256 = /^[0-9a-f]{64}$/;
/** Stored images never change under their address. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const MIME: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', tiff: 'image/tiff' };
/** Near-duplicates within this many bits of 64 by default, and at most. */
const DEFAULT_DISTANCE = 10;
const MAX_DISTANCE = 16;
const MAX_SIMILAR = 100;

/**
 * Serves stored bytes only as the raster type they sniff as (never as SVG, HTML or what the outlet
 * claimed); anything else is refused. The site's security headers (CSP, nosniff) apply as on every response.
 */
function rasterResponse(c: Context, bytes: Buffer | null): Response {
  if (!bytes) return c.text('No such image in this archive.', 404);
  const format = sniffRasterType(bytes);
  if (!format) return c.text('This stored file is not a raster image and is not served.', 415);
  return c.body(new Uint8Array(bytes), 200, { 'content-type': MIME[format], 'cache-control': IMMUTABLE, 'content-disposition': 'inline' });
}

/** Image files, the difference overlay, the photo page and `GET /api/images/similar`. */
export function imageRoutes(store: Store): Hono {
  const app = new Hono();
  const images = imagesOf(store);
  const stored = (sha: string, which: 'image' | 'thumbnail') => (SHA256.test(sha) ? images.imageData(sha, which) : Promise.resolve(null));
  app.get('/images/:sha256', async (c) => rasterResponse(c, await stored(c.req.param('sha256'), 'image')));
  app.get('/images/:sha256/thumb', async (c) => rasterResponse(c, await stored(c.req.param('sha256'), 'thumbnail')));
  const overlays = new OverlayCache(async (key) => {
    const [oldSha, newSha] = key.split(' ');
    const [a, b] = await Promise.all([images.imageData(oldSha, 'image'), images.imageData(newSha, 'image')]);
    return differenceOverlay(a!, b!);
  });
  app.get('/images/diff/:old/:new', async (c) => {
    const file = /^([0-9a-f]{64})\.png$/.exec(c.req.param('new'));
    const old = c.req.param('old');
    const known = file && SHA256.test(old) ? await Promise.all([images.image(old), images.image(file[1])]) : [null, null];
    if (!known[0] || !known[1]) return c.text('No such image in this archive.', 404);
    const png = await overlays.get(`${old} ${file![1]}`);
    if (!png) return c.text('Too many difference overlays are being drawn; try again in a moment.', 503, { 'retry-after': '5' });
    return rasterResponse(c, Buffer.from(png));
  });
  app.get('/photos/:sha256', async (c) => {
    const sha = c.req.param('sha256');
    const image = SHA256.test(sha) ? await images.image(sha) : null;
    if (!image) return c.html(<NotFoundPage what={`There is no image ${sha} in this archive.`} />, 404);
    const similar = await similarImagesOf(store).similar(image.phash, DEFAULT_DISTANCE, 12, sha);
    const [appearances, imports, variants, edits] = await Promise.all([
      images.appearances([sha]),
      images.imports(sha),
      Promise.all(similar.map(async (s) => ({ ...s, image: await images.image(s.sha256) }))),
      images.editsFrom(sha, similar.map((s) => s.sha256)),
    ]);
    const shown = variants.filter((v) => v.image !== null).map((v) => ({ sha256: v.sha256, distance: v.distance, image: v.image!, edited: edits.get(v.sha256) ?? null }));
    return c.html(<PhotoPage image={image} appearances={appearances} imports={imports} variants={shown} />);
  });
  app.get('/api/images/similar', async (c) => {
    const sha = c.req.query('sha256') ?? '';
    if (!SHA256.test(sha)) return apiError(c, 400, 'sha256 must be 64 lowercase hexadecimal digits');
    const raw = c.req.query('distance');
    const distance = raw === undefined ? DEFAULT_DISTANCE : Number(raw);
    if (!Number.isInteger(distance) || distance < 0 || distance > MAX_DISTANCE) return apiError(c, 400, `distance must be a whole number from 0 to ${MAX_DISTANCE}`);
    const image = await images.image(sha);
    if (!image) return apiError(c, 404, `there is no image ${sha} in this archive`);
    const similar = await similarImagesOf(store).similar(image.phash, distance, MAX_SIMILAR, sha);
    const seen = await images.appearances(similar.map((s) => s.sha256));
    return c.json({
      sha256: sha,
      items: similar.map((s) => ({
        sha256: s.sha256,
        distance: s.distance,
        articles: seen.filter((a) => a.sha256 === s.sha256).map((a) => ({ id: a.articleId, url: a.url, source: a.source, published: a.published })),
      })),
    });
  });
  return app;
}
