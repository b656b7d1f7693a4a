/**
 * A diff between two versions of an incident (the server's IncidentDiff) laid out for reading: one section per kind
 * of item, each entry named the way the workspace names it (events by their time), every changed field with a human
 * label and human values, and long unchanged stretches of prose shortened around the edits. Pure, so what the diff
 * view says can be unit-tested.
 */
import type {
  ActionItem,
  CollectionCounts,
  DiffCollection,
  DiffSummary,
  EntityChange,
  EntityStamp,
  Factor,
  FieldChange,
  IncidentDiff,
  IncidentEvent,
  Perspective,
  Question,
  TextSegment,
} from '@parallax/model';
import { actionCategoryLabel, actionStatusLabel } from '../action-items/action-filter.ts';
import { FACTOR_KIND_COPY } from '../factors/factor-kinds.ts';
import { kindLabel, precisionLabel, sourceLabel, statusLabel } from '../labels.ts';
import { eventSummary } from '../narrative/event-label.ts';
import { statusLabel as questionStatusLabel } from '../questions/question-format.ts';
import type { ZoneFormatter } from '../timezones/format.ts';

export const COLLECTION_TITLES: Record<DiffCollection, string> = {
  events: 'Events',
  perspectives: 'Perspectives',
  questions: 'Questions',
  factors: 'Factors & learnings',
  actionItems: 'Action items',
};

export const COLLECTION_ORDER: readonly DiffCollection[] = [
  'events',
  'perspectives',
  'questions',
  'factors',
  'actionItems',
];

const FIELD_LABELS: Record<DiffCollection | 'meta', Record<string, string>> = {
  events: {
    occurredAt: 'Time',
    sourceZone: 'Time zone it was recorded in',
    precision: 'Precision',
    actor: 'Actor',
    source: 'Source',
    sourceUrl: 'Source link',
    kind: 'Kind',
    tags: 'Tags',
    text: 'What happened',
  },
  perspectives: {
    eventId: 'About',
    person: 'Whose view',
    role: 'Role',
    saw: 'Saw',
    knew: 'Knew',
    thought: 'Thought',
    did: 'Did',
  },
  questions: {
    eventId: 'About',
    asker: 'Asked by',
    owner: 'Owner',
    ownerId: 'Owner’s account',
    status: 'Status',
    text: 'Question',
    answer: 'Answer',
    evidenceUrls: 'Evidence',
  },
  factors: { kind: 'Kind', title: 'Title', description: 'Description', eventIds: 'Linked events' },
  actionItems: {
    title: 'Title',
    description: 'Description',
    owner: 'Owner',
    ownerId: 'Owner’s account',
    category: 'Category',
    status: 'Status',
    statusReason: 'Reason',
    dueDate: 'Due',
    trackerUrl: 'Tracker link',
    eventIds: 'Linked events',
    factorIds: 'Linked factors',
  },
  meta: {
    schemaVersion: 'Schema version',
    title: 'Title',
    referenceTimeZone: 'Reference time zone',
    impactStart: 'Impact started',
    impactEnd: 'Impact ended',
    severity: 'Severity',
    status: 'Status',
  },
};

export function fieldLabel(collection: DiffCollection | 'meta', field: string): string {
  return FIELD_LABELS[collection][field] ?? field;
}

/** Looks up items the diff refers to by id but does not carry (an unchanged event a factor links to). */
export interface DiffLookup {
  event(id: string): IncidentEvent | undefined;
  factor(id: string): Factor | undefined;
}

export interface DiffContext {
  formatter: ZoneFormatter;
  lookup: DiffLookup;
}

export type FieldView =
  | { kind: 'text'; field: string; label: string; segments: TextSegment[] }
  | { kind: 'value'; field: string; label: string; before: string; after: string }
  | { kind: 'set'; field: string; label: string; added: string[]; removed: string[] };

export type EntryStatus = 'added' | 'removed' | 'changed';

export interface DiffEntry {
  status: EntryStatus;
  id: string;
  /** What the item is, as the workspace names it. */
  heading: string;
  /** Events only: when it happened (the later version's time for a change). */
  time?: string;
  /** Changed: the fields that changed. Added or removed: the item's content. */
  fields: FieldView[];
  /** Deleted and created again under the same id in between. */
  recreated: boolean;
}

export interface DiffSection {
  collection: DiffCollection;
  title: string;
  counts: CollectionCounts;
  entries: DiffEntry[];
}

const NONE = 'none';

