/**
 * Restoring an earlier state of an incident as a forward edit: the live document is changed, in one transaction,
 * until its projection equals the target's. Nothing is swapped under connected clients: they receive an ordinary
 * update, and edits they make concurrently merge with it like any other.
 */
import * as Y from 'yjs';
import { collectionMap, metaMap, narrativeText, type EntityMap } from '../doc.ts';
import { diffText } from '../diff/text.ts';
import { readProse, setField } from '../fields.ts';
import { projectIncident } from '../projection.ts';
import type {
  ActionItem,
  EntityStamp,
  EntityType,
  Factor,
  IncidentEvent,
  IncidentMeta,
  IncidentProjection,
  Perspective,
  Question,
} from '../types.ts';

export interface RestoreContext {
  /** Transaction origin, so providers and undo managers can tell the restore from other edits. */
  origin?: unknown;
}

/**
 * How each field is stored: `value` a plain scalar entry, `prose` a Y.Text, `set` a Y.Array of strings. `satisfies`
 * makes a field added to the model without a line here a compile error, so a restore never silently skips one.
 */
type Storage = 'value' | 'prose' | 'set';

type StoredFields<T> = Exclude<keyof T, 'id'> & string;

const STAMPS = {
  createdBy: 'value',
  createdAt: 'value',
  updatedBy: 'value',
  updatedAt: 'value',
} as const satisfies Record<Exclude<keyof EntityStamp, 'id'>, Storage>;

const EVENT = {
  ...STAMPS,
  occurredAt: 'value',
  sourceZone: 'value',
  precision: 'value',
  actor: 'value',
  source: 'value',
  sourceUrl: 'value',
  kind: 'value',
  tags: 'set',
  text: 'prose',
} as const satisfies Record<StoredFields<IncidentEvent>, Storage>;

const PERSPECTIVE = {
  ...STAMPS,
  eventId: 'value',
  person: 'value',
  role: 'value',
  saw: 'prose',
  knew: 'prose',
  thought: 'prose',
  did: 'prose',
} as const satisfies Record<StoredFields<Perspective>, Storage>;

const QUESTION = {
  ...STAMPS,
  eventId: 'value',
  asker: 'value',
  owner: 'value',
  ownerId: 'value',
  status: 'value',
  text: 'prose',
  answer: 'prose',
  evidenceUrls: 'set',
} as const satisfies Record<StoredFields<Question>, Storage>;

const FACTOR = {
  ...STAMPS,
  kind: 'value',
  title: 'value',
  description: 'prose',
  eventIds: 'set',
} as const satisfies Record<StoredFields<Factor>, Storage>;

const ACTION_ITEM = {
  ...STAMPS,
  title: 'value',
  description: 'prose',
  owner: 'value',
  ownerId: 'value',
  category: 'value',
  status: 'value',
  statusReason: 'value',
  dueDate: 'value',
  trackerUrl: 'value',
  eventIds: 'set',
  factorIds: 'set',
} as const satisfies Record<StoredFields<ActionItem>, Storage>;

const META = {
  schemaVersion: 'value',
  title: 'value',
  referenceTimeZone: 'value',
  impactStart: 'value',
  impactEnd: 'value',
  severity: 'value',
  status: 'value',
  createdBy: 'value',
  createdAt: 'value',
  updatedBy: 'value',
  updatedAt: 'value',
} as const satisfies Record<keyof IncidentMeta, Storage>;

type FieldSpec = Readonly<Record<string, Storage>>;

const COLLECTIONS: readonly {
  type: EntityType;
  key: keyof Omit<IncidentProjection, 'meta' | 'narrative'>;
  spec: FieldSpec;
}[] = [
  { type: 'event', key: 'events', spec: EVENT },
  { type: 'perspective', key: 'perspectives', spec: PERSPECTIVE },
  { type: 'question', key: 'questions', spec: QUESTION },
  { type: 'factor', key: 'factors', spec: FACTOR },
  { type: 'actionItem', key: 'actionItems', spec: ACTION_ITEM },
];

/**
 * Makes `live`'s projection equal to `target`'s (a document, or a projection such as a snapshot's), stamps included,
 * in one transaction with `ctx.origin`:
 *
 * - entities missing from the target are deleted, missing ones are created with the target's ids, and the fields of
 *   the others that differ are written (entity keys this package does not know are left alone);
 * - prose is rewritten with minimal edits (a word-level diff, narrowed to characters inside each replaced run), so
 *   text a concurrent client typed elsewhere in the same field survives once, and unchanged text keeps its identity;
 * - string sets get their members and order (removing every copy of a value that goes);
 * - meta and the narrative likewise.
 *
 * Writes only what differs: restoring a document that already matches emits no update. Returns whether it changed
 * anything.
 */
export function restoreIncident(live: Y.Doc, target: Y.Doc | IncidentProjection, ctx: RestoreContext = {}): boolean {
  const wanted = target instanceof Y.Doc ? projectIncident(target) : target;
  return live.transact(() => {
    let changed = writeFields(metaMap(live), wanted.meta, META);
    for (const { type, key, spec } of COLLECTIONS) {
      changed = restoreCollection(collectionMap(live, type), wanted[key], spec) || changed;
    }
    changed = restoreText(narrativeText(live), wanted.narrative) || changed;
    return changed;
  }, ctx.origin ?? null);
}

