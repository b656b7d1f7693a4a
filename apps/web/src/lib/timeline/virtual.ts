/**
 * Layout arithmetic for a virtualised list with rows of different, measured heights. Rows are identified by key, so
 * a measured height follows its row when rows are inserted or filtered out above it; rows not measured yet use
 * their estimate. Offsets are prefix sums, rebuilt lazily after a change (one pass over 10,000 numbers is cheap;
 * doing it per measurement would not be).
 */

export interface LayoutRow {
  key: string;
}

export class VirtualLayout<Row extends LayoutRow = LayoutRow> {
  #rows: readonly Row[] = [];
  #estimate: (row: Row) => number = () => 0;
  readonly #measured = new Map<string, number>();
  /** offsets[i] is the top of row i; offsets[n] the total height. */
  #offsets = new Float64Array(1);
  #dirty = false;

  get count(): number {
    return this.#rows.length;
  }

  /** `estimate` gives a row's height until it is measured. */
  setRows(rows: readonly Row[], estimate: (row: Row) => number): void {
    this.#rows = rows;
    this.#estimate = estimate;
    this.#dirty = true;
  }

  /**
   * Records a row's rendered height. Returns how much it moved everything below (0 when unchanged).
   */
  measure(row: Row, height: number): number {
    const { key } = row;
    const before = this.#measured.get(key) ?? this.#estimate(row);
    if (before === height) return 0;
    this.#measured.set(key, height);
    this.#dirty = true;
    return height - before;
  }

  /** Rows whose measured height no longer matches (e.g. after the type size changed) are re-estimated. */
  forgetMeasurements(): void {
    this.#measured.clear();
    this.#dirty = true;
  }

  heightOf(index: number): number {
    const row = this.#rows[index];
    if (!row) return 0;
    return this.#measured.get(row.key) ?? this.#estimate(row);
  }

  offsetOf(index: number): number {
    this.#rebuild();
    return this.#offsets[Math.max(0, Math.min(index, this.#rows.length))] ?? 0;
  }

  get totalHeight(): number {
    this.#rebuild();
    return this.#offsets[this.#rows.length] ?? 0;
  }

  /** The row at vertical position `y` (clamped to the list). */
  indexAt(y: number): number {
    this.#rebuild();
    const n = this.#rows.length;
    if (n === 0) return 0;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((this.#offsets[mid] ?? 0) <= y) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Rows to render for a viewport from `top` to `top + height` (list coordinates), with `overscan` pixels more on
   * each side so fast scrolling does not show blank space: [start, end).
   */
  range(top: number, height: number, overscan: number): { start: number; end: number } {
    const n = this.#rows.length;
    if (n === 0) return { start: 0, end: 0 };
    const start = this.indexAt(Math.max(0, top - overscan));
    const end = Math.min(n, this.indexAt(top + height + overscan) + 1);
    return { start, end };
  }

  /**
   * Where to scroll (list coordinates) so row `index` is visible with `margin` around it, or null when it already
   * is; `align: 'center'` centres it instead.
   */
  scrollTarget(
    index: number,
    viewTop: number,
    viewHeight: number,
    { margin = 16, align = 'nearest' }: { margin?: number; align?: 'nearest' | 'center' } = {},
  ): number | null {
    const top = this.offsetOf(index);
    const bottom = top + this.heightOf(index);
    if (align === 'center') return Math.max(0, top - (viewHeight - (bottom - top)) / 2);
    if (top - margin < viewTop) return Math.max(0, top - margin);
    if (bottom + margin > viewTop + viewHeight)
      return Math.max(0, Math.min(top - margin, bottom + margin - viewHeight));
    return null;
  }

  #rebuild(): void {
    if (!this.#dirty) return;
    const n = this.#rows.length;
    if (this.#offsets.length !== n + 1) this.#offsets = new Float64Array(n + 1);
    let y = 0;
    for (let i = 0; i < n; i += 1) {
      this.#offsets[i] = y;
      const row = this.#rows[i];
      if (row) y += this.#measured.get(row.key) ?? this.#estimate(row);
    }
    this.#offsets[n] = y;
    this.#dirty = false;
  }
}

/** The indexes in `range` plus any `pinned` ones outside it (negative: none), ascending and without repeats. */
export function renderedIndexes(range: { start: number; end: number }, pinned: readonly number[]): number[] {
  const indexes: number[] = [];
  for (let i = range.start; i < range.end; i += 1) indexes.push(i);
  for (const index of pinned) {
    if (index >= 0 && (index < range.start || index >= range.end) && !indexes.includes(index)) indexes.push(index);
  }
  return indexes.sort((a, b) => a - b);
}
