import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEvent,
  addQuestion,
  createIncidentDoc,
  deleteEvent,
  eventText,
  readEvent,
  readQuestion,
  updateEvent,
} from '@parallax/model';
import { TextStampClock, createPersonalUndoManager, stampEvent } from './local-edits.ts';

/** Two peers that deliver every update to each other at once. */
function pair() {
  const a = createIncidentDoc();
  const b = createIncidentDoc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
  return { a, b };
}

describe('personal undo', () => {
  it('undoes my changes and never someone else’s', () => {
    const { a, b } = pair();
    const mine = { source: 'a' };
    const undo = createPersonalUndoManager(a, mine);
    const id = addEvent(a, { occurredAt: '2026-03-10T14:00:00Z', kind: 'note' }, { userId: 'alice', origin: mine });
    undo.stopCapturing();
    updateEvent(b, id, { actor: 'Bob was here' }, { userId: 'bob' });
    updateEvent(a, id, { kind: 'repair' }, { userId: 'alice', origin: mine });
    undo.undo();
    expect(readEvent(a, id)?.kind).toBe('note');
    expect(readEvent(b, id)?.actor).toBe('Bob was here');
  });

  it('undoes typing through an editor’s origin, leaving the other typist’s words', () => {
    const { a, b } = pair();
    const mine = { source: 'a' };
    const editorOrigin = { editor: 'codemirror' };
    const undo = createPersonalUndoManager(a, mine);
    undo.addTrackedOrigin(editorOrigin);
    const id = addEvent(a, { occurredAt: '2026-03-10T14:00:00Z', text: 'Lag' }, { userId: 'alice', origin: mine });
    undo.stopCapturing();
    a.transact(() => eventText(a, id)?.insert(3, ' on db-2'), editorOrigin);
    eventText(b, id)?.insert(0, 'Replica ');
    expect(eventText(a, id)?.toString()).toBe('Replica Lag on db-2');
    undo.undo();
    expect(eventText(b, id)?.toString()).toBe('Replica Lag');
  });

  it('brings back a deleted event with its anchored question', () => {
    const { a, b } = pair();
    const mine = { source: 'a' };
    const undo = createPersonalUndoManager(a, mine);
    const id = addEvent(a, { occurredAt: '2026-03-10T14:00:00Z', text: 'keep me' }, { userId: 'alice' });
    const question = addQuestion(b, { eventId: id, text: 'Why?' }, { userId: 'bob' });
    deleteEvent(a, id, { userId: 'alice', origin: mine });
    expect(readEvent(b, id)).toBeUndefined();
    expect(readQuestion(b, question)?.eventId).toBeNull();
    undo.undo();
    expect(readEvent(b, id)?.text).toBe('keep me');
    expect(readQuestion(b, question)?.eventId).toBe(id);
  });
});

describe('text edit stamps', () => {
  it('stamps at most once per interval per event, and always at the end', () => {
    const clock = new TextStampClock(10_000);
    expect(clock.due('e1', 0, false)).toBe(true);
    expect(clock.due('e1', 5_000, false)).toBe(false);
    expect(clock.due('e2', 5_000, false)).toBe(true);
    expect(clock.due('e1', 10_000, false)).toBe(true);
    expect(clock.due('e1', 10_001, true)).toBe(true);
  });

  it('writes who changed the event and when, and nothing else', () => {
    const doc = createIncidentDoc();
    const id = addEvent(doc, { occurredAt: '2026-03-10T14:00:00Z', text: 'x' }, { userId: 'alice' });
    const before = readEvent(doc, id);
    expect(stampEvent(doc, id, 'bob', Date.parse('2026-03-11T08:00:00Z'), {})).toBe(true);
    expect(readEvent(doc, id)).toEqual({ ...before, updatedBy: 'bob', updatedAt: '2026-03-11T08:00:00.000Z' });
    expect(stampEvent(doc, 'missing', 'bob', 0, {})).toBe(false);
  });
});
