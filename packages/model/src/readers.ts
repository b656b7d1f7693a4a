/**
 * Plain reads of the document. Other clients may write anything, so these never throw: a malformed field falls back
 * to its default, an entity that cannot be read at all is skipped, and references to entities that no longer exist
 * (e.g. a question anchored to an event another peer deleted at the same time) read as unanchored.
 */
import type * as Y from 'yjs';
import { entityEntries, findEntity, metaMap, type EntityMap } from './doc.ts';
import {
  isHttpUrl,
  readEnum,
  readInstant,
  readNullableEnum,
  readProse,
  readNullableString,
  readString,
  readStringSet,
  readTimeZone,
  readUrl,
} from './fields.ts';
import { compareByCreation, compareEvents } from './ordering.ts';
import {
  ACTION_CATEGORIES,
  ACTION_STATUSES,
  EVENT_KINDS,
  EVENT_SOURCES,
  FACTOR_KINDS,
  INCIDENT_STATUSES,
  QUESTION_STATUSES,
  SEVERITIES,
  TIME_PRECISIONS,
  dateSchema,
} from './schema.ts';
import type { ActionItem, EntityStamp, Factor, IncidentEvent, IncidentMeta, Perspective, Question } from './types.ts';

/** Answers "does this referenced entity exist (and read)?" for reference clean-up. */
export interface References {
  event(id: string): boolean;
  factor(id: string): boolean;
}

/** Looks references up in the document; projections use precomputed sets instead. */
export function liveReferences(doc: Y.Doc): References {
  return {
    event: (id) => readEvent(doc, id) !== undefined,
    factor: (id) => findEntity(doc, 'factor', id) !== undefined,
  };
}

function readStamp(id: string, map: EntityMap): EntityStamp {
  return {
    id,
    createdBy: readString(map, 'createdBy'),
    createdAt: readInstant(map, 'createdAt') ?? '',
    updatedBy: readString(map, 'updatedBy'),
    updatedAt: readInstant(map, 'updatedAt') ?? '',
  };
}

function readAnchor(map: EntityMap, refs: References): string | null {
  const eventId = map.get('eventId');
  return typeof eventId === 'string' && refs.event(eventId) ? eventId : null;
}

export function readMeta(doc: Y.Doc): IncidentMeta {
  const meta = metaMap(doc);
  const schemaVersion = meta.get('schemaVersion');
  return {
    schemaVersion: typeof schemaVersion === 'number' && Number.isInteger(schemaVersion) ? schemaVersion : 0,
    title: readString(meta, 'title'),
    referenceTimeZone: readTimeZone(meta, 'referenceTimeZone'),
    impactStart: readInstant(meta, 'impactStart'),
    impactEnd: readInstant(meta, 'impactEnd'),
    severity: readNullableEnum(meta, 'severity', SEVERITIES),
    status: readEnum(meta, 'status', INCIDENT_STATUSES, 'investigating'),
    createdBy: readString(meta, 'createdBy'),
    createdAt: readInstant(meta, 'createdAt') ?? '',
    updatedBy: readString(meta, 'updatedBy'),
    updatedAt: readInstant(meta, 'updatedAt') ?? '',
  };
}

/** An event whose occurredAt is not a date cannot be placed on the timeline and reads as absent. */
export function readEventMap(id: string, map: EntityMap): IncidentEvent | undefined {
  const occurredAt = readInstant(map, 'occurredAt');
  if (occurredAt === null) return undefined;
  return {
    ...readStamp(id, map),
    occurredAt,
    sourceZone: readTimeZone(map, 'sourceZone'),
    precision: readEnum(map, 'precision', TIME_PRECISIONS, 'minute'),
    actor: readString(map, 'actor'),
    source: readEnum(map, 'source', EVENT_SOURCES, 'manual'),
    sourceUrl: readUrl(map, 'sourceUrl'),
    kind: readEnum(map, 'kind', EVENT_KINDS, 'note'),
    tags: readStringSet(map, 'tags'),
    text: readProse(map, 'text'),
  };
}

export function readEvent(doc: Y.Doc, id: string): IncidentEvent | undefined {
  const map = findEntity(doc, 'event', id);
  return map ? readEventMap(id, map) : undefined;
}

