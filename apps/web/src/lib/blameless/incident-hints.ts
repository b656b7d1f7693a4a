/**
 * Blameless-language hints across one incident, for the side panel and the count on its toggle: every text people
 * write (event texts, perspectives, questions and answers, factors, action items, the narrative), grouped by where
 * it is written, with where to go to see it in place.
 *
 * This runs on each change to any of those lists, and a 10,000-event incident gets a new `events` array on each
 * keystroke. Scanning is therefore cached twice: by entity object (events keep their identity while unchanged, so
 * one keystroke costs one scan and a lookup per event) and by text (the analysis lists are re-read whole when one
 * entry changes, so their unchanged texts come back as new objects with the same strings).
 */
import {
  BLAMELESS_CATEGORIES,
  findBlamelessHints,
  type ActionItem,
  type BlamelessCategory,
  type BlamelessHint,
  type Factor,
  type IncidentEvent,
  type Perspective,
  type PerspectiveField,
  type Question,
  type TimePrecision,
} from '@parallax/model';
import type { WorkspaceTab } from '../workspace/workspace-nav.svelte.ts';

export type HintPlace = 'event' | 'perspective' | 'question' | 'answer' | 'factor' | 'actionItem' | 'narrative';

export interface HintTarget {
  /** The tab the text is on; an entry tied to an event is shown on the timeline, at that event. */
  tab: WorkspaceTab;
  eventId: string | null;
}

export interface HintEntry {
  /** Unique in the incident: place, entity id and field. */
  key: string;
  place: HintPlace;
  /** Who or what the text belongs to: the event's actor, the perspective's person, the question, the title. */
  subject: string;
  /** Which of the entity's texts: a perspective's saw/knew/thought/did, a factor's title or description. */
  field: string;
  /** When the entry is an event's text, its time, which the panel shows in the chosen zone. */
  time: { occurredAt: string; precision: TimePrecision } | null;
  target: HintTarget;
  text: string;
  hints: readonly BlamelessHint[];
}

export interface IncidentHints {
  total: number;
  byCategory: Record<BlamelessCategory, number>;
  /** Texts with at least one hint, in the order of the panel: timeline, perspectives, questions, factors, actions. */
  entries: readonly HintEntry[];
}

export interface HintSource {
  readonly events: readonly IncidentEvent[];
  readonly perspectives: readonly Perspective[];
  readonly questions: readonly Question[];
  readonly factors: readonly Factor[];
  readonly actionItems: readonly ActionItem[];
  readonly narrative: string;
}

const NONE: readonly BlamelessHint[] = Object.freeze([]);
/** Distinct texts remembered by content: far more than the analysis lists hold, bounded for a long session. */
const TEXT_CACHE_SIZE = 2_000;

const PERSPECTIVE_FIELDS: readonly PerspectiveField[] = ['saw', 'knew', 'thought', 'did'];
const FIELD_LABELS: Record<PerspectiveField, string> = {
  saw: 'what they saw',
  knew: 'what they knew',
  thought: 'what they thought',
  did: 'what they did',
};

type Scan = (text: string) => readonly BlamelessHint[];

/**
 * An `incidentHints` with its own caches; `scan` is the model's rules unless a test counts the calls. The app uses
 * the one below, shared by the toggle's count and the panel, so the panel costs nothing more.
 */
