import { describe, expect, it } from 'vitest';
import type { EventKind, IncidentEvent } from '@parallax/model';
import {
  EMPTY_FILTER,
  activeFilterCount,
  applyFilter,
  facetCounts,
  facetOptions,
  isFilterEmpty,
  toggled,
  type TimelineFilter,
} from './filters.ts';

function event(id: string, kind: EventKind, actor: string, tags: string[], text: string): IncidentEvent {
  return {
    id,
    kind,
    actor,
    tags,
    text,
    occurredAt: '2026-03-10T14:00:00.000Z',
    sourceZone: 'UTC',
    precision: 'minute',
    source: 'manual',
    sourceUrl: '',
    createdAt: '2026-03-10T14:00:00.000Z',
    updatedAt: '2026-03-10T14:00:00.000Z',
    createdBy: 'u',
    updatedBy: 'u',
  };
}

const events = [
  event('a', 'detection', 'PagerDuty', ['alerting'], 'Checkout error rate above 5%'),
  event('b', 'diagnosis', 'Priya', ['db', 'replica'], 'Replica lag on db-2'),
  event('c', 'repair', 'Priya', ['db'], 'Failed over to db-3'),
  event('d', 'communication', 'Jonas', [], 'Status page updated for EU customers'),
  event('e', 'diagnosis', '', ['db'], 'Checkout retries pile up'),
];

const filter = (patch: Partial<TimelineFilter>): TimelineFilter => ({ ...EMPTY_FILTER, ...patch });
const ids = (list: readonly IncidentEvent[]) => list.map((item) => item.id);

describe('timeline filters', () => {
  it('shows everything with no filter, as the same array', () => {
    expect(isFilterEmpty(EMPTY_FILTER)).toBe(true);
    expect(applyFilter(events, EMPTY_FILTER)).toBe(events);
  });

  it('ORs values within a dimension and ANDs dimensions', () => {
    expect(ids(applyFilter(events, filter({ kinds: new Set(['diagnosis', 'repair']) })))).toEqual(['b', 'c', 'e']);
    expect(
      ids(applyFilter(events, filter({ kinds: new Set(['diagnosis', 'repair']), actors: new Set(['Priya']) }))),
    ).toEqual(['b', 'c']);
    expect(ids(applyFilter(events, filter({ tags: new Set(['replica', 'alerting']) })))).toEqual(['a', 'b']);
    expect(ids(applyFilter(events, filter({ actors: new Set(['']) })))).toEqual(['e']);
  });

  it('finds every word of the text, case-insensitively, in text, actor and tags', () => {
    expect(ids(applyFilter(events, filter({ text: 'checkout' })))).toEqual(['a', 'e']);
    expect(ids(applyFilter(events, filter({ text: 'CHECKOUT retries' })))).toEqual(['e']);
    expect(ids(applyFilter(events, filter({ text: 'priya db-3' })))).toEqual(['c']);
    expect(ids(applyFilter(events, filter({ text: 'replica' })))).toEqual(['b']);
    expect(ids(applyFilter(events, filter({ text: '   ' })))).toEqual(ids(events));
  });

  it('counts each option as the events it would show, given the other dimensions', () => {
    const counts = facetCounts(events, filter({ kinds: new Set(['diagnosis']), text: 'checkout' }));
    // Kinds ignore the kind filter but respect the words: "checkout" is in a detection and a diagnosis.
    expect(Object.fromEntries(counts.kinds)).toEqual({ detection: 1, diagnosis: 1 });
    // Actors and tags respect both the kind and the words: only event e.
    expect(Object.fromEntries(counts.actors)).toEqual({ '': 1 });
    expect(Object.fromEntries(counts.tags)).toEqual({ db: 1 });
  });

  it('lists options by count, keeping picked ones that no longer match', () => {
    const counts = facetCounts(events, EMPTY_FILTER);
    expect(facetOptions(counts.tags, new Set(['gone']))).toEqual([
      { value: 'db', count: 3 },
      { value: 'alerting', count: 1 },
      { value: 'replica', count: 1 },
      { value: 'gone', count: 0 },
    ]);
  });

  it('counts active conditions and toggles values', () => {
    expect(activeFilterCount(filter({ kinds: new Set(['note']), tags: new Set(['a', 'b']), text: 'x' }))).toBe(4);
    expect([...toggled(new Set(['a']), 'b')]).toEqual(['a', 'b']);
    expect([...toggled(new Set(['a', 'b']), 'a')]).toEqual(['b']);
  });
});
