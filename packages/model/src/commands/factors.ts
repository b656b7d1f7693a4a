import * as Y from 'yjs';
import { freshId, nowIso, transact, type CommandContext } from '../context.ts';
import { collectionMap, entityEntries, getEntity } from '../doc.ts';
import { parseInput } from '../errors.ts';
import { removeFromStringSet } from '../fields.ts';
import { factorInputSchema, factorPatchSchema, type FactorInput, type FactorPatch } from '../schema.ts';
import { applyPatch, assertExists, assertIdFree, createEntity, touch } from './shared.ts';

/** Returns the new factor's id. */
export function addFactor(doc: Y.Doc, input: FactorInput, ctx: CommandContext): string {
  const { description, ...fields } = parseInput(factorInputSchema, input, 'factor');
  const id = freshId(ctx);
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    assertIdFree(doc, 'factor', id);
    assertExists(doc, 'event', fields.eventIds);
    createEntity(doc, 'factor', id, { ...fields, description: new Y.Text(description) }, ctx, at);
  });
  return id;
}

/** The description is edited through `factorDescription`. Returns whether anything changed. */
export function updateFactor(doc: Y.Doc, id: string, patch: FactorPatch, ctx: CommandContext): boolean {
  const values = parseInput(factorPatchSchema, patch, 'factor patch');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = getEntity(doc, 'factor', id);
    assertExists(doc, 'event', values.eventIds ?? []);
    return applyPatch(map, values, ctx, at);
  });
}

/** Action items that cite the factor keep existing and drop it from their factorIds. */
export function deleteFactor(doc: Y.Doc, id: string, ctx: CommandContext): void {
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    getEntity(doc, 'factor', id);
    for (const [, map] of entityEntries(doc, 'actionItem')) {
      if (removeFromStringSet(map, 'factorIds', id)) touch(map, ctx, at);
    }
    collectionMap(doc, 'factor').delete(id);
  });
}
