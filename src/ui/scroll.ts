/** Scrolling a list so the selected row stays in view: the Checklist's rows, the Remediate screen's steps. */

/** The first row to show so that `index` is inside a viewport of `size` rows, moving as little as possible. */
export function scrollOffset(offset: number, index: number, size: number, total: number): number {
  const height = Math.max(1, size);
  let next = offset;
  if (index < next) next = index;
  if (index >= next + height) next = index - height + 1;
  return Math.max(0, Math.min(next, Math.max(0, total - height)));
}
