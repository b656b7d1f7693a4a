import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent } from './commands/events.ts';
import { createIncidentDoc } from './doc.ts';
import { compareByCreation, compareEvents } from './ordering.ts';
import { listEvents } from './readers.ts';
import { testContext } from './test-support.ts';

const base = { occurredAt: '2026-03-10T14:00:00.000Z', createdAt: '2026-03-11T09:00:00.000Z', id: 'm' };

describe('compareEvents', () => {
  it('orders by occurredAt, then createdAt, then id', () => {
    const rows = [
      { ...base, id: 'z' },
      { ...base, occurredAt: '2026-03-10T13:59:59.999Z', id: 'late-id' },
      { ...base, createdAt: '2026-03-11T08:00:00.000Z', id: 'y' },
      { ...base, id: 'a' },
    ];
    expect(rows.sort(compareEvents).map((row) => row.id)).toEqual(['late-id', 'y', 'a', 'z']);
  });

  it('compares instants, not strings, and puts unparseable times last', () => {
    const a = { ...base, occurredAt: '2026-03-10T14:00:00Z', id: 'b' };
    const b = { ...base, occurredAt: '2026-03-10T14:00:00.000Z', id: 'a' };
    expect(compareEvents(a, b)).toBeGreaterThan(0);
    const broken = { ...base, occurredAt: 'soon', id: 'a' };
    expect(compareEvents(broken, { ...base, occurredAt: '9999-12-31T00:00:00Z' })).toBeGreaterThan(0);
    expect(compareEvents(broken, broken)).toBe(0);
  });

  it('compares ids by code unit, independent of locale', () => {
    expect(compareEvents({ ...base, id: 'B' }, { ...base, id: 'a' })).toBeLessThan(0);
    expect(compareEvents({ ...base, id: 'a' }, { ...base, id: 'B' })).toBeGreaterThan(0);
  });

  it('compareByCreation orders by createdAt then id', () => {
    const rows = [
      { createdAt: '2026-03-11T10:00:00.000Z', id: 'a' },
      { createdAt: '2026-03-11T09:00:00.000Z', id: 'c' },
      { createdAt: '2026-03-11T09:00:00.000Z', id: 'b' },
    ];
    expect(rows.sort(compareByCreation).map((row) => row.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('listEvents', () => {
  it('orders by time, never by insertion, and identically on peers that inserted in different orders', () => {
    const a = createIncidentDoc();
    const b = createIncidentDoc();
    const times = ['2026-03-10T14:05:00Z', '2026-03-10T13:52:10Z', '2026-03-10T15:00:00Z', '2026-03-10T13:52:10Z'];
    const ctxA = testContext('a');
    const ctxB = testContext('b');
    for (const occurredAt of times) addEvent(a, { occurredAt }, ctxA);
    for (const occurredAt of [...times].reverse()) addEvent(b, { occurredAt }, ctxB);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const order = listEvents(a).map((event) => `${event.occurredAt} ${event.id}`);
    expect(listEvents(b).map((event) => `${event.occurredAt} ${event.id}`)).toEqual(order);
    // Equal times fall back to createdAt: each context's clock starts at 09:00:00 and ticks a second per command.
    expect(order).toEqual([
      '2026-03-10T13:52:10.000Z b-id-1',
      '2026-03-10T13:52:10.000Z a-id-2',
      '2026-03-10T13:52:10.000Z b-id-3',
      '2026-03-10T13:52:10.000Z a-id-4',
      '2026-03-10T14:05:00.000Z a-id-1',
      '2026-03-10T14:05:00.000Z b-id-4',
      '2026-03-10T15:00:00.000Z b-id-2',
      '2026-03-10T15:00:00.000Z a-id-3',
    ]);
  });
});