/** All readable events in timeline order. */
export function listEvents(doc: Y.Doc): IncidentEvent[] {
  const events: IncidentEvent[] = [];
  for (const [id, map] of entityEntries(doc, 'event')) {
    const event = readEventMap(id, map);
    if (event) events.push(event);
  }
  return events.sort(compareEvents);
}

export function readPerspectiveMap(id: string, map: EntityMap, refs: References): Perspective {
  return {
    ...readStamp(id, map),
    eventId: readAnchor(map, refs),
    person: readString(map, 'person'),
    role: readString(map, 'role'),
    saw: readProse(map, 'saw'),
    knew: readProse(map, 'knew'),
    thought: readProse(map, 'thought'),
    did: readProse(map, 'did'),
  };
}

export function readQuestionMap(id: string, map: EntityMap, refs: References): Question {
  return {
    ...readStamp(id, map),
    eventId: readAnchor(map, refs),
    asker: readString(map, 'asker'),
    owner: readString(map, 'owner'),
    ownerId: readNullableString(map, 'ownerId'),
    status: readEnum(map, 'status', QUESTION_STATUSES, 'open'),
    text: readProse(map, 'text'),
    answer: readProse(map, 'answer'),
    evidenceUrls: readStringSet(map, 'evidenceUrls', isHttpUrl),
  };
}

export function readFactorMap(id: string, map: EntityMap, refs: References): Factor {
  return {
    ...readStamp(id, map),
    kind: readEnum(map, 'kind', FACTOR_KINDS, 'contributing'),
    title: readString(map, 'title'),
    description: readProse(map, 'description'),
    eventIds: readStringSet(map, 'eventIds', refs.event),
  };
}

export function readActionItemMap(id: string, map: EntityMap, refs: References): ActionItem {
  const dueDate = map.get('dueDate');
  return {
    ...readStamp(id, map),
    title: readString(map, 'title'),
    description: readProse(map, 'description'),
    owner: readString(map, 'owner'),
    ownerId: readNullableString(map, 'ownerId'),
    category: readEnum(map, 'category', ACTION_CATEGORIES, 'process'),
    status: readEnum(map, 'status', ACTION_STATUSES, 'proposed'),
    statusReason: readString(map, 'statusReason'),
    dueDate: dateSchema.safeParse(dueDate).success ? (dueDate as string) : null,
    trackerUrl: readUrl(map, 'trackerUrl'),
    eventIds: readStringSet(map, 'eventIds', refs.event),
    factorIds: readStringSet(map, 'factorIds', refs.factor),
  };
}

export function readPerspective(doc: Y.Doc, id: string): Perspective | undefined {
  const map = findEntity(doc, 'perspective', id);
  return map ? readPerspectiveMap(id, map, liveReferences(doc)) : undefined;
}

export function readQuestion(doc: Y.Doc, id: string): Question | undefined {
  const map = findEntity(doc, 'question', id);
  return map ? readQuestionMap(id, map, liveReferences(doc)) : undefined;
}

export function readFactor(doc: Y.Doc, id: string): Factor | undefined {
  const map = findEntity(doc, 'factor', id);
  return map ? readFactorMap(id, map, liveReferences(doc)) : undefined;
}

export function readActionItem(doc: Y.Doc, id: string): ActionItem | undefined {
  const map = findEntity(doc, 'actionItem', id);
  return map ? readActionItemMap(id, map, liveReferences(doc)) : undefined;
}

export function listOf<T extends EntityStamp>(
  doc: Y.Doc,
  type: 'perspective' | 'question' | 'factor' | 'actionItem',
  read: (id: string, map: EntityMap, refs: References) => T,
  refs: References,
): T[] {
  const items: T[] = [];
  for (const [id, map] of entityEntries(doc, type)) items.push(read(id, map, refs));
  return items.sort(compareByCreation);
}

export function listPerspectives(doc: Y.Doc): Perspective[] {
  return listOf(doc, 'perspective', readPerspectiveMap, liveReferences(doc));
}

export function listQuestions(doc: Y.Doc): Question[] {
  return listOf(doc, 'question', readQuestionMap, liveReferences(doc));
}

export function listFactors(doc: Y.Doc): Factor[] {
  return listOf(doc, 'factor', readFactorMap, liveReferences(doc));
}

export function listActionItems(doc: Y.Doc): ActionItem[] {
  return listOf(doc, 'actionItem', readActionItemMap, liveReferences(doc));
}
