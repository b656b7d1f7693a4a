import * as Y from 'yjs';
import type { CommandContext } from '../context.ts';
import { collectionMap, findEntity, type EntityMap } from '../doc.ts';
import { EntityNotFoundError, ModelValidationError } from '../errors.ts';
import { setField, syncStringSet } from '../fields.ts';
import type { EntityType } from '../types.ts';

/** What a command may store in an entity map: scalars, string sets (as Y.Array) and prose (as Y.Text). */
export type FieldValue = string | number | null | readonly string[] | Y.Text;

/**
 * Inserts a new entity map under `id`. Fields are set after the map is integrated so that every value is an ordinary
 * map entry, exactly as a client that does not use this package would write it.
 */
export function createEntity(
  doc: Y.Doc,
  type: EntityType,
  id: string,
  fields: Record<string, FieldValue>,
  ctx: CommandContext,
  at: string,
): EntityMap {
  const collection = collectionMap(doc, type);
  const map = new Y.Map<unknown>();
  collection.set(id, map);
  for (const [key, value] of Object.entries(fields)) {
    map.set(key, isStringList(value) ? Y.Array.from([...value]) : value);
  }
  map.set('createdBy', ctx.userId);
  map.set('createdAt', at);
  map.set('updatedBy', ctx.userId);
  map.set('updatedAt', at);
  return map;
}

/** Checked before any write: an id collision must not clobber an existing entity. */
export function assertIdFree(doc: Y.Doc, type: EntityType, id: string): void {
  if (collectionMap(doc, type).has(id)) {
    throw new ModelValidationError(type, [{ path: 'id', message: `A ${type} with id "${id}" already exists` }]);
  }
}

/**
 * Writes the fields present in `patch`, touching Yjs only for values that differ, and stamps updatedAt/updatedBy only
 * when something changed. Returns whether it wrote.
 */
export function applyPatch(map: EntityMap, patch: Record<string, unknown>, ctx: CommandContext, at: string): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (isStringList(value)) changed = syncStringSet(map, key, value) || changed;
    else if (typeof value === 'string' || typeof value === 'number' || value === null) {
      changed = setField(map, key, value) || changed;
    } else {
      throw new TypeError(`applyPatch: unsupported value for ${key}`);
    }
  }
  if (changed) touch(map, ctx, at);
  return changed;
}

export function touch(map: Y.Map<unknown>, ctx: CommandContext, at: string): void {
  setField(map, 'updatedAt', at);
  setField(map, 'updatedBy', ctx.userId);
}

/** Links may only point at entities that exist when they are written (a later concurrent delete is read as unlinked). */
export function assertExists(doc: Y.Doc, type: EntityType, ids: Iterable<string | null | undefined>): void {
  for (const id of ids) {
    if (id !== null && id !== undefined && !findEntity(doc, type, id)) throw new EntityNotFoundError(type, id);
  }
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
