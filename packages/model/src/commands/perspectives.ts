import * as Y from 'yjs';
import { freshId, nowIso, transact, type CommandContext } from '../context.ts';
import { collectionMap, getEntity } from '../doc.ts';
import { parseInput } from '../errors.ts';
import {
  perspectiveInputSchema,
  perspectivePatchSchema,
  type PerspectiveInput,
  type PerspectivePatch,
} from '../schema.ts';
import { applyPatch, assertExists, assertIdFree, createEntity } from './shared.ts';

/** Returns the new perspective's id. `eventId: null` records an account of the incident as a whole. */
export function addPerspective(doc: Y.Doc, input: PerspectiveInput, ctx: CommandContext): string {
  const { saw, knew, thought, did, ...fields } = parseInput(perspectiveInputSchema, input, 'perspective');
  const id = freshId(ctx);
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    assertIdFree(doc, 'perspective', id);
    assertExists(doc, 'event', [fields.eventId]);
    const prose = { saw: new Y.Text(saw), knew: new Y.Text(knew), thought: new Y.Text(thought), did: new Y.Text(did) };
    createEntity(doc, 'perspective', id, { ...fields, ...prose }, ctx, at);
  });
  return id;
}

/** saw / knew / thought / did are edited through `perspectiveText`. Returns whether anything changed. */
export function updatePerspective(doc: Y.Doc, id: string, patch: PerspectivePatch, ctx: CommandContext): boolean {
  const values = parseInput(perspectivePatchSchema, patch, 'perspective patch');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = getEntity(doc, 'perspective', id);
    assertExists(doc, 'event', [values.eventId]);
    return applyPatch(map, values, ctx, at);
  });
}

export function deletePerspective(doc: Y.Doc, id: string, ctx: CommandContext): void {
  transact(doc, ctx, () => {
    getEntity(doc, 'perspective', id);
    collectionMap(doc, 'perspective').delete(id);
  });
}
