/** A text cut into plain runs and hinted phrases, for rendering marks as text nodes (never as HTML). */
import type { BlamelessHint } from '@parallax/model';

export interface TextSegment {
  text: string;
  hint: BlamelessHint | null;
}

/** `hints` as findBlamelessHints returns them: in order, not overlapping, offsets into `text`. */
export function segmentText(text: string, hints: readonly BlamelessHint[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  for (const hint of hints) {
    if (hint.start < at || hint.end > text.length) continue;
    if (hint.start > at) segments.push({ text: text.slice(at, hint.start), hint: null });
    segments.push({ text: text.slice(hint.start, hint.end), hint });
    at = hint.end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), hint: null });
  return segments;
}
