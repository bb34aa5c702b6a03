/**
 * The `k` ids with the largest (or smallest) keys, in order: a bounded heap, O(n log k), so the first
 * pages of a sort over hundreds of thousands of matches cost a few milliseconds.
 */
export function heapTop(ids: Int32Array, key: (id: number) => number, k: number, descending: boolean): Int32Array {
  const n = ids.length;
  k = Math.min(k, n);
  if (k === 0) return new Int32Array(0);
  const sign = descending ? 1 : -1;
  if (k * 4 >= n) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = sign * key(ids[i]);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b] - keys[a]);
    return Int32Array.from(order.slice(0, k), (i) => ids[i]);
  }
  // Min-heap (by signed key) of the best k seen so far.
  const hk = new Float64Array(k);
  const hv = new Int32Array(k);
  let size = 0;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < size && hk[l] < hk[s]) s = l;
      if (r < size && hk[r] < hk[s]) s = r;
      if (s === i) return;
      [hk[i], hk[s]] = [hk[s], hk[i]];
      [hv[i], hv[s]] = [hv[s], hv[i]];
      i = s;
    }
  };
  for (let i = 0; i < n; i++) {
    const v = sign * key(ids[i]);
    if (size < k) {
      let c = size++;
      hk[c] = v;
      hv[c] = ids[i];
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (hk[p] <= hk[c]) break;
        [hk[p], hk[c]] = [hk[c], hk[p]];
        [hv[p], hv[c]] = [hv[c], hv[p]];
        c = p;
      }
    } else if (v > hk[0]) {
      hk[0] = v;
      hv[0] = ids[i];
      down(0);
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => hk[b] - hk[a]);
  return Int32Array.from(order, (i) => hv[i]);
}
