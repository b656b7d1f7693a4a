import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEvent,
  addEventTag,
  createIncidentDoc,
  deleteEvent,
  eventText,
  listEvents,
  updateEvent,
} from '@parallax/model';
import { EventIndex, type TimelineChange } from './event-index.ts';

const ctx = { userId: 'u1' };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 14, minute)).toISOString();

function setup(count: number) {
  const doc = createIncidentDoc();
  const ids = Array.from({ length: count }, (_, i) => addEvent(doc, { occurredAt: at(i * 2), text: `e${i}` }, ctx));
  const index = new EventIndex(doc);
  const log: TimelineChange[] = [];
  index.observe((change) => log.push(change));
  return { doc, ids, index, changes: () => log.length, log };
}

describe('EventIndex', () => {
  it('starts in timeline order and follows adds, edits, moves and deletes', () => {
    const { doc, ids, index, changes } = setup(5);
    expect(index.events.map((event) => event.text)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);

    addEvent(doc, { occurredAt: at(3), text: 'between 1 and 2' }, ctx);
    updateEvent(doc, ids[0] ?? '', { occurredAt: at(100) }, ctx);
    eventText(doc, ids[2] ?? '')?.insert(2, '!');
    addEventTag(doc, ids[3] ?? '', 'db', ctx);
    deleteEvent(doc, ids[4] ?? '', ctx);

    expect(index.events).toEqual(listEvents(doc));
    expect(index.events.map((event) => event.text)).toEqual(['e1', 'between 1 and 2', 'e2!', 'e3', 'e0']);
    expect(changes()).toBe(5);
    expect(index.indexOf(ids[0] ?? '')).toBe(4);
    expect(index.indexOf(ids[4] ?? '')).toBe(-1);
  });

  it('keeps unchanged events as the same objects, so per-event caches survive a keystroke', () => {
    const { doc, ids, index } = setup(3);
    const before = index.events;
    eventText(doc, ids[1] ?? '')?.insert(0, 'x');
    expect(index.events).not.toBe(before);
    expect(index.events[0]).toBe(before[0]);
    expect(index.events[2]).toBe(before[2]);
    expect(index.events[1]?.text).toBe('xe1');
  });

  it('follows remote updates, including events that arrive out of order', () => {
    const source = createIncidentDoc();
    const target = new Y.Doc();
    const index = new EventIndex(target);
    index.observe(() => undefined);
    for (let i = 9; i >= 0; i -= 1) addEvent(source, { occurredAt: at(i), text: `r${i}` }, ctx);
    Y.applyUpdate(target, Y.encodeStateAsUpdate(source));
    expect(index.events).toEqual(listEvents(target));
    expect(index.events.map((event) => event.text)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
  });

  it('tells typing apart from changes that move events or change their fields', () => {
    const { doc, ids, log } = setup(3);
    eventText(doc, ids[0] ?? '')?.insert(0, 'x');
    updateEvent(doc, ids[1] ?? '', { kind: 'repair' }, ctx);
    updateEvent(doc, ids[2] ?? '', { occurredAt: at(-5) }, ctx);
    addEvent(doc, { occurredAt: at(50) }, ctx);
    expect(log).toEqual([
      { structure: false, fields: false },
      { structure: false, fields: true },
      { structure: true, fields: true },
      { structure: true, fields: true },
    ]);
  });

  it('ignores changes that leave the timeline as it was', () => {
    const { doc, ids, changes } = setup(2);
    updateEvent(doc, ids[0] ?? '', { kind: 'note' }, ctx);
    expect(changes()).toBe(0);
  });
});