function restoreCollection(collection: Y.Map<unknown>, items: readonly EntityStamp[], spec: FieldSpec): boolean {
  let changed = false;
  const wanted = new Map<string, EntityStamp>();
  for (const item of items) wanted.set(item.id, item);
  for (const id of [...collection.keys()]) {
    if (!wanted.has(id)) {
      collection.delete(id);
      changed = true;
    }
  }
  for (const [id, item] of wanted) {
    const existing = collection.get(id);
    if (existing instanceof Y.Map) {
      changed = writeFields(existing as EntityMap, item, spec) || changed;
    } else {
      // Absent, or something that is not an entity map (a malformed writer): a fresh map, integrated before its
      // fields are set so every value is an ordinary map entry, as the commands write them.
      const map = new Y.Map<unknown>();
      collection.set(id, map);
      writeFields(map, item, spec);
      changed = true;
    }
  }
  return changed;
}

function writeFields(map: Y.Map<unknown>, values: object, spec: FieldSpec): boolean {
  let changed = false;
  const record = values as Record<string, unknown>;
  for (const [field, storage] of Object.entries(spec)) {
    const value = record[field];
    if (storage === 'prose') changed = writeProse(map, field, typeof value === 'string' ? value : '') || changed;
    else if (storage === 'set')
      changed = writeSet(map, field, Array.isArray(value) ? value.map(String) : []) || changed;
    else changed = setField(map, field, isScalar(value) ? value : null) || changed;
  }
  return changed;
}

function isScalar(value: unknown): value is string | number | null {
  return typeof value === 'string' || typeof value === 'number' || value === null;
}

function writeProse(map: Y.Map<unknown>, field: string, value: string): boolean {
  const stored = map.get(field);
  if (stored instanceof Y.Text) return restoreText(stored, value);
  // A field missing, or prose a careless client stored as a plain string, that already reads right is left alone.
  if (map.has(field) && readProse(map, field) === value) return false;
  map.set(field, new Y.Text(value));
  return true;
}

/**
 * Makes the set's members, in first-occurrence order, exactly `desired` (readers de-duplicate and filter, but a
 * dangling id or a bad link left in the array would reappear once what it names is restored). Values already in the
 * right order stay where they are; missing ones are inserted in place; only when the order conflicts is the content
 * rewritten.
 */
function writeSet(map: Y.Map<unknown>, field: string, desired: readonly string[]): boolean {
  const stored = map.get(field);
  if (!(stored instanceof Y.Array)) {
    if (stored === undefined && desired.length === 0) return false;
    map.set(field, Y.Array.from([...desired]));
    return true;
  }
  const array = stored as Y.Array<unknown>;
  if (sameList(firstOccurrences(array.toArray()), desired)) return false;
  const want = new Set(desired);
  // Remove values that go and later copies of values that stay, from the end so indexes stay valid.
  const items = array.toArray();
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    if (typeof item === 'string' && !firstIndex.has(item)) firstIndex.set(item, index);
  });
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (typeof item === 'string' && (!want.has(item) || firstIndex.get(item) !== index)) array.delete(index, 1);
  }
  const kept = firstOccurrences(array.toArray());
  const keptSet = new Set(kept);
  if (
    !sameList(
      kept,
      desired.filter((value) => keptSet.has(value)),
    )
  ) {
    // The order conflicts: rewrite the strings (non-strings, which readers skip, stay).
    const current = array.toArray();
    for (let index = current.length - 1; index >= 0; index--) {
      if (typeof current[index] === 'string') array.delete(index, 1);
    }
    array.push([...desired]);
    return true;
  }
  // Insert each missing value right after the previous wanted one.
  let cursor = 0;
  for (const value of desired) {
    const current = array.toArray();
    const at = current.indexOf(value);
    if (at >= 0) {
      cursor = at + 1;
    } else {
      array.insert(cursor, [value]);
      cursor += 1;
    }
  }
  return true;
}

function firstOccurrences(items: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const item of items) if (typeof item === 'string') seen.add(item);
  return [...seen];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * Turns `text` into `value` with small edits: the word-level diff's runs, each replaced run narrowed to the characters
 * that differ. Returns whether it changed anything.
 */
function restoreText(text: Y.Text, value: string): boolean {
  const current = text.toString();
  if (current === value) return false;
  const segments = diffText(current, value);
  let position = 0;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (segment === undefined) continue;
    if (segment.op === 'equal') {
      position += segment.text.length;
    } else if (segment.op === 'insert') {
      text.insert(position, segment.text);
      position += segment.text.length;
    } else {
      const next = segments[index + 1];
      if (next?.op === 'insert') {
        replaceRun(text, position, segment.text, next.text);
        position += next.text.length;
        index++;
      } else {
        text.delete(position, segment.text.length);
      }
    }
  }
  if (text.toString() !== value) {
    // Never expected (the segments rebuild both sides); a plain replacement still leaves the right text.
    text.delete(0, text.length);
    text.insert(0, value);
  }
  return true;
}

/** Replaces `removed` (at `position`) by `inserted`, touching only the characters between their common ends. */
function replaceRun(text: Y.Text, position: number, removed: string, inserted: string): void {
  let start = 0;
  const maxStart = Math.min(removed.length, inserted.length);
  while (start < maxStart && removed.charCodeAt(start) === inserted.charCodeAt(start)) start++;
  // Never split a surrogate pair.
  if (start > 0 && isHighSurrogate(removed.charCodeAt(start - 1))) start--;
  let endRemoved = removed.length;
  let endInserted = inserted.length;
  while (
    endRemoved > start &&
    endInserted > start &&
    removed.charCodeAt(endRemoved - 1) === inserted.charCodeAt(endInserted - 1)
  ) {
    endRemoved--;
    endInserted--;
  }
  if (endRemoved < removed.length && isLowSurrogate(removed.charCodeAt(endRemoved))) {
    endRemoved++;
    endInserted++;
  }
  if (endRemoved > start) text.delete(position + start, endRemoved - start);
  if (endInserted > start) text.insert(position + start, inserted.slice(start, endInserted));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
