const joinedBodies = new WeakMap<readonly string[], string>();

/**
 * The body as stored (paragraphs joined by newlines), joined once per paragraph list however many steps ask:
 * the hashes, the story text, the entity scan and the writers all read the same string.
 */
export function bodyText(a: { paragraphs: readonly string[] }): string {
  let body = joinedBodies.get(a.paragraphs);
  if (body === undefined) {
    body = a.paragraphs.join('\n');
    joinedBodies.set(a.paragraphs, body);
  }
  return body;
}
