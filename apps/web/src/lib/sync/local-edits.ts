/**
 * Pieces of the session that concern this person's own edits: their undo history and the stamps that make text
 * edits visible as changes.
 */
import * as Y from 'yjs';
import { actionItemsMap, eventsMap, factorsMap, narrativeText, perspectivesMap, questionsMap } from '@parallax/model';
import { isoAt } from '../time.ts';

/**
 * Undo for one person's own changes: it tracks only transactions with `origin` (their commands) and the origins
 * editors add while open (their typing), over every collection an event deletion touches, so undoing a delete
 * also re-anchors the perspectives and questions it had unanchored; and over the narrative, a text of its own.
 */
export function createPersonalUndoManager(doc: Y.Doc, origin: object): Y.UndoManager {
  return new Y.UndoManager(
    [eventsMap(doc), perspectivesMap(doc), questionsMap(doc), factorsMap(doc), actionItemsMap(doc), narrativeText(doc)],
    { trackedOrigins: new Set([origin]), captureTimeout: 600 },
  );
}

/** Decides when typing in an event should refresh its updatedAt: at most once per `intervalMs`, and at the end. */
export class TextStampClock {
  readonly #intervalMs: number;
  readonly #last = new Map<string, number>();

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  due(id: string, now: number, final: boolean): boolean {
    const last = this.#last.get(id);
    if (!final && last !== undefined && now - last < this.#intervalMs) return false;
    this.#last.set(id, now);
    return true;
  }
}

/**
 * Writes an event's updatedBy and updatedAt (the schema's stamps, packages/model/README.md) without changing
 * anything else. Text lives in a Y.Text that no command writes, so this is how a text edit becomes a change.
 */
export function stampEvent(doc: Y.Doc, id: string, userId: string, now: number, origin: object): boolean {
  const map = eventsMap(doc).get(id);
  if (!(map instanceof Y.Map)) return false;
  doc.transact(() => {
    map.set('updatedAt', isoAt(now));
    map.set('updatedBy', userId);
  }, origin);
  return true;
}
