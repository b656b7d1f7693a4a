/**
 * The timeline as a flat list of rows for the virtualised list: a day separator whenever the calendar day (in the
 * display zone) changes, then the events of that day, each knowing the gap since the previous shown event.
 */
import type { IncidentEvent } from '@parallax/model';
import { formatGap, type ZoneFormatter } from '../timezones/format.ts';

export type TimelineRow =
  | { type: 'day'; key: string; label: string; dayKey: string }
  | {
      type: 'event';
      key: string;
      event: IncidentEvent;
      /** Position among the shown events (0-based), for keyboard navigation and aria-posinset. */
      position: number;
      /** "+12 min" since the previous shown event; null for the first of a day or simultaneous events. */
      gap: string | null;
    };

/** Estimated heights before a row is measured (px at the default type size); measured heights replace them. */
export const ESTIMATED_DAY_HEIGHT = 44;
export const ESTIMATED_EVENT_HEIGHT = 112;

export function buildRows(events: readonly IncidentEvent[], formatter: ZoneFormatter): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: IncidentEvent | undefined;
  let previousDay = '';
  events.forEach((event, position) => {
    const day = formatter.day(event.occurredAt);
    const newDay = day.key !== previousDay;
    if (newDay) rows.push({ type: 'day', key: `day:${day.key}`, label: day.label, dayKey: day.key });
    rows.push({
      type: 'event',
      key: event.id,
      event,
      position,
      // Across a day separator the gap still matters (an overnight lull is a finding); keep it.
      gap: previous ? formatGap(previous.occurredAt, event.occurredAt) : null,
    });
    previous = event;
    previousDay = day.key;
  });
  return rows;
}

export function estimateRowHeight(row: TimelineRow): number {
  return row.type === 'day' ? ESTIMATED_DAY_HEIGHT : ESTIMATED_EVENT_HEIGHT;
}

/** Each event's position in `events`, by id. */
export function positionsById(events: readonly IncidentEvent[]): ReadonlyMap<string, number> {
  return new Map(events.map((event, index) => [event.id, index]));
}
