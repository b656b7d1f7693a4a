/**
 * The incident's events in timeline order, kept up to date from the document one changed event at a time.
 * Re-reading all events on every keystroke (what `listEvents` does) costs tens of milliseconds in a 10,000-event
 * incident; here a keystroke re-reads one event and, when its time did not change, keeps its place.
 */
import type * as Y from 'yjs';
import { compareEvents, eventsMap, listEvents, readEvent, type IncidentEvent } from '@parallax/model';

/** What a batch of document changes did to the timeline. */
export interface TimelineChange {
  /** Events were added, removed or moved in time: rows, day separators and gaps must be rebuilt. */
  structure: boolean;
  /** A field other than the text changed (kind, actor, tags, stamps…): filters, counts and marks may change. */
  fields: boolean;
}

const NON_TEXT_FIELDS = [
  'sourceZone',
  'precision',
  'actor',
  'source',
  'sourceUrl',
  'kind',
  'createdBy',
  'updatedBy',
  'updatedAt',
] as const satisfies readonly (keyof IncidentEvent)[];

/** Whether two versions of an event differ only in their text (the common case: someone is typing). */
export function onlyTextChanged(before: IncidentEvent, after: IncidentEvent): boolean {
  if (NON_TEXT_FIELDS.some((field) => before[field] !== after[field])) return false;
  return before.tags.length === after.tags.length && before.tags.every((tag, i) => after.tags[i] === tag);
}

export class EventIndex {
  readonly #doc: Y.Doc;
  #sorted: IncidentEvent[];
  readonly #byId = new Map<string, IncidentEvent>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#sorted = listEvents(doc);
    for (const event of this.#sorted) this.#byId.set(event.id, event);
  }

  /** Timeline order (occurredAt, createdAt, id). A new array after every change that touched an event. */
  get events(): readonly IncidentEvent[] {
    return this.#sorted;
  }

  get(id: string): IncidentEvent | undefined {
    return this.#byId.get(id);
  }

  /** Position in timeline order, or -1. */
  indexOf(id: string): number {
    const event = this.#byId.get(id);
    return event ? this.#search(event) : -1;
  }

  /** The ids of the events a batch of `observeDeep` events on the events map touched. */
  static changedIds(events: readonly Y.YEvent<Y.AbstractType<unknown>>[], root: unknown): Set<string> {
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === root) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) ids.add(key);
      } else {
        const [id] = event.path;
        if (typeof id === 'string') ids.add(id);
      }
    }
    return ids;
  }

  /** Re-reads the given events from the document. Returns what changed, or null when the timeline did not. */
  update(ids: Iterable<string>): TimelineChange | null {
    const next = this.#sorted.slice();
    let changed = false;
    const change: TimelineChange = { structure: false, fields: false };
    for (const id of ids) {
      const before = this.#byId.get(id);
      const after = readEvent(this.#doc, id);
      if (before === undefined && after === undefined) continue;
      changed = true;
      if (before && after && compareEvents(before, after) === 0) {
        // Same place in the order (a text, tag or kind change): replace in place.
        next[search(next, before)] = after;
        this.#byId.set(id, after);
        if (!onlyTextChanged(before, after)) change.fields = true;
        continue;
      }
      change.structure = true;
      change.fields = true;
      if (before) {
        next.splice(search(next, before), 1);
        this.#byId.delete(id);
      }
      if (after) {
        next.splice(insertionPoint(next, after), 0, after);
        this.#byId.set(id, after);
      }
    }
    if (!changed) return null;
    this.#sorted = next;
    return change;
  }

  /** Subscribes to the document; `onChange` runs after each transaction that changed the timeline. */
  observe(onChange: (change: TimelineChange) => void): () => void {
    const root = eventsMap(this.#doc);
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      const change = this.update(EventIndex.changedIds(events, root));
      if (change) onChange(change);
    };
    root.observeDeep(observer);
    return () => root.unobserveDeep(observer);
  }

  #search(event: IncidentEvent): number {
    return search(this.#sorted, event);
  }
}

/** Index of `event` (by its sort keys) in a sorted array; every id is in it once. */
function search(sorted: readonly IncidentEvent[], event: IncidentEvent): number {
  const at = insertionPoint(sorted, event);
  if (sorted[at]?.id === event.id) return at;
  throw new Error(`event ${event.id} is not where its time says it is`);
}

/** First index whose event sorts at or after `event`. */
function insertionPoint(sorted: readonly IncidentEvent[], event: IncidentEvent): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const candidate = sorted[mid];
    if (candidate && compareEvents(candidate, event) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
