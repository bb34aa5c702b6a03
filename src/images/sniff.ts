// Recognising image bytes by their first bytes, never by the Content-Type a server claims.

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'tiff';

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

/** The raster format the bytes start with, or null (SVG, HTML, anything else). */
export function sniffRasterType(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length < 12) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && ascii(bytes, 1, 8) === 'PNG\r\n\x1a\n') return 'png';
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && isoBrands(bytes).some((b) => b === 'avif' || b === 'avis')) return 'avif';
  const head4 = ascii(bytes, 0, 4);
  if (head4 === 'II*\0' || head4 === 'MM\0*') return 'tiff';
  return null;
}

/** The major and compatible brands of an ISO-BMFF `ftyp` box (AVIF, HEIC, MP4). */
function isoBrands(bytes: Uint8Array): string[] {
  const size = Math.min(((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0, bytes.length, 256);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/** Names what non-raster bytes are, for a one-line refusal: 'svg', 'html', 'pdf', 'heic', 'bmp'… */
export function describeNonRaster(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty file';
  const head = ascii(bytes, 0, 1024).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || /<svg[\s>]/.test(head.slice(0, 512)))
    return 'not a raster image (svg)';
  if (/^<(!doctype html|html|head|body|script|meta|div|p|!--)/.test(head) || /<(html|script|body)[\s>]/.test(head))
    return 'not a raster image (html)';
  if (head.startsWith('<?xml') || head.startsWith('<')) return 'not a raster image (xml or markup)';
  if (head.startsWith('%pdf')) return 'not a raster image (pdf)';
  if (ascii(bytes, 4, 8) === 'ftyp') return `unsupported image format (${ascii(bytes, 8, 12).trim() || 'iso media'})`;
  if (ascii(bytes, 0, 2) === 'BM') return 'unsupported image format (bmp)';
  if (bytes.length < 12) return `too short to be an image (${bytes.length} bytes)`;
  return 'not a recognised image format';
}
