import { z } from 'zod';
import { error, html, json, text, type RouteDoc } from './route-doc.js';

const SHA = 'the image\'s SHA-256 (64 lowercase hex digits)';
const IMAGE_TYPES = { 'image/jpeg': 'the bytes as captured', 'image/png': '…', 'image/gif': '…', 'image/webp': '…', 'image/avif': '…', 'image/tiff': '…' };
const CACHED = { 'Cache-Control': 'public, max-age=31536000, immutable' };

const SimilarSchema = z.object({
  sha256: z.string(),
  items: z.array(
    z.object({
      sha256: z.string(),
      distance: z.number().int().describe('bits of the 64-bit perceptual hash that differ'),
      articles: z.array(z.object({ id: z.number().int(), url: z.string(), source: z.string(), published: z.string() })).describe('the articles it appeared in (none for an imported photo)'),
    }),
  ),
});

/** Captured images: files, the difference overlay, the photo page and near-duplicates (docs/photos.md). */
export const imageDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/images/:sha256',
    tag: 'Archive',
    access: 'read',
    summary: 'A stored image, served only as the raster type its bytes are (never SVG or HTML)',
    params: { sha256: SHA },
    responses: { 200: { description: 'the image', content: IMAGE_TYPES, headers: CACHED }, 404: text('no such image'), 415: text('the stored bytes are no raster image: not served') },
  },
  {
    method: 'get',
    path: '/images/:sha256/thumb',
    tag: 'Archive',
    access: 'read',
    summary: 'The thumbnail made at capture (longest side 320 px)',
    params: { sha256: SHA },
    responses: { 200: { description: 'the thumbnail', content: { 'image/jpeg': 'JPEG' }, headers: CACHED }, 404: text('no such image') },
  },
  {
    method: 'get',
    path: '/images/diff/:old/:new',
    tag: 'Archive',
    access: 'read',
    summary: 'Difference overlay of two stored images: where the new one differs from the old',
    params: { old: SHA, new: 'the other image\'s SHA-256 followed by `.png`' },
    responses: { 200: { description: 'the overlay', content: { 'image/png': 'PNG' }, headers: CACHED }, 404: text('either image is not stored'), 503: text('too many overlays being drawn: try again (Retry-After)') },
  },
  {
    method: 'get',
    path: '/api/images/similar',
    tag: 'Archive',
    access: 'read',
    summary: 'Near-duplicates of a stored image across the archive (copies, crops, rescales, edits), nearest first',
    query: z.object({
      sha256: z.string().describe(SHA),
      distance: z.number().int().min(0).max(16).optional().describe('most differing bits of the perceptual hash, default 10'),
    }),
    responses: { 200: json('the similar images', SimilarSchema), 400: error('a malformed sha256 or distance'), 404: error('no such image') },
  },
  {
    method: 'get',
    path: '/photos/:sha256',
    tag: 'Pages',
    access: 'read',
    summary: 'A photo: the image, where and when it appeared, its variants',
    params: { sha256: SHA },
    responses: { 200: html('the photo page'), 404: html('no such image') },
  },
];
