/**
 * Order comes from data, never from where a peer happened to insert: these comparators give the same total order on
 * every peer. Strings are compared by code unit, not with localeCompare, because locales differ between peers.
 */
import type { EntityStamp, IncidentEvent } from './types.ts';

function compareInstants(a: string, b: string): number {
  const left = Date.parse(a);
  const right = Date.parse(b);
  // Unparseable times sort after every real time, then fall through to the next key.
  const leftKey = Number.isNaN(left) ? Number.POSITIVE_INFINITY : left;
  const rightKey = Number.isNaN(right) ? Number.POSITIVE_INFINITY : right;
  if (leftKey !== rightKey) return leftKey < rightKey ? -1 : 1;
  return 0;
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** By occurredAt, then createdAt, then id. */
export function compareEvents(
  a: Pick<IncidentEvent, 'occurredAt' | 'createdAt' | 'id'>,
  b: Pick<IncidentEvent, 'occurredAt' | 'createdAt' | 'id'>,
): number {
  return (
    compareInstants(a.occurredAt, b.occurredAt) ||
    compareInstants(a.createdAt, b.createdAt) ||
    compareStrings(a.id, b.id)
  );
}

/** For perspectives, questions, factors and action items: by createdAt, then id. */
export function compareByCreation(
  a: Pick<EntityStamp, 'createdAt' | 'id'>,
  b: Pick<EntityStamp, 'createdAt' | 'id'>,
): number {
  return compareInstants(a.createdAt, b.createdAt) || compareStrings(a.id, b.id);
}
