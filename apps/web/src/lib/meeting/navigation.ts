/**
 * Moving through the timeline on the projected screen: the focused event with the events around it, steps to the
 * next and previous, and jumps to a typed time ("14:05", read in the incident's zone on the day on screen).
 */
import { parseTimeInput } from '../timezones/parse.ts';

interface Timed {
  id: string;
  occurredAt: string;
}

export interface ContextWindow<T> {
  /** Exactly `before` slots, oldest first; null where the timeline starts. */
  before: (T | null)[];
  current: T | null;
  /** Exactly `after` slots; null where the timeline ends. */
  after: (T | null)[];
  /** 0-based position of the current event, -1 when there is none. */
  index: number;
}

/**
 * The focused event and its neighbours, in fixed slots so the layout does not move when the timeline starts or ends
 * nearby. An unknown id (deleted meanwhile) shows the first event.
 */
export function contextWindow<T extends Timed>(
  events: readonly T[],
  focusedId: string | null,
  before = 3,
  after = 3,
): ContextWindow<T> {
  const found = focusedId === null ? -1 : events.findIndex((event) => event.id === focusedId);
  const index = found === -1 ? (events.length > 0 ? 0 : -1) : found;
  const slot = (position: number) => (index !== -1 && position >= 0 ? (events[position] ?? null) : null);
  return {
    before: Array.from({ length: before }, (_, offset) => slot(index - before + offset)),
    current: slot(index),
    after: Array.from({ length: after }, (_, offset) => slot(index + 1 + offset)),
    index,
  };
}

/** The event `step` places from the focused one, kept within the timeline; the first one when none is focused. */
export function stepFrom(events: readonly Timed[], focusedId: string | null, step: number): string | null {
  if (events.length === 0) return null;
  const current = focusedId === null ? -1 : events.findIndex((event) => event.id === focusedId);
  if (current === -1) return events[step < 0 ? events.length - 1 : 0]?.id ?? null;
  return events[Math.max(0, Math.min(events.length - 1, current + step))]?.id ?? null;
}

/**
 * The position to keep when the focused event disappears (someone deleted it): the event now at its old place,
 * else the last one.
 */
export function survivorAt(events: readonly Timed[], index: number): string | null {
  if (events.length === 0) return null;
  return (events[Math.min(Math.max(index, 0), events.length - 1)] ?? null)?.id ?? null;
}

/** The first event at or after `ms`, else the last one before it. */
export function eventAtOrAfter(events: readonly Timed[], ms: number): string | null {
  const found = events.find((event) => Date.parse(event.occurredAt) >= ms);
  return (found ?? events.at(-1))?.id ?? null;
}

export type JumpResult = { ok: true; id: string; occurredAt: string } | { ok: false; message: string };

/**
 * Reads a time typed in the jump box. A time of day without a date is on the day of the event on screen (a review
 * meeting looks back; "today" would be the wrong day), in the incident's zone.
 */
export function jumpTarget(
  input: string,
  events: readonly Timed[],
  { zone, onScreen }: { zone: string; onScreen: string | null },
): JumpResult {
  if (events.length === 0) return { ok: false, message: 'There are no events to jump to yet.' };
  const reference = onScreen ?? events[0]?.occurredAt ?? new Date().toISOString();
  const parsed = parseTimeInput(input, { zone, now: new Date(reference) });
  if (!parsed.ok) return parsed;
  const id = eventAtOrAfter(events, Date.parse(parsed.value.occurredAt));
  if (id === null) return { ok: false, message: 'There are no events to jump to yet.' };
  return { ok: true, id, occurredAt: parsed.value.occurredAt };
}
