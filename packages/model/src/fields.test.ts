import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText, setField, syncStringSet } from './fields.ts';

function textDoc(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  return { doc, text };
}

describe('replaceText', () => {
  it('replaces only the changed middle', () => {
    const { text } = textDoc('the quick brown fox');
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    expect(replaceText(text, 'the slow brown fox')).toBe(true);
    expect(text.toString()).toBe('the slow brown fox');
    // One change event: a single transaction touching only "quick" -> "slow".
    expect(deltas).toEqual([[{ retain: 4 }, { delete: 5 }, { insert: 'slow' }]]);
  });

  it('uses the given origin', () => {
    const { doc, text } = textDoc('abc');
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    replaceText(text, 'abd', 'restore');
    expect(origins).toEqual(['restore']);
  });

  it('does nothing when the text is already equal', () => {
    const { doc, text } = textDoc('same');
    let updates = 0;
    doc.on('update', () => updates++);
    expect(replaceText(text, 'same')).toBe(false);
    expect(updates).toBe(0);
  });

  it('handles growth, shrinking, emptying and repeated characters', () => {
    const { text } = textDoc('aaaa');
    for (const next of ['aaaaaa', 'aa', '', 'abc', 'abcabc', 'c']) {
      replaceText(text, next);
      expect(text.toString()).toBe(next);
    }
  });

  it('never splits a surrogate pair', () => {
    const { text } = textDoc('fire 🔥 now');
    replaceText(text, 'fire 🔧 now');
    expect(text.toString()).toBe('fire 🔧 now');
    replaceText(text, 'fire 🔧🔥 now');
    expect(text.toString()).toBe('fire 🔧🔥 now');
  });

  it('keeps a concurrent edit elsewhere in the text', () => {
    const a = textDoc('alpha beta gamma');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    b.getText('t').insert(0, '> ');
    replaceText(a.text, 'alpha BETA gamma');
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b));
    expect(a.text.toString()).toBe('> alpha BETA gamma');
  });
});

describe('setField and syncStringSet', () => {
  it('write only on change', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>('m');
    let updates = 0;
    doc.on('update', () => updates++);
    // Commands always write inside one transaction; so do these calls.
    const inTransaction = <T>(fn: () => T): T => doc.transact(fn);
    expect(inTransaction(() => setField(map, 'a', null))).toBe(true);
    expect(inTransaction(() => setField(map, 'a', null))).toBe(false);
    expect(inTransaction(() => setField(map, 'a', 'x'))).toBe(true);
    expect(inTransaction(() => syncStringSet(map, 'tags', ['a', 'b']))).toBe(true);
    expect(inTransaction(() => syncStringSet(map, 'tags', ['b', 'a']))).toBe(false);
    expect(updates).toBe(3);
  });

  it('replaces a malformed stored value with a Y.Array', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>('m');
    map.set('tags', 'not-a-list');
    expect(syncStringSet(map, 'tags', ['a'])).toBe(true);
    expect((map.get('tags') as Y.Array<string>).toArray()).toEqual(['a']);
  });
});
