/**
 * Two-way binding between a `<textarea>` and a Y.Text. Local typing becomes the smallest splice (one delete and
 * one insert in one transaction) so concurrent typists merge per character; replacing the whole text would make
 * every keystroke clobber everyone else's. Remote changes rewrite the textarea and move the caret through the
 * change, so someone typing elsewhere in the text does not throw your cursor around.
 */
import type { Attachment } from 'svelte/attachments';
import type * as Y from 'yjs';

export interface Splice {
  index: number;
  deleteCount: number;
  insert: string;
}

/** One Yjs text delta operation, as found in `YTextEvent.delta`. */
export interface DeltaOp {
  insert?: unknown;
  delete?: number;
  retain?: number;
}

/**
 * The single splice that turns `before` into `after`, or null when they are equal. With `cursor` (the caret in
 * `after`), an ambiguous edit in repeated characters is placed to end at the caret, where the person typed:
 * typing "a" after the first letter of "aa" inserts at 1, not at 2.
 */
export function diffStrings(before: string, after: string, cursor?: number): Splice | null {
  if (before === after) return null;
  const shortest = Math.min(before.length, after.length);
  let prefix: number;
  let suffix: number;
  if (cursor !== undefined && cursor >= 0 && cursor <= after.length) {
    suffix = commonSuffix(before, after, Math.min(shortest, after.length - cursor));
    prefix = commonPrefix(before, after, shortest - suffix);
  } else {
    prefix = commonPrefix(before, after, shortest);
    suffix = commonSuffix(before, after, shortest - prefix);
  }
  // Yjs indexes UTF-16 code units like JS strings; never cut an astral character (emoji) in half.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix -= 1;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix -= 1;
  return {
    index: prefix,
    deleteCount: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/**
 * Where a caret at `index` ends up after a remote change described by `delta`. Text inserted exactly at the caret
 * lands after it, so a remote typist never pushes your caret along.
 */
export function transformIndex(index: number, delta: readonly DeltaOp[]): number {
  let oldPos = 0;
  let result = index;
  for (const op of delta) {
    if (oldPos > index) break;
    if (op.retain !== undefined) {
      oldPos += op.retain;
    } else if (op.insert !== undefined) {
      if (oldPos < index) result += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      result -= Math.min(op.delete, index - oldPos);
      oldPos += op.delete;
    }
  }
  return result;
}

/** `{@attach bindText(ytext)}` on a textarea: the textarea shows and edits `ytext` until it is removed. */
export function bindText(ytext: Y.Text): Attachment<HTMLTextAreaElement> {
  return (textarea) => {
    const doc = ytext.doc;
    if (!doc) throw new Error('bindText needs a Y.Text that belongs to a document');
    // Our own transactions carry this origin, so the observer can tell them from remote ones.
    const origin = { binding: 'textarea' };
    textarea.value = ytext.toString();

    const onInput = () => {
      const splice = diffStrings(ytext.toString(), textarea.value, textarea.selectionEnd);
      if (!splice) return;
      doc.transact(() => {
        if (splice.deleteCount > 0) ytext.delete(splice.index, splice.deleteCount);
        if (splice.insert) ytext.insert(splice.index, splice.insert);
      }, origin);
    };

    const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === origin) return;
      const next = ytext.toString();
      if (next === textarea.value) return;
      const focused = textarea.ownerDocument.activeElement === textarea;
      const { selectionStart, selectionEnd, selectionDirection, scrollTop } = textarea;
      textarea.value = next;
      textarea.scrollTop = scrollTop;
      if (focused) {
        const delta = event.delta as DeltaOp[];
        textarea.setSelectionRange(
          transformIndex(selectionStart, delta),
          transformIndex(selectionEnd, delta),
          selectionDirection ?? 'none',
        );
      }
    };

    textarea.addEventListener('input', onInput);
    ytext.observe(onRemote);
    return () => {
      textarea.removeEventListener('input', onInput);
      ytext.unobserve(onRemote);
    };
  };
}

function commonPrefix(a: string, b: string, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n += 1;
  return n;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n += 1;
  return n;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
