/**
 * Where things live in the Y.Doc. Everything else reaches the shared types through these accessors so that the
 * layout documented in README.md is written down in code exactly once.
 */
import * as Y from 'yjs';
import { EntityNotFoundError } from './errors.ts';
import type { PerspectiveField } from './schema.ts';
import type { EntityType } from './types.ts';

/** A nested entity: field name -> string | null | Y.Text | Y.Array<string>. */
export type EntityMap = Y.Map<unknown>;

export const COLLECTIONS = {
  event: 'events',
  perspective: 'perspectives',
  question: 'questions',
  factor: 'factors',
  actionItem: 'actionItems',
} as const satisfies Record<EntityType, string>;

export const META_MAP = 'meta';
export const NARRATIVE_TEXT = 'narrative';

export function createIncidentDoc(): Y.Doc {
  return new Y.Doc({ gc: true });
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP);
}

export function collectionMap(doc: Y.Doc, type: EntityType): Y.Map<unknown> {
  return doc.getMap<unknown>(COLLECTIONS[type]);
}

export function eventsMap(doc: Y.Doc): Y.Map<unknown> {
  return collectionMap(doc, 'event');
}

export function perspectivesMap(doc: Y.Doc): Y.Map<unknown> {
  return collectionMap(doc, 'perspective');
}

export function questionsMap(doc: Y.Doc): Y.Map<unknown> {
  return collectionMap(doc, 'question');
}

export function factorsMap(doc: Y.Doc): Y.Map<unknown> {
  return collectionMap(doc, 'factor');
}

export function actionItemsMap(doc: Y.Doc): Y.Map<unknown> {
  return collectionMap(doc, 'actionItem');
}

export function narrativeText(doc: Y.Doc): Y.Text {
  return doc.getText(NARRATIVE_TEXT);
}

/** The entity's Y.Map, or undefined when absent or when another client stored something that is not a map. */
export function findEntity(doc: Y.Doc, type: EntityType, id: string): EntityMap | undefined {
  const value = collectionMap(doc, type).get(id);
  return value instanceof Y.Map ? (value as EntityMap) : undefined;
}

export function getEntity(doc: Y.Doc, type: EntityType, id: string): EntityMap {
  const entity = findEntity(doc, type, id);
  if (!entity) throw new EntityNotFoundError(type, id);
  return entity;
}

/** Iterates the well-formed entities of one collection. */
export function* entityEntries(doc: Y.Doc, type: EntityType): Generator<[string, EntityMap]> {
  for (const [id, value] of collectionMap(doc, type).entries()) {
    if (value instanceof Y.Map) yield [id, value as EntityMap];
  }
}

function textField(entity: EntityMap | undefined, field: string): Y.Text | undefined {
  const value = entity?.get(field);
  return value instanceof Y.Text ? value : undefined;
}

/** The event's collaborative text: bind editors to this; there is no command that replaces it wholesale. */
export function eventText(doc: Y.Doc, id: string): Y.Text | undefined {
  return textField(findEntity(doc, 'event', id), 'text');
}

export function perspectiveText(doc: Y.Doc, id: string, field: PerspectiveField): Y.Text | undefined {
  return textField(findEntity(doc, 'perspective', id), field);
}

export function questionText(doc: Y.Doc, id: string, field: 'text' | 'answer'): Y.Text | undefined {
  return textField(findEntity(doc, 'question', id), field);
}

export function factorDescription(doc: Y.Doc, id: string): Y.Text | undefined {
  return textField(findEntity(doc, 'factor', id), 'description');
}

export function actionItemDescription(doc: Y.Doc, id: string): Y.Text | undefined {
  return textField(findEntity(doc, 'actionItem', id), 'description');
}
