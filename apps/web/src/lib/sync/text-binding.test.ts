import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffStrings, transformIndex, type DeltaOp, type Splice } from './text-binding.ts';

function apply(text: string, splice: Splice | null): string {
  if (!splice) return text;
  return text.slice(0, splice.index) + splice.insert + text.slice(splice.index + splice.deleteCount);
}

/** Deterministic PRNG (mulberry32) so a failing random case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applies `after` to a Y.Text through the same single splice the textarea binding makes. */
function typeInto(ytext: Y.Text, after: string, cursor?: number): void {
  const splice = diffStrings(ytext.toString(), after, cursor);
  if (!splice) return;
  ytext.doc?.transact(() => {
    if (splice.deleteCount > 0) ytext.delete(splice.index, splice.deleteCount);
    if (splice.insert) ytext.insert(splice.index, splice.insert);
  });
}

function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('diffStrings', () => {
  it('returns null when nothing changed', () => {
    expect(diffStrings('same', 'same')).toBeNull();
  });

  it('describes typing, deleting and replacing a selection as one splice', () => {
    expect(diffStrings('helo', 'hello')).toEqual({ index: 3, deleteCount: 0, insert: 'l' });
    expect(diffStrings('hello world', 'hello')).toEqual({ index: 5, deleteCount: 6, insert: '' });
    expect(diffStrings('the old text', 'the new text')).toEqual({ index: 4, deleteCount: 3, insert: 'new' });
  });

  it('places an edit in repeated characters at the caret', () => {
    // Typing "a" after the first letter of "aa": the caret is at 2 in "aaa".
    expect(diffStrings('aa', 'aaa', 2)).toEqual({ index: 1, deleteCount: 0, insert: 'a' });
    // Backspace at position 2 of "aaa" leaves the caret at 1.
    expect(diffStrings('aaa', 'aa', 1)).toEqual({ index: 1, deleteCount: 1, insert: '' });
  });

  it('never splits an emoji into surrogate halves', () => {
    const splice = diffStrings('a😀b', 'a😃b');
    expect(splice).toEqual({ index: 1, deleteCount: 2, insert: '😃' });
  });

  it('turns any before into any after, with or without a caret hint', () => {
    const random = seeded(20250304);
    const alphabet = 'ab 😀\n';
    const word = (length: number) =>
      Array.from({ length }, () => [...alphabet][Math.floor(random() * 5)] ?? 'a').join('');
    for (let i = 0; i < 2000; i += 1) {
      const before = word(Math.floor(random() * 8));
      const after = word(Math.floor(random() * 8));
      const cursor = Math.floor(random() * (after.length + 1));
      expect(apply(before, diffStrings(before, after))).toBe(after);
      expect(apply(before, diffStrings(before, after, cursor))).toBe(after);
    }
  });
});

describe('typing through splices into Y.Text', () => {
  it('keeps both people’s typing when they edit the same text at once', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    alice.getText('t').insert(0, 'Failover started');
    syncDocs(alice, bob);

    // Each person retypes their whole textarea value; only the changed characters may reach the document.
    typeInto(alice.getText('t'), 'Primary failover started');
    typeInto(bob.getText('t'), 'Failover started at 14:03');
    syncDocs(alice, bob);

    expect(alice.getText('t').toString()).toBe('Primary failover started at 14:03');
    expect(bob.getText('t').toString()).toBe(alice.getText('t').toString());
  });
});

describe('transformIndex', () => {
  /** The delta a remote change to `initial` produces, as the textarea binding receives it. */
  function remoteDelta(initial: string, change: (text: Y.Text) => void): DeltaOp[] {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, initial);
    let delta: DeltaOp[] = [];
    text.observe((event) => {
      delta = event.delta as DeltaOp[];
    });
    change(text);
    return delta;
  }

  it('moves the caret past text inserted before it', () => {
    expect(
      transformIndex(
        5,
        remoteDelta('hello world', (t) => t.insert(0, '>> ')),
      ),
    ).toBe(8);
  });

  it('leaves the caret alone for changes after it or exactly at it', () => {
    expect(
      transformIndex(
        5,
        remoteDelta('hello world', (t) => t.insert(11, '!')),
      ),
    ).toBe(5);
    expect(
      transformIndex(
        5,
        remoteDelta('hello world', (t) => t.insert(5, ',')),
      ),
    ).toBe(5);
  });

  it('pulls the caret back over deleted text, stopping at the deletion', () => {
    expect(
      transformIndex(
        8,
        remoteDelta('hello world', (t) => t.delete(0, 6)),
      ),
    ).toBe(2);
    expect(
      transformIndex(
        3,
        remoteDelta('hello world', (t) => t.delete(1, 6)),
      ),
    ).toBe(1);
  });
});
