/**
 * How an event is named wherever the analysis refers to it (a narrative's reference chip, a factor's linked event,
 * the event picker): its time in the zone the page shows, and the start of what happened. Pure functions, so the
 * narrative editor (outside Svelte) and the components name events the same way.
 */
import type { IncidentEvent } from '@parallax/model';
import { kindLabel } from '../labels.ts';
import type { ZoneFormatter } from '../timezones/format.ts';

/** About one line of a chip: enough to recognise an event, short enough to sit inside a sentence. */
export const SUMMARY_LENGTH = 40;

/**
 * The first `max` characters of the event's text, on one line, cut at a word where one is near, with "…" when cut.
 * An event without text is named by its actor and kind instead, so the chip never reads as empty.
 */
export function eventSummary(
  event: Pick<IncidentEvent, 'text' | 'actor' | 'kind'>,
  max: number = SUMMARY_LENGTH,
): string {
  const text = event.text.replace(/\s+/g, ' ').trim();
  if (!text) return [event.actor.trim(), kindLabel(event.kind).toLowerCase()].filter(Boolean).join(', ');
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  // A word boundary in the last quarter keeps the words whole without throwing most of the summary away.
  const end = space >= max * 0.75 ? space : max;
  return `${cut.slice(0, end).replace(/[\s,.;:–—-]+$/, '')}…`;
}

export interface EventLabel {
  /** "14:03:27 UTC": when, in the zone the page shows. */
  time: string;
  summary: string;
  /** Everything, for a tooltip or an accessible name: "Tue, 4 Mar 2025, 14:03:27 UTC — PagerDuty: Checkout…". */
  full: string;
}

export function eventLabel(event: IncidentEvent, formatter: ZoneFormatter): EventLabel {
  const when = formatter.full(event.occurredAt, event.precision);
  const text = event.text.replace(/\s+/g, ' ').trim();
  const who = event.actor.trim();
  return {
    time: formatter.timeWithZone(event.occurredAt, event.precision),
    summary: eventSummary(event),
    full: `${when} — ${kindLabel(event.kind)}${who ? `, ${who}` : ''}${text ? `: ${text}` : ''}`,
  };
}

/**
 * Whether an event matches what the person typed into an event search: every word must appear in its time (as
 * shown, with its day), actor, kind or text, in any order and case. An empty query matches everything.
 */
export function matchesEventQuery(event: IncidentEvent, query: string, formatter: ZoneFormatter): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [formatter.full(event.occurredAt, event.precision), event.actor, kindLabel(event.kind), event.text]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
