import * as Y from 'yjs';
import { freshId, nowIso, transact, type CommandContext } from '../context.ts';
import { collectionMap, getEntity } from '../doc.ts';
import { ModelValidationError, parseInput } from '../errors.ts';
import { readString } from '../fields.ts';
import { actionItemInputSchema, actionItemPatchSchema, type ActionItemInput, type ActionItemPatch } from '../schema.ts';
import { applyPatch, assertExists, assertIdFree, createEntity } from './shared.ts';

/** Deciding not to do something is a legitimate outcome, but the review needs to know why. */
function assertReason(status: string, reason: string): void {
  if (status === 'not-doing' && reason.trim() === '') {
    throw new ModelValidationError('action item', [
      { path: 'statusReason', message: 'Say why when an action item is not being done' },
    ]);
  }
}

/** Returns the new action item's id. */
export function addActionItem(doc: Y.Doc, input: ActionItemInput, ctx: CommandContext): string {
  const { description, ...fields } = parseInput(actionItemInputSchema, input, 'action item');
  assertReason(fields.status, fields.statusReason);
  const id = freshId(ctx);
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    assertIdFree(doc, 'actionItem', id);
    assertExists(doc, 'event', fields.eventIds);
    assertExists(doc, 'factor', fields.factorIds);
    createEntity(doc, 'actionItem', id, { ...fields, description: new Y.Text(description) }, ctx, at);
  });
  return id;
}

/** The description is edited through `actionItemDescription`. Returns whether anything changed. */
export function updateActionItem(doc: Y.Doc, id: string, patch: ActionItemPatch, ctx: CommandContext): boolean {
  const values = parseInput(actionItemPatchSchema, patch, 'action item patch');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = getEntity(doc, 'actionItem', id);
    assertReason(values.status ?? readString(map, 'status'), values.statusReason ?? readString(map, 'statusReason'));
    assertExists(doc, 'event', values.eventIds ?? []);
    assertExists(doc, 'factor', values.factorIds ?? []);
    return applyPatch(map, values, ctx, at);
  });
}

export function deleteActionItem(doc: Y.Doc, id: string, ctx: CommandContext): void {
  transact(doc, ctx, () => {
    getEntity(doc, 'actionItem', id);
    collectionMap(doc, 'actionItem').delete(id);
  });
}