export function createIncidentHints(scan: Scan = findBlamelessHints): (source: HintSource) => IncidentHints {
  const byText = new Map<string, readonly BlamelessHint[]>();
  const byEntity = new WeakMap<object, readonly (readonly BlamelessHint[])[]>();

  function hintsOf(text: string): readonly BlamelessHint[] {
    if (text.trim() === '') return NONE;
    let hints = byText.get(text);
    if (hints) {
      // Least recently used goes first: move this one to the end.
      byText.delete(text);
    } else {
      hints = scan(text);
      if (hints.length === 0) hints = NONE;
      if (byText.size >= TEXT_CACHE_SIZE) {
        const oldest = byText.keys().next().value;
        if (oldest !== undefined) byText.delete(oldest);
      }
    }
    byText.set(text, hints);
    return hints;
  }

  /** The hints of each of `texts(entity)`, remembered for as long as the entity object lives. */
  function hintsOfEntity<T extends object>(entity: T, texts: (entity: T) => readonly string[]) {
    let cached = byEntity.get(entity);
    if (!cached) {
      cached = texts(entity).map(hintsOf);
      byEntity.set(entity, cached);
    }
    return cached;
  }

  return (source) => {
    const entries: HintEntry[] = [];
    const add = (entry: Omit<HintEntry, 'hints'>, hints: readonly BlamelessHint[] | undefined) => {
      if (hints && hints.length > 0) entries.push({ ...entry, hints });
    };

    for (const event of source.events) {
      if (event.text === '') continue;
      const [hints] = hintsOfEntity(event, (value) => [value.text]);
      add(
        {
          key: `event:${event.id}`,
          place: 'event',
          subject: event.actor,
          field: 'text',
          time: { occurredAt: event.occurredAt, precision: event.precision },
          target: { tab: 'timeline', eventId: event.id },
          text: event.text,
        },
        hints,
      );
    }
    for (const perspective of source.perspectives) {
      const fields = hintsOfEntity(perspective, (value) => PERSPECTIVE_FIELDS.map((field) => value[field]));
      PERSPECTIVE_FIELDS.forEach((field, index) => {
        add(
          {
            key: `perspective:${perspective.id}:${field}`,
            place: 'perspective',
            subject: perspective.person,
            field,
            time: null,
            target: { tab: 'lanes', eventId: perspective.eventId },
            text: perspective[field],
          },
          fields[index],
        );
      });
    }
    for (const question of source.questions) {
      const [text, answer] = hintsOfEntity(question, (value) => [value.text, value.answer]);
      const common = {
        subject: question.text,
        time: null,
        target: { tab: 'questions' as const, eventId: question.eventId },
      };
      add({ ...common, key: `question:${question.id}`, place: 'question', field: 'text', text: question.text }, text);
      add({ ...common, key: `answer:${question.id}`, place: 'answer', field: 'answer', text: question.answer }, answer);
    }
    for (const factor of source.factors) {
      const [title, description] = hintsOfEntity(factor, (value) => [value.title, value.description]);
      const common = {
        place: 'factor' as const,
        subject: factor.title,
        time: null,
        target: { tab: 'analysis' as const, eventId: null },
      };
      add({ ...common, key: `factor:${factor.id}:title`, field: 'title', text: factor.title }, title);
      add(
        { ...common, key: `factor:${factor.id}:description`, field: 'description', text: factor.description },
        description,
      );
    }
    for (const item of source.actionItems) {
      const [title, description] = hintsOfEntity(item, (value) => [value.title, value.description]);
      const common = {
        place: 'actionItem' as const,
        subject: item.title,
        time: null,
        target: { tab: 'actions' as const, eventId: null },
      };
      add({ ...common, key: `actionItem:${item.id}:title`, field: 'title', text: item.title }, title);
      add(
        { ...common, key: `actionItem:${item.id}:description`, field: 'description', text: item.description },
        description,
      );
    }
    add(
      {
        key: 'narrative',
        place: 'narrative',
        subject: '',
        field: 'text',
        time: null,
        target: { tab: 'narrative', eventId: null },
        text: source.narrative,
      },
      hintsOf(source.narrative),
    );

    const byCategory = Object.fromEntries(BLAMELESS_CATEGORIES.map((category) => [category, 0])) as Record<
      BlamelessCategory,
      number
    >;
    let total = 0;
    for (const entry of entries) {
      total += entry.hints.length;
      for (const hint of entry.hints) byCategory[hint.category] += 1;
    }
    return { total, byCategory, entries };
  };
}

export const incidentHints = createIncidentHints();

function quoted(text: string, max = 48): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line}”`;
}

/**
 * Where an entry is written, as the panel's heading for it: "Event at 14:02 UTC — Priya", "Perspective of Priya —
 * what they did", "Answer to “Why did the …”". `time` formats an event's time in the zone the reader chose.
 */
export function describeWhere(
  entry: Pick<HintEntry, 'place' | 'subject' | 'field' | 'time'>,
  time: (occurredAt: string, precision: TimePrecision) => string,
): string {
  switch (entry.place) {
    case 'event': {
      const at = entry.time ? ` at ${time(entry.time.occurredAt, entry.time.precision)}` : '';
      return `Event${at}${entry.subject ? ` — ${entry.subject}` : ''}`;
    }
    case 'perspective': {
      const field = FIELD_LABELS[entry.field as PerspectiveField] ?? entry.field;
      return `Perspective of ${entry.subject || 'someone unnamed'} — ${field}`;
    }
    case 'question':
      return 'Question';
    case 'answer':
      return `Answer to ${quoted(entry.subject)}`;
    case 'factor':
      return entry.field === 'title' ? 'Factor (title)' : `Factor ${quoted(entry.subject)}`;
    case 'actionItem':
      return entry.field === 'title' ? 'Action item (title)' : `Action item ${quoted(entry.subject)}`;
    case 'narrative':
      return 'Narrative';
  }
}

/** Narrative tokens read as words in a snippet; the panel is no place for `[[event:…]]`. */
const EVENT_TOKEN = /\[\[event:[^\]\s]*\]\]/g;

/**
 * The phrase with a few words either side, cut at word boundaries and on one line, for the panel:
 * `{ before: '…engineer ', phrase: 'should have', after: ' noticed the alert.' }`.
 */
export function hintContext(
  text: string,
  hint: Pick<BlamelessHint, 'start' | 'end'>,
  reach = 40,
): { before: string; phrase: string; after: string } {
  const oneLine = (value: string) => value.replace(EVENT_TOKEN, '(event)').replace(/\s+/g, ' ');
  let from = Math.max(0, hint.start - reach);
  let to = Math.min(text.length, hint.end + reach);
  if (from > 0) {
    const space = text.slice(from, hint.start).search(/\s/);
    from = space >= 0 ? from + space + 1 : from;
  }
  if (to < text.length) {
    const tail = text.slice(hint.end, to);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    to = space >= 0 ? hint.end + space : to;
  }
  return {
    before: `${from > 0 ? '…' : ''}${oneLine(text.slice(from, hint.start)).trimStart()}`,
    phrase: text.slice(hint.start, hint.end),
    after: `${oneLine(text.slice(hint.end, to)).trimEnd()}${to < text.length ? '…' : ''}`,
  };
}
