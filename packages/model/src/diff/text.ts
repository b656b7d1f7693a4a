/**
 * Word-level text diffs for people reading what changed between two versions of an incident.
 *
 * jsdiff's `diffWordsWithSpace` is used rather than `diffWords`: the latter ignores whitespace while diffing, so a
 * paragraph break added to the narrative would vanish from the result and the segments would no longer rebuild the
 * old text. With whitespace as tokens of its own, joining the equal and delete segments always gives `before`, and
 * joining the equal and insert segments always gives `after`.
 */
import { diffWordsWithSpace } from 'diff';

export type TextSegmentOp = 'equal' | 'insert' | 'delete';

export interface TextSegment {
  op: TextSegmentOp;
  text: string;
}

/**
 * Myers' algorithm costs about (tokens × edits). Past this many token edits two versions are rewrites rather than
 * edits, a word-level diff stops being readable, and the cost would grow with the square of a 100,000-character
 * prose field; a bounded edit count (unlike a time limit) keeps the result identical on every machine.
 */
const MAX_WORD_EDITS = 1500;

/** Letters, marks and digits: trimming the common ends never splits a word. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/**
 * A word-level diff of two strings. Deletions come before insertions where a run of words was replaced; adjacent
 * segments never share an op; identical inputs give a single equal segment (none when both are empty).
 */
export function diffText(before: string, after: string): TextSegment[] {
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }];
  // Edits are usually small against long prose: trimming the common ends first keeps tokenizing and Myers to the
  // part that changed, so one word changed in a long narrative costs a string comparison rather than a full diff.
  const { prefix, suffix } = commonEnds(before, after);
  const removed = before.slice(prefix, before.length - suffix);
  const inserted = after.slice(prefix, after.length - suffix);
  const segments: TextSegment[] = [];
  if (prefix > 0) push(segments, 'equal', before.slice(0, prefix));
  const changes =
    removed === '' || inserted === ''
      ? undefined
      : diffWordsWithSpace(removed, inserted, { maxEditLength: MAX_WORD_EDITS });
  if (changes === undefined) {
    // Pure insertion or deletion, or a rewrite past the edit bound: one replaced middle.
    if (removed !== '') push(segments, 'delete', removed);
    if (inserted !== '') push(segments, 'insert', inserted);
  } else {
    for (const change of changes) {
      if (change.value !== '')
        push(segments, change.added ? 'insert' : change.removed ? 'delete' : 'equal', change.value);
    }
  }
  if (suffix > 0) push(segments, 'equal', before.slice(before.length - suffix));
  return segments;
}

function push(segments: TextSegment[], op: TextSegmentOp, text: string): void {
  const last = segments[segments.length - 1];
  if (last && last.op === op) last.text += text;
  else segments.push({ op, text });
}

/** Lengths of the common prefix and suffix, shortened so that neither ends in the middle of a word. */
function commonEnds(before: string, after: string): { prefix: number; suffix: number } {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  while (prefix > 0 && (splitsWord(before, prefix) || splitsWord(after, prefix))) prefix--;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  while (suffix > 0 && (splitsWord(before, before.length - suffix) || splitsWord(after, after.length - suffix))) {
    suffix--;
  }
  return { prefix, suffix };
}

/** Whether cutting `text` before `index` would split a word or a surrogate pair. */
function splitsWord(text: string, index: number): boolean {
  const code = text.charCodeAt(index - 1);
  if (code >= 0xd800 && code <= 0xdbff) return true;
  return WORD_CHAR.test(text.charAt(index - 1)) && WORD_CHAR.test(text.charAt(index));
}