/** The display value of a scalar field; `item` is the side the value comes from (for an event's precision). */
function formatValue(
  collection: DiffCollection | 'meta',
  field: string,
  value: string | number | null,
  context: DiffContext,
  precision?: IncidentEvent['precision'],
): string {
  if (value === null || value === '') {
    if (field === 'eventId') return 'the incident as a whole';
    return NONE;
  }
  if (typeof value === 'number') return String(value);
  switch (field) {
    case 'occurredAt':
    case 'impactStart':
    case 'impactEnd':
      return Number.isNaN(Date.parse(value)) ? value : context.formatter.full(value, precision);
    case 'precision':
      return precisionLabel(value);
    case 'source':
      return sourceLabel(value);
    case 'category':
      return actionCategoryLabel(value);
    case 'eventId':
      return describeEvent(value, context);
    case 'kind':
      if (collection === 'factors') return FACTOR_KIND_COPY[value as Factor['kind']]?.title ?? value;
      return kindLabel(value);
    case 'status':
      if (collection === 'questions') return questionStatusLabel(value);
      if (collection === 'actionItems') return actionStatusLabel(value);
      return statusLabel(value);
    default:
      return value;
  }
}

/** An event named by its time and the start of its text; an event neither version has is named as gone. */
export function describeEvent(id: string, context: DiffContext): string {
  const event = context.lookup.event(id);
  if (!event) return 'an event that no longer exists';
  return `${context.formatter.timeWithZone(event.occurredAt, event.precision)} — ${eventSummary(event, 60)}`;
}

function describeSetMember(field: string, value: string, context: DiffContext): string {
  if (field === 'eventIds') return describeEvent(value, context);
  if (field === 'factorIds') return context.lookup.factor(value)?.title || 'a factor that no longer exists';
  if (field === 'tags') return `#${value}`;
  return value;
}

export function fieldView(
  collection: DiffCollection | 'meta',
  change: FieldChange,
  context: DiffContext,
  precisions?: { before?: IncidentEvent['precision']; after?: IncidentEvent['precision'] },
): FieldView {
  const label = fieldLabel(collection, change.field);
  switch (change.kind) {
    case 'text':
      return { kind: 'text', field: change.field, label, segments: change.segments };
    case 'set':
      return {
        kind: 'set',
        field: change.field,
        label,
        added: change.added.map((value) => describeSetMember(change.field, value, context)),
        removed: change.removed.map((value) => describeSetMember(change.field, value, context)),
      };
    case 'value':
      return {
        kind: 'value',
        field: change.field,
        label,
        before: formatValue(collection, change.field, change.before, context, precisions?.before),
        after: formatValue(collection, change.field, change.after, context, precisions?.after),
      };
  }
}

/**
 * An account id means nothing to a reader and always moves with the owner's name: shown only when it changed on its
 * own (the same name, now linked to an account or no longer).
 */
function readableFields(changes: readonly FieldChange[]): FieldChange[] {
  const ownerChanged = changes.some((change) => change.field === 'owner');
  return changes.filter((change) => change.field !== 'ownerId' || !ownerChanged);
}

function ownerAccountView(change: FieldChange, label: string): FieldView {
  const before = change.kind === 'value' && change.before !== null ? 'linked to an account' : 'no account';
  const after = change.kind === 'value' && change.after !== null ? 'linked to an account' : 'no account';
  return {
    kind: 'value',
    field: 'ownerId',
    label,
    before: before === after ? 'another account' : before,
    after,
  };
}

function changedFields(
  collection: DiffCollection | 'meta',
  changes: readonly FieldChange[],
  context: DiffContext,
  precisions?: { before?: IncidentEvent['precision']; after?: IncidentEvent['precision'] },
): FieldView[] {
  return readableFields(changes).map((change) =>
    change.field === 'ownerId'
      ? ownerAccountView(change, fieldLabel(collection, 'ownerId'))
      : fieldView(collection, change, context, precisions),
  );
}

