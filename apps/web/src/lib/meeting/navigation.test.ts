import { describe, expect, it } from 'vitest';
import { contextWindow, eventAtOrAfter, jumpTarget, stepFrom, survivorAt } from './navigation.ts';

const events = ['14:00', '14:03', '14:05:30', '14:20', '15:10'].map((time, index) => ({
  id: `e${index}`,
  occurredAt: `2025-03-04T${time.length === 5 ? `${time}:00` : time}.000Z`,
}));
const ids = (slots: ({ id: string } | null)[]) => slots.map((slot) => slot?.id ?? null);

describe('contextWindow', () => {
  it('keeps fixed slots around the focused event, empty past either end', () => {
    const start = contextWindow(events, 'e0');
    expect(ids(start.before)).toEqual([null, null, null]);
    expect(start.current?.id).toBe('e0');
    expect(ids(start.after)).toEqual(['e1', 'e2', 'e3']);
    const middle = contextWindow(events, 'e3', 2, 2);
    expect(ids(middle.before)).toEqual(['e1', 'e2']);
    expect(ids(middle.after)).toEqual(['e4', null]);
    expect(middle.index).toBe(3);
  });

  it('shows the first event when the focused one is unknown, and nothing without events', () => {
    expect(contextWindow(events, 'gone').current?.id).toBe('e0');
    const empty = contextWindow([], null);
    expect(empty.current).toBeNull();
    expect(ids(empty.after)).toEqual([null, null, null]);
  });
});

describe('stepping', () => {
  it('moves within the timeline and stops at its ends', () => {
    expect(stepFrom(events, 'e1', 1)).toBe('e2');
    expect(stepFrom(events, 'e1', -1)).toBe('e0');
    expect(stepFrom(events, 'e0', -1)).toBe('e0');
    expect(stepFrom(events, 'e4', 1)).toBe('e4');
    expect(stepFrom(events, null, 1)).toBe('e0');
    expect(stepFrom(events, null, -1)).toBe('e4');
    expect(stepFrom([], null, 1)).toBeNull();
  });

  it('keeps the place when the focused event goes away', () => {
    expect(survivorAt(events, 2)).toBe('e2');
    expect(survivorAt(events, 9)).toBe('e4');
    expect(survivorAt([], 0)).toBeNull();
  });
});

describe('jumping to a time', () => {
  it('finds the first event at or after the time, else the last', () => {
    expect(eventAtOrAfter(events, Date.parse('2025-03-04T14:04:00Z'))).toBe('e2');
    expect(eventAtOrAfter(events, Date.parse('2025-03-04T16:00:00Z'))).toBe('e4');
  });

  it('reads a time of day in the incident zone on the day on screen', () => {
    const result = jumpTarget('14:05', events, { zone: 'UTC', onScreen: events[0]?.occurredAt ?? null });
    expect(result).toEqual({ ok: true, id: 'e2', occurredAt: '2025-03-04T14:05:00.000Z' });
    // 15:19 in Berlin (UTC+1 in March) is 14:19 UTC.
    expect(jumpTarget('15:19', events, { zone: 'Europe/Berlin', onScreen: null })).toMatchObject({ id: 'e3' });
  });

  it('explains what it could not read', () => {
    const result = jumpTarget('quarter past', events, { zone: 'UTC', onScreen: null });
    expect(result.ok).toBe(false);
    expect(jumpTarget('14:05', [], { zone: 'UTC', onScreen: null })).toEqual({
      ok: false,
      message: 'There are no events to jump to yet.',
    });
  });
});
