import { createHash } from 'node:crypto';

export function sha256(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}

// Paragraphs come out of normalization already whitespace-squashed, so whitespace-only changes
// never alter these hashes.
export function bodyHash(paragraphs: string[]): string {
  return sha256(paragraphs.join('\n'));
}

export function contentHash(title: string, paragraphs: string[]): string {
  return sha256(`${title}\n\n${paragraphs.join('\n')}`);
}

/** Both hashes of an article from its joined body: `contentHash` is `sha256(title + "\n\n" + body)`. */
export function articleHashes(title: string, body: string): { body: string; content: string } {
  return { body: sha256(body), content: createHash('sha256').update(title).update('\n\n').update(body).digest('hex') };
}
