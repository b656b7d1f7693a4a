/**
 * The narrative is Markdown in one Y.Text. It refers to events with the token `[[event:<id>]]`: plain text, so it
 * survives any Markdown tool and merges per character like the rest of the story; renderers replace it with a link
 * showing the event's time and summary (or "deleted event" when the id no longer exists).
 */
import { ID_PATTERN } from './schema.ts';

export interface EventReference {
  eventId: string;
  /** UTF-16 offsets of the whole token in the narrative string, end exclusive. */
  start: number;
  end: number;
}

const ID_CHARS = ID_PATTERN.source.slice(1, -1);
const TOKEN = new RegExp(`\\[\\[event:(${ID_CHARS})\\]\\]`, 'g');

export function eventReference(eventId: string): string {
  if (!ID_PATTERN.test(eventId)) throw new RangeError(`Not an event id: "${eventId}"`);
  return `[[event:${eventId}]]`;
}

export function findEventReferences(markdown: string): EventReference[] {
  const references: EventReference[] = [];
  for (const match of markdown.matchAll(TOKEN)) {
    const eventId = match[1];
    if (eventId === undefined) continue;
    references.push({ eventId, start: match.index, end: match.index + match[0].length });
  }
  return references;
}
