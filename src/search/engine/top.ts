/**
 * The `k` ids with the largest (or smallest) keys, best first: a bounded heap, O(n log k), so the first
 * pages of a sort over hundreds of thousands of matches cost a few milliseconds.
 */
export function heapTop(ids: Int32Array, keys: Float64Array, k: number, descending: boolean): Int32Array {
  const n = ids.length;
  k = Math.min(k, n);
  if (k === 0) return new Int32Array(0);
  const sign = descending ? 1 : -1;
  if (k * 4 >= n) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sign * (keys[b] - keys[a]));
    return Int32Array.from(order.slice(0, k), (i) => ids[i]);
  }
  // Min-heap (by signed key) of the best k seen so far.
  const hk = new Float64Array(k);
  const hv = new Int32Array(k);
  let size = 0;
  // Ids mostly arrive in date order: visiting the likely winners first keeps the heap quiet.
  for (let j = 0; j < n; j++) {
    const i = descending ? n - 1 - j : j;
    const v = sign * keys[i];
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (hk[p] <= v) break;
        hk[c] = hk[p];
        hv[c] = hv[p];
        c = p;
      }
      hk[c] = v;
      hv[c] = ids[i];
    } else if (v > hk[0]) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const s = r < size && hk[r] < hk[l] ? r : l;
        if (hk[s] >= v) break;
        hk[c] = hk[s];
        hv[c] = hv[s];
        c = s;
      }
      hk[c] = v;
      hv[c] = ids[i];
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => hk[b] - hk[a]);
  return Int32Array.from(order, (i) => hv[i]);
}
