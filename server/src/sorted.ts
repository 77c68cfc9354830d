// Searches over sorted offsets, shared by the text document (its pieces), the semantic tokens' kept
// JSON (its parts) and the compose line table.

/** The last index whose value is at or before `value` in `sorted` (ascending); 0 when none is. */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
