import * as Y from 'yjs';
import { freshId, nowIso, transact, type CommandContext } from '../context.ts';
import { collectionMap, entityEntries, getEntity } from '../doc.ts';
import { parseInput } from '../errors.ts';
import { addToStringSet, removeFromStringSet, setField } from '../fields.ts';
import { eventInputSchema, eventPatchSchema, tagSchema, type EventInput, type EventPatch } from '../schema.ts';
import { applyPatch, assertIdFree, createEntity, touch } from './shared.ts';

/** Returns the new event's id. */
export function addEvent(doc: Y.Doc, input: EventInput, ctx: CommandContext): string {
  const { text, ...fields } = parseInput(eventInputSchema, input, 'event');
  const id = freshId(ctx);
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    assertIdFree(doc, 'event', id);
    createEntity(doc, 'event', id, { ...fields, text: new Y.Text(text) }, ctx, at);
  });
  return id;
}

/** Text is not part of the patch: it is edited through `eventText(doc, id)`. Returns whether anything changed. */
export function updateEvent(doc: Y.Doc, id: string, patch: EventPatch, ctx: CommandContext): boolean {
  const values = parseInput(eventPatchSchema, patch, 'event patch');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => applyPatch(getEntity(doc, 'event', id), values, ctx, at));
}

/**
 * Adds one tag without rewriting the others, so two people tagging the same event at once both keep their tag.
 * Returns whether the tag was new.
 */
export function addEventTag(doc: Y.Doc, id: string, tag: string, ctx: CommandContext): boolean {
  const value = parseInput(tagSchema, tag, 'tag');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = getEntity(doc, 'event', id);
    const changed = addToStringSet(map, 'tags', value);
    if (changed) touch(map, ctx, at);
    return changed;
  });
}

/** Removes every copy of the tag (concurrent adds may have stored it twice). Returns whether it was there. */
export function removeEventTag(doc: Y.Doc, id: string, tag: string, ctx: CommandContext): boolean {
  const value = parseInput(tagSchema, tag, 'tag');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = getEntity(doc, 'event', id);
    const changed = removeFromStringSet(map, 'tags', value);
    if (changed) touch(map, ctx, at);
    return changed;
  });
}

/**
 * Deletes the event. Nobody's words are deleted with it: perspectives and questions anchored to it become
 * incident-wide (eventId null), and factors and action items drop it from their eventIds. Narrative tokens that
 * name it are left in the text (rewriting prose someone may be typing in is worse than a dangling reference) and
 * render as a reference to a deleted event.
 */
export function deleteEvent(doc: Y.Doc, id: string, ctx: CommandContext): void {
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    getEntity(doc, 'event', id);
    for (const type of ['perspective', 'question'] as const) {
      for (const [, map] of entityEntries(doc, type)) {
        if (map.get('eventId') === id) {
          setField(map, 'eventId', null);
          touch(map, ctx, at);
        }
      }
    }
    for (const type of ['factor', 'actionItem'] as const) {
      for (const [, map] of entityEntries(doc, type)) {
        if (removeFromStringSet(map, 'eventIds', id)) touch(map, ctx, at);
      }
    }
    collectionMap(doc, 'event').delete(id);
  });
}
