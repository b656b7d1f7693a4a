/**
 * What changed between two states of an incident (two calibration rounds, or a round and now), computed on the JSON
 * projections so that it is independent of how either state was stored or which peer produced it.
 */
import { compareByCreation, compareEvents } from '../ordering.ts';
import type {
  ActionItem,
  EntityStamp,
  Factor,
  IncidentEvent,
  IncidentMeta,
  IncidentProjection,
  Perspective,
  Question,
} from '../types.ts';
import { diffText } from './text.ts';
import type {
  CollectionCounts,
  CollectionDiff,
  ContentField,
  DiffCollection,
  DiffSummary,
  EntityChange,
  FieldChange,
  IncidentDiff,
  MetaField,
} from './types.ts';

type FieldKind = 'value' | 'text' | 'set';

/*
 * Every content field of every entity, in schema order, with how it is compared. `satisfies` makes a field added to
 * the model without a line here a compile error, so no field is silently left out of diffs. The stamps (createdBy,
 * createdAt, updatedBy, updatedAt) are deliberately absent: an edit that changed nothing else is not a change to
 * show anyone.
 */
const EVENT_FIELDS = {
  occurredAt: 'value',
  sourceZone: 'value',
  precision: 'value',
  actor: 'value',
  source: 'value',
  sourceUrl: 'value',
  kind: 'value',
  tags: 'set',
  text: 'text',
} as const satisfies Record<ContentField<IncidentEvent>, FieldKind>;

const PERSPECTIVE_FIELDS = {
  eventId: 'value',
  person: 'value',
  role: 'value',
  saw: 'text',
  knew: 'text',
  thought: 'text',
  did: 'text',
} as const satisfies Record<ContentField<Perspective>, FieldKind>;

const QUESTION_FIELDS = {
  eventId: 'value',
  asker: 'value',
  owner: 'value',
  ownerId: 'value',
  status: 'value',
  text: 'text',
  answer: 'text',
  evidenceUrls: 'set',
} as const satisfies Record<ContentField<Question>, FieldKind>;

const FACTOR_FIELDS = {
  kind: 'value',
  title: 'text',
  description: 'text',
  eventIds: 'set',
} as const satisfies Record<ContentField<Factor>, FieldKind>;

const ACTION_ITEM_FIELDS = {
  title: 'text',
  description: 'text',
  owner: 'value',
  ownerId: 'value',
  category: 'value',
  status: 'value',
  statusReason: 'text',
  dueDate: 'value',
  trackerUrl: 'value',
  eventIds: 'set',
  factorIds: 'set',
} as const satisfies Record<ContentField<ActionItem>, FieldKind>;

const META_FIELDS = {
  schemaVersion: 'value',
  title: 'text',
  referenceTimeZone: 'value',
  impactStart: 'value',
  impactEnd: 'value',
  severity: 'value',
  status: 'value',
} as const satisfies Record<MetaField, FieldKind>;

type FieldSpec<F extends string> = readonly (readonly [F, FieldKind])[];

function spec<F extends string>(fields: Record<F, FieldKind>): FieldSpec<F> {
  return Object.entries(fields) as [F, FieldKind][];
}

const SPECS = {
  events: spec<ContentField<IncidentEvent>>(EVENT_FIELDS),
  perspectives: spec<ContentField<Perspective>>(PERSPECTIVE_FIELDS),
  questions: spec<ContentField<Question>>(QUESTION_FIELDS),
  factors: spec<ContentField<Factor>>(FACTOR_FIELDS),
  actionItems: spec<ContentField<ActionItem>>(ACTION_ITEM_FIELDS),
};
const META_SPEC = spec<MetaField>(META_FIELDS);

/**
 * Compares two projections (`projectIncident`). Entities are matched by id. Output is deterministic: lists follow
 * timeline order for events and creation order for everything else, whatever order the inputs list them in, and
 * fields follow the schema. Changes to the stamps alone (updatedAt, updatedBy) are not changes.
 */
