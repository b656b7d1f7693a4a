/**
 * The swim-lane view as data: one lane per person (or per role), one row per moment (the incident as a whole, then
 * each event with an account, in timeline order), and in each cell the accounts of that lane at that moment. Pure,
 * so the grouping rules are tested without a browser.
 */
import type { IncidentEvent, Perspective } from '@parallax/model';

export type LaneGrouping = 'person' | 'role';

export interface Lane {
  /** Lower-cased and trimmed: "Alice" and " alice" are one person. */
  key: string;
  /** As first written (trimmed); "No role" / "Unnamed" when empty. */
  label: string;
  /** Accounts in this lane, all rows together. */
  count: number;
}

export type LaneRow =
  /** Accounts of the incident as a whole, including those whose event was deleted. */
  | { type: 'incident'; key: string; cells: Perspective[][] }
  | { type: 'event'; key: string; event: IncidentEvent; cells: Perspective[][] }
  /** Anchored to an event this copy does not have (yet): kept visible rather than silently dropped. */
  | { type: 'missing'; key: string; cells: Perspective[][] };

export interface LaneTable {
  lanes: Lane[];
  /** `cells[i]` holds the accounts of `lanes[i]`, in the order they were written. */
  rows: LaneRow[];
}

export interface LaneOptions {
  /** Also list events nobody has given an account of (the whole timeline beside the lanes). */
  allEvents?: boolean;
}

export const NO_ROLE = 'No role';
export const UNNAMED = 'Unnamed';

export function laneKey(value: string): string {
  return value.trim().toLocaleLowerCase();
}

function laneValue(perspective: Perspective, by: LaneGrouping): string {
  return (by === 'person' ? perspective.person : perspective.role).trim();
}

/**
 * `events` in timeline order (as the session holds them); `perspectives` in creation order. Lanes are ordered by
 * who (or which role) appears first going down the rows, so the lanes read left to right roughly in the order
 * people got involved; the empty lane ("No role") comes last.
 */
export function buildLanes(
  events: readonly IncidentEvent[],
  perspectives: readonly Perspective[],
  by: LaneGrouping,
  options: LaneOptions = {},
): LaneTable {
  const byEvent = new Map<string, Perspective[]>();
  const incident: Perspective[] = [];
  const known = new Set(events.map((event) => event.id));
  const missing: Perspective[] = [];
  for (const perspective of perspectives) {
    if (perspective.eventId === null) incident.push(perspective);
    else if (!known.has(perspective.eventId)) missing.push(perspective);
    else {
      const list = byEvent.get(perspective.eventId);
      if (list) list.push(perspective);
      else byEvent.set(perspective.eventId, [perspective]);
    }
  }

  // Rows first, in reading order; lanes are discovered in the same order.
  const groups: { type: LaneRow['type']; key: string; event?: IncidentEvent; items: Perspective[] }[] = [];
  if (incident.length > 0) groups.push({ type: 'incident', key: 'incident', items: incident });
  for (const event of events) {
    const items = byEvent.get(event.id);
    if (items || options.allEvents) groups.push({ type: 'event', key: event.id, event, items: items ?? [] });
  }
  if (missing.length > 0) groups.push({ type: 'missing', key: 'missing', items: missing });

  // A lane is named as it was first written, whichever row that account sits in.
  const labels = new Map<string, string>();
  for (const perspective of perspectives) {
    const value = laneValue(perspective, by);
    if (!labels.has(laneKey(value))) labels.set(laneKey(value), value || (by === 'role' ? NO_ROLE : UNNAMED));
  }
  const lanes: Lane[] = [];
  const laneIndex = new Map<string, number>();
  for (const group of groups) {
    for (const perspective of group.items) {
      const key = laneKey(laneValue(perspective, by));
      const index = laneIndex.get(key);
      if (index === undefined) {
        laneIndex.set(key, lanes.length);
        lanes.push({ key, label: labels.get(key) ?? key, count: 1 });
      } else {
        const lane = lanes[index];
        if (lane) lane.count += 1;
      }
    }
  }
  const empty = lanes.findIndex((lane) => lane.key === '');
  if (empty !== -1) lanes.push(...lanes.splice(empty, 1));
  const position = new Map(lanes.map((lane, index) => [lane.key, index]));

  const rows = groups.map((group): LaneRow => {
    const cells: Perspective[][] = lanes.map(() => []);
    for (const perspective of group.items) {
      cells[position.get(laneKey(laneValue(perspective, by))) ?? 0]?.push(perspective);
    }
    if (group.type === 'event' && group.event) {
      return { type: 'event', key: group.key, event: group.event, cells };
    }
    return { type: group.type === 'missing' ? 'missing' : 'incident', key: group.key, cells };
  });
  return { lanes, rows };
}

/** The parts of an account that say something, in the order people tell them. */
export const PERSPECTIVE_PARTS = [
  { field: 'saw', label: 'Saw' },
  { field: 'knew', label: 'Knew' },
  { field: 'thought', label: 'Thought' },
  { field: 'did', label: 'Did' },
] as const satisfies readonly { field: keyof Perspective; label: string }[];

export function filledParts(perspective: Perspective): { field: string; label: string; text: string }[] {
  return PERSPECTIVE_PARTS.map(({ field, label }) => ({ field, label, text: perspective[field].trim() })).filter(
    (part) => part.text !== '',
  );
}
