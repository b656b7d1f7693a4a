import * as Y from 'yjs';
import { freshId, nowIso, transact, type CommandContext } from '../context.ts';
import { collectionMap, getEntity } from '../doc.ts';
import { parseInput } from '../errors.ts';
import { questionInputSchema, questionPatchSchema, type QuestionInput, type QuestionPatch } from '../schema.ts';
import { applyPatch, assertExists, assertIdFree, createEntity } from './shared.ts';

/** Returns the new question's id. `eventId: null` anchors it to the incident as a whole. */
export function addQuestion(doc: Y.Doc, input: QuestionInput, ctx: CommandContext): string {
  const { text, answer, ...fields } = parseInput(questionInputSchema, input, 'question');
  const id = freshId(ctx);
  const at = nowIso(ctx);
  transact(doc, ctx, () => {
    assertIdFree(doc, 'question', id);
    assertExists(doc, 'event', [fields.eventId]);
    createEntity(doc, 'question', id, { ...fields, text: new Y.Text(text), answer: new Y.Text(answer) }, ctx, at);
  });
  return id;
}

/** The question and its answer are edited through `questionText`. Returns whether anything changed. */
export function updateQuestion(doc: Y.Doc, id: string, patch: QuestionPatch, ctx: CommandContext): boolean {
  const values = parseInput(questionPatchSchema, patch, 'question patch');
  const at = nowIso(ctx);
  return transact(doc, ctx, () => {
    const map = getEntity(doc, 'question', id);
    assertExists(doc, 'event', [values.eventId]);
    return applyPatch(map, values, ctx, at);
  });
}

export function deleteQuestion(doc: Y.Doc, id: string, ctx: CommandContext): void {
  transact(doc, ctx, () => {
    getEntity(doc, 'question', id);
    collectionMap(doc, 'question').delete(id);
  });
}