export function diffIncidents(before: IncidentProjection, after: IncidentProjection): IncidentDiff {
  const events = diffCollection(before.events, after.events, SPECS.events, compareEvents);
  const perspectives = diffCollection(before.perspectives, after.perspectives, SPECS.perspectives, compareByCreation);
  const questions = diffCollection(before.questions, after.questions, SPECS.questions, compareByCreation);
  const factors = diffCollection(before.factors, after.factors, SPECS.factors, compareByCreation);
  const actionItems = diffCollection(before.actionItems, after.actionItems, SPECS.actionItems, compareByCreation);
  const meta = diffFields<IncidentMeta, MetaField>(before.meta, after.meta, META_SPEC);
  const narrative =
    before.narrative === after.narrative
      ? null
      : {
          before: before.narrative,
          after: after.narrative,
          segments: diffText(before.narrative, after.narrative),
        };
  const collections = { events, perspectives, questions, factors, actionItems };
  return { meta, narrative, ...collections, summary: summarise(collections, meta.length, narrative !== null) };
}

function diffCollection<T extends EntityStamp>(
  before: readonly T[],
  after: readonly T[],
  fields: FieldSpec<ContentField<T>>,
  compare: (a: T, b: T) => number,
): CollectionDiff<T> {
  const beforeById = new Map<string, T>();
  for (const item of before) beforeById.set(item.id, item);
  const afterIds = new Set<string>();
  const added: T[] = [];
  const changed: EntityChange<T>[] = [];
  for (const item of after) {
    afterIds.add(item.id);
    const previous = beforeById.get(item.id);
    if (previous === undefined) {
      added.push(item);
      continue;
    }
    const fieldChanges = diffFields(previous, item, fields);
    const recreated = previous.createdAt !== item.createdAt || previous.createdBy !== item.createdBy;
    if (fieldChanges.length > 0 || recreated) {
      changed.push({ id: item.id, before: previous, after: item, fields: fieldChanges, recreated });
    }
  }
  const removed = before.filter((item) => !afterIds.has(item.id));
  // Projections arrive ordered already (so these sorts are near-linear); sorting anyway keeps the output
  // deterministic for inputs assembled some other way, e.g. a stored snapshot's JSON.
  added.sort(compare);
  removed.sort(compare);
  changed.sort((a, b) => compare(a.after, b.after));
  return { added, removed, changed };
}

function diffFields<T extends object, F extends keyof T & string>(
  before: T,
  after: T,
  fields: FieldSpec<F>,
): FieldChange<F>[] {
  const changes: FieldChange<F>[] = [];
  for (const [field, kind] of fields) {
    const left: unknown = before[field];
    const right: unknown = after[field];
    if (kind === 'set') {
      const change = diffSet(asList(left), asList(right));
      if (change) changes.push({ kind, field, ...change });
    } else if (left !== right) {
      if (kind === 'text') {
        const textBefore = asText(left);
        const textAfter = asText(right);
        changes.push({ kind, field, before: textBefore, after: textAfter, segments: diffText(textBefore, textAfter) });
      } else {
        changes.push({ kind, field, before: asValue(left), after: asValue(right) });
      }
    }
  }
  return changes;
}

/** Sets compare by membership: readers de-duplicate and writers never reorder, so order alone is not an edit. */
function diffSet(
  before: string[],
  after: string[],
): { before: string[]; after: string[]; added: string[]; removed: string[] } | null {
  if (before.length === after.length && before.every((value, index) => value === after[index])) return null;
  const had = new Set(before);
  const has = new Set(after);
  const added = after.filter((value) => !had.has(value));
  const removed = before.filter((value) => !has.has(value));
  if (added.length === 0 && removed.length === 0) return null;
  return { before, after, added, removed };
}

// Projections always carry every field with its type; these only keep a hand-made or older snapshot's JSON from
// producing values of the wrong type in a diff.
function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function asValue(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/** Only the list lengths matter here, whatever the entity type. */
interface Lists {
  added: readonly unknown[];
  removed: readonly unknown[];
  changed: readonly unknown[];
}

function counts(diff: Lists): CollectionCounts {
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length };
}

function summarise(diffs: Record<DiffCollection, Lists>, meta: number, narrative: boolean): DiffSummary {
  const collections = {
    events: counts(diffs.events),
    perspectives: counts(diffs.perspectives),
    questions: counts(diffs.questions),
    factors: counts(diffs.factors),
    actionItems: counts(diffs.actionItems),
  } satisfies Record<DiffCollection, CollectionCounts>;
  const all = Object.values(collections);
  const added = all.reduce((sum, count) => sum + count.added, 0);
  const removed = all.reduce((sum, count) => sum + count.removed, 0);
  const changed = all.reduce((sum, count) => sum + count.changed, 0);
  return {
    added,
    removed,
    changed,
    collections,
    meta,
    narrative,
    total: added + removed + changed + meta + (narrative ? 1 : 0),
  };
}
