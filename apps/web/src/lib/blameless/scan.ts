/**
 * Which blameless-language hints an editor shows. Texts below WHOLE_DOC_LIMIT are scanned whole on each change:
 * prose of that size takes a millisecond or two, and every hint is then known for the summary under the editor.
 * Longer texts are scanned around what is on screen, from the start of the line before to the end of the line
 * after, since hints never span a line break (the rules stop a clause at one).
 */
import { findBlamelessHints, type BlamelessHint } from '@parallax/model';

export const WHOLE_DOC_LIMIT = 100_000;
/** Characters scanned beyond the visible part, so a short scroll does not show unmarked text first. */
const MARGIN = 2_000;
/** How far to look for a line break when widening a range; past it a very long line is cut where it is. */
const LINE_REACH = 4_000;

/** The parts of CodeMirror's `Text` the scan reads; a plain string adapter works as well in tests. */
export interface ScanDoc {
  readonly length: number;
  sliceString(from: number, to?: number): string;
  lineAt(pos: number): { from: number; to: number };
}

export interface Range {
  from: number;
  to: number;
}

export function scanDocument(doc: ScanDoc, visible: readonly Range[]): BlamelessHint[] {
  if (doc.length < WHOLE_DOC_LIMIT) return findBlamelessHints(doc.sliceString(0));
  const hints: BlamelessHint[] = [];
  let reached = 0;
  for (const range of widen(doc, visible)) {
    const text = doc.sliceString(range.from, range.to);
    for (const hint of findBlamelessHints(text)) {
      const start = hint.start + range.from;
      if (start < reached) continue;
      reached = hint.end + range.from;
      hints.push({ ...hint, start, end: reached });
    }
  }
  return hints;
}

/** The visible ranges with a margin, widened to whole lines where that stays near, merged and in order. */
export function widen(doc: ScanDoc, visible: readonly Range[]): Range[] {
  const ranges = visible
    .map(({ from, to }) => {
      const start = Math.max(0, from - MARGIN);
      const end = Math.min(doc.length, to + MARGIN);
      const startLine = doc.lineAt(start).from;
      const endLine = doc.lineAt(end).to;
      return {
        from: start - startLine <= LINE_REACH ? startLine : start,
        to: endLine - end <= LINE_REACH ? endLine : end,
      };
    })
    .sort((a, b) => a.from - b.from);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}

/** The hint at `pos`, where a hint covers its characters and not the positions either side of it. */
export function hintAt(hints: readonly BlamelessHint[], pos: number, side: -1 | 0 | 1 = 0): BlamelessHint | undefined {
  return hints.find(
    (hint) =>
      (hint.start < pos && pos < hint.end) || (pos === hint.start && side > 0) || (pos === hint.end && side < 0),
  );
}