/** A whole item's prose, as an added or removed entry shows it: each non-empty text field, whole. */
function contentFields(collection: DiffCollection, item: EntityStamp, context: DiffContext): FieldView[] {
  const text = (field: string, value: string): FieldView[] =>
    value.trim()
      ? [{ kind: 'text', field, label: fieldLabel(collection, field), segments: [{ op: 'equal', text: value }] }]
      : [];
  const value = (field: string, raw: string | null): FieldView[] =>
    raw
      ? [
          {
            kind: 'value',
            field,
            label: fieldLabel(collection, field),
            before: '',
            after: formatValue(collection, field, raw, context),
          },
        ]
      : [];
  switch (collection) {
    case 'events': {
      const event = item as IncidentEvent;
      return [...text('text', event.text), ...(event.tags.length ? [tagsView(event.tags)] : [])];
    }
    case 'perspectives': {
      const perspective = item as Perspective;
      return (['saw', 'knew', 'thought', 'did'] as const).flatMap((field) => text(field, perspective[field]));
    }
    case 'questions': {
      const question = item as Question;
      return [
        ...value('status', question.status),
        ...value('owner', question.owner),
        ...text('answer', question.answer),
      ];
    }
    case 'factors': {
      const factor = item as Factor;
      return [...value('kind', factor.kind), ...text('description', factor.description)];
    }
    case 'actionItems': {
      const action = item as ActionItem;
      return [
        ...value('owner', action.owner),
        ...value('status', action.status),
        ...value('dueDate', action.dueDate),
        ...text('description', action.description),
      ];
    }
  }
}

function tagsView(tags: readonly string[]): FieldView {
  return { kind: 'set', field: 'tags', label: 'Tags', added: tags.map((tag) => `#${tag}`), removed: [] };
}

