/** Keeps, in the given order, the first article of each story (and every article in no story). */
export function collapseToStories(storyOf: Map<number, number>, orderedIds: Int32Array): Int32Array {
  const seen = new Set<number>();
  const out = new Int32Array(orderedIds.length);
  let n = 0;
  for (const id of orderedIds) {
    const s = storyOf.get(id);
    if (s !== undefined) {
      if (seen.has(s)) continue;
      seen.add(s);
    }
    out[n++] = id;
  }
  return out.subarray(0, n);
}

/**
 * Each story once, at its first publication among `ids` (earliest day, then lowest id), plus every
 * article in no story; ascending. The one counting rule behind totals, facets and timelines with
 * collapse=story, so they agree with each other whatever the order of the list.
 */
export function storyFirsts(storyOfAll: Map<number, number>, day: Int32Array, ids: Int32Array): Int32Array {
  if (storyOfAll.size === 0) return ids;
  const first = new Map<number, number>();
  for (const id of ids) {
    const story = storyOfAll.get(id);
    if (story === undefined) continue;
    const b = first.get(story);
    if (b === undefined || day[id] < day[b] || (day[id] === day[b] && id < b)) first.set(story, id);
  }
  if (first.size === 0) return ids;
  const out = new Int32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const story = storyOfAll.get(ids[i]);
    if (story === undefined || first.get(story) === ids[i]) out[k++] = ids[i];
  }
  return out.subarray(0, k);
}
