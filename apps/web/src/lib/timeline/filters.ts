/**
 * Timeline filters: by kind, actor, tag and words. Dimensions combine with AND; values within one dimension with OR
 * (kind is detection OR diagnosis). Counts are faceted: each option counts the events that would show if it were
 * picked, given the other dimensions, so a count never promises events another filter hides.
 */
import type { EventKind, IncidentEvent } from '@parallax/model';

export interface TimelineFilter {
  kinds: ReadonlySet<EventKind>;
  actors: ReadonlySet<string>;
  tags: ReadonlySet<string>;
  /** Words to find in the text, actor or tags; case-insensitive, every word must appear. */
  text: string;
}

export type FacetName = 'kinds' | 'actors' | 'tags';

export const EMPTY_FILTER: TimelineFilter = { kinds: new Set(), actors: new Set(), tags: new Set(), text: '' };

/** Events with no actor are filtered under this key, shown as "No actor". */
export const NO_ACTOR = '';

export function isFilterEmpty(filter: TimelineFilter): boolean {
  return filter.kinds.size === 0 && filter.actors.size === 0 && filter.tags.size === 0 && !filter.text.trim();
}

/** How many separate conditions are set (each picked value, and the words as one). */
export function activeFilterCount(filter: TimelineFilter): number {
  return filter.kinds.size + filter.actors.size + filter.tags.size + (filter.text.trim() ? 1 : 0);
}

// Lower-cased search text per event object: unchanged events keep their object across updates, so this is
// computed once per event version.
const haystacks = new WeakMap<IncidentEvent, string>();

function haystack(event: IncidentEvent): string {
  let text = haystacks.get(event);
  if (text === undefined) {
    text = `${event.text}\n${event.actor}\n${event.tags.join(' ')}`.toLocaleLowerCase();
    haystacks.set(event, text);
  }
  return text;
}

function words(text: string): string[] {
  return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

function matchesExcept(event: IncidentEvent, filter: TimelineFilter, needles: string[], skip?: FacetName): boolean {
  if (skip !== 'kinds' && filter.kinds.size > 0 && !filter.kinds.has(event.kind)) return false;
  if (skip !== 'actors' && filter.actors.size > 0 && !filter.actors.has(event.actor.trim())) return false;
  if (skip !== 'tags' && filter.tags.size > 0 && !event.tags.some((tag) => filter.tags.has(tag))) return false;
  if (needles.length > 0) {
    const text = haystack(event);
    if (!needles.every((needle) => text.includes(needle))) return false;
  }
  return true;
}

export function matchesFilter(event: IncidentEvent, filter: TimelineFilter): boolean {
  return matchesExcept(event, filter, words(filter.text));
}

export function applyFilter(events: readonly IncidentEvent[], filter: TimelineFilter): readonly IncidentEvent[] {
  if (isFilterEmpty(filter)) return events;
  const needles = words(filter.text);
  return events.filter((event) => matchesExcept(event, filter, needles));
}

export interface FacetCounts {
  kinds: Map<EventKind, number>;
  /** Keyed by trimmed actor; `NO_ACTOR` for events without one. */
  actors: Map<string, number>;
  tags: Map<string, number>;
}

/** For each dimension, how many events each value would show given the other dimensions. */
export function facetCounts(events: readonly IncidentEvent[], filter: TimelineFilter): FacetCounts {
  const needles = words(filter.text);
  const counts: FacetCounts = { kinds: new Map(), actors: new Map(), tags: new Map() };
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const event of events) {
    if (matchesExcept(event, filter, needles, 'kinds')) bump(counts.kinds, event.kind);
    if (matchesExcept(event, filter, needles, 'actors')) bump(counts.actors, event.actor.trim());
    if (matchesExcept(event, filter, needles, 'tags')) for (const tag of event.tags) bump(counts.tags, tag);
  }
  return counts;
}

/** Values of a facet, most frequent first, then alphabetically; picked values always listed. */
export function facetOptions<K extends string>(
  counts: Map<K, number>,
  picked: ReadonlySet<K>,
): { value: K; count: number }[] {
  const options = new Map<K, number>(counts);
  for (const value of picked) if (!options.has(value)) options.set(value, 0);
  return [...options]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** `set` with `value` added or removed. */
export function toggled<K>(set: ReadonlySet<K>, value: K): Set<K> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