/** What an item is called in a list of changes. */
export function itemHeading(collection: DiffCollection, item: EntityStamp, context: DiffContext): string {
  switch (collection) {
    case 'events': {
      const event = item as IncidentEvent;
      const who = event.actor.trim();
      return `${kindLabel(event.kind)}${who ? ` — ${who}` : ''}: ${eventSummary(event, 80)}`;
    }
    case 'perspectives': {
      const perspective = item as Perspective;
      const whose = `${perspective.person.trim() || 'Someone'}${perspective.role.trim() ? ` (${perspective.role.trim()})` : ''}`;
      const about = perspective.eventId ? describeEvent(perspective.eventId, context) : 'the incident as a whole';
      return `${whose} on ${about}`;
    }
    case 'questions':
      return oneLine((item as Question).text, 120) || 'A question without text';
    case 'factors': {
      const factor = item as Factor;
      return `${FACTOR_KIND_COPY[factor.kind]?.title ?? factor.kind}: ${oneLine(factor.title, 120) || 'untitled'}`;
    }
    case 'actionItems':
      return oneLine((item as ActionItem).title, 120) || 'An untitled action item';
  }
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

function eventTime(item: EntityStamp, context: DiffContext): string {
  const event = item as IncidentEvent;
  return context.formatter.full(event.occurredAt, event.precision);
}

function changedEntry(collection: DiffCollection, change: EntityChange<EntityStamp>, context: DiffContext): DiffEntry {
  const precisions =
    collection === 'events'
      ? {
          before: (change.before as IncidentEvent).precision,
          after: (change.after as IncidentEvent).precision,
        }
      : undefined;
  return {
    status: 'changed',
    id: change.id,
    heading: itemHeading(collection, change.after, context),
    time: collection === 'events' ? eventTime(change.after, context) : undefined,
    fields: changedFields(collection, change.fields as FieldChange[], context, precisions),
    recreated: change.recreated,
  };
}

function wholeEntry(
  collection: DiffCollection,
  status: 'added' | 'removed',
  item: EntityStamp,
  context: DiffContext,
): DiffEntry {
  return {
    status,
    id: item.id,
    heading: itemHeading(collection, item, context),
    time: collection === 'events' ? eventTime(item, context) : undefined,
    fields: contentFields(collection, item, context),
    recreated: false,
  };
}

type AnyCollectionDiff = {
  added: readonly EntityStamp[];
  removed: readonly EntityStamp[];
  changed: readonly EntityChange<EntityStamp>[];
};

/**
 * The sections with something in them, in the workspace's tab order. Events are listed in time order whatever
 * happened to them, as a timeline reads; the rest list changes first, then additions, then removals.
 */
export function diffSections(diff: IncidentDiff, context: DiffContext): DiffSection[] {
  const sections: DiffSection[] = [];
  for (const collection of COLLECTION_ORDER) {
    const part = diff[collection] as unknown as AnyCollectionDiff;
    const counts = diff.summary.collections[collection];
    if (counts.added + counts.removed + counts.changed === 0) continue;
    const entries: DiffEntry[] = [
      ...part.changed.map((change) => changedEntry(collection, change, context)),
      ...part.added.map((item) => wholeEntry(collection, 'added', item, context)),
      ...part.removed.map((item) => wholeEntry(collection, 'removed', item, context)),
    ];
    if (collection === 'events') {
      const at = new Map<string, number>();
      for (const change of part.changed) at.set(change.id, Date.parse((change.after as IncidentEvent).occurredAt));
      for (const item of [...part.added, ...part.removed]) {
        at.set(item.id, Date.parse((item as IncidentEvent).occurredAt));
      }
      // A stable sort: events at the same instant keep changed, added, removed order.
      entries.sort((a, b) => (at.get(a.id) ?? 0) - (at.get(b.id) ?? 0));
    }
    sections.push({ collection, title: COLLECTION_TITLES[collection], counts, entries });
  }
  return sections;
}

/** The incident's own fields (title, severity…) that changed. */
export function metaFields(diff: IncidentDiff, context: DiffContext): FieldView[] {
  return changedFields('meta', diff.meta as FieldChange[], context);
}

/** Everything the diff knows about by id (both versions of every item in it), with `fallback` for the rest. */
export function diffLookup(diff: IncidentDiff, fallback?: Partial<DiffLookup>): DiffLookup {
  const events = new Map<string, IncidentEvent>();
  for (const event of [...diff.events.removed, ...diff.events.added]) events.set(event.id, event);
  for (const change of diff.events.changed) events.set(change.id, change.after);
  const factors = new Map<string, Factor>();
  for (const factor of [...diff.factors.removed, ...diff.factors.added]) factors.set(factor.id, factor);
  for (const change of diff.factors.changed) factors.set(change.id, change.after);
  return {
    event: (id) => events.get(id) ?? fallback?.event?.(id),
    factor: (id) => factors.get(id) ?? fallback?.factor?.(id),
  };
}

/** "3 added · 1 removed · 2 changed", plus the incident's details and narrative; "" when nothing changed. */
export function describeSummary(summary: DiffSummary): string {
  const parts: string[] = [];
  if (summary.added) parts.push(`${summary.added} added`);
  if (summary.removed) parts.push(`${summary.removed} removed`);
  if (summary.changed) parts.push(`${summary.changed} changed`);
  if (summary.meta) parts.push(`${summary.meta} ${summary.meta === 1 ? 'detail' : 'details'} of the incident`);
  if (summary.narrative) parts.push('narrative edited');
  return parts.join(' · ');
}

/** A shortened stretch of unchanged text. */
export interface ElidedSegment {
  op: 'gap';
  /** How many characters are left out. */
  length: number;
}

export type DisplaySegment = TextSegment | ElidedSegment;

/**
 * Shortens unchanged stretches longer than twice `context` characters to their ends around the edits (only the end
 * nearest the edit at the start and end of the text), cutting at spaces where one is near, so a one-word change in a
 * long narrative reads as that word in its sentence. Text with no edit at all is returned as it is.
 */
export function elideUnchanged(segments: readonly TextSegment[], context = 120): DisplaySegment[] {
  if (!segments.some((segment) => segment.op !== 'equal')) return [...segments];
  const result: DisplaySegment[] = [];
  segments.forEach((segment, index) => {
    if (segment.op !== 'equal' || segment.text.length <= context * 2) {
      result.push(segment);
      return;
    }
    const first = index === 0;
    const last = index === segments.length - 1;
    const text = segment.text;
    const head = first ? '' : cutAfter(text, context);
    const tail = last ? '' : cutBefore(text, context);
    const length = text.length - head.length - tail.length;
    if (length <= 0) {
      result.push(segment);
      return;
    }
    if (head) result.push({ op: 'equal', text: head });
    result.push({ op: 'gap', length });
    if (tail) result.push({ op: 'equal', text: tail });
  });
  return result;
}

/** The first about `length` characters, ending at a space when there is one in the last third. */
function cutAfter(text: string, length: number): string {
  const cut = text.slice(0, isLowSurrogate(text, length) ? length + 1 : length);
  const space = cut.lastIndexOf(' ');
  return space >= (length * 2) / 3 ? cut.slice(0, space + 1) : cut;
}

/** The last about `length` characters, starting after a space when there is one in the first third. */
function cutBefore(text: string, length: number): string {
  const start = text.length - length;
  const cut = text.slice(isLowSurrogate(text, start) ? start - 1 : start);
  const space = cut.indexOf(' ');
  return space >= 0 && space <= length / 3 ? cut.slice(space + 1) : cut;
}

/** Whether `index` falls between the two halves of a surrogate pair. */
function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}
