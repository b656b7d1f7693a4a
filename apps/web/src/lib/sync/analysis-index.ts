/**
 * The analysis beside the timeline (perspectives, questions, factors, action items, the narrative) as plain lists
 * the UI renders, kept up to date from the document. These collections hold tens to hundreds of entries, so a
 * change re-reads only the collection it touched; the 10,000-event timeline has its own index (EventIndex).
 */
import type * as Y from 'yjs';
import {
  actionItemsMap,
  eventsMap,
  factorsMap,
  listActionItems,
  listFactors,
  listPerspectives,
  listQuestions,
  narrativeText,
  perspectivesMap,
  questionsMap,
  type ActionItem,
  type Factor,
  type Perspective,
  type Question,
} from '@parallax/model';

export interface AnalysisLists {
  perspectives: readonly Perspective[];
  questions: readonly Question[];
  factors: readonly Factor[];
  actionItems: readonly ActionItem[];
  narrative: string;
}

type Collection = keyof Omit<AnalysisLists, 'narrative'>;

/**
 * Calls `onChange` with the new value of each list a transaction touched. Event deletions re-read every list too:
 * entries anchored to a deleted event read as unanchored (see the model's readers).
 */
export function observeAnalysis(doc: Y.Doc, onChange: (patch: Partial<AnalysisLists>) => void): () => void {
  const sources: [Collection, Y.Map<unknown>, () => AnalysisLists[Collection]][] = [
    ['perspectives', perspectivesMap(doc), () => listPerspectives(doc)],
    ['questions', questionsMap(doc), () => listQuestions(doc)],
    ['factors', factorsMap(doc), () => listFactors(doc)],
    ['actionItems', actionItemsMap(doc), () => listActionItems(doc)],
  ];
  const narrative = narrativeText(doc);
  const events = eventsMap(doc);
  const onTransaction = (transaction: Y.Transaction) => {
    const patch: Partial<AnalysisLists> = {};
    // Yjs lists a changed type and every type above it here, so a keystroke in a perspective names its collection.
    const touched = new Set<unknown>(transaction.changedParentTypes.keys());
    const eventsAddedOrDeleted = new Set<unknown>(transaction.changed.keys()).has(events);
    for (const [name, map, read] of sources) {
      if (eventsAddedOrDeleted || touched.has(map)) {
        Object.assign(patch, { [name]: read() });
      }
    }
    if (touched.has(narrative)) patch.narrative = narrative.toString();
    if (Object.keys(patch).length > 0) onChange(patch);
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}

export function readAnalysis(doc: Y.Doc): AnalysisLists {
  return {
    perspectives: listPerspectives(doc),
    questions: listQuestions(doc),
    factors: listFactors(doc),
    actionItems: listActionItems(doc),
    narrative: narrativeText(doc).toString(),
  };
}

export interface EventAnalysisCounts {
  perspectives: number;
  openQuestions: number;
}

/** Per event: how many perspectives and open questions it has, for the marks on its card. */
export function countByEvent(
  perspectives: readonly Perspective[],
  questions: readonly Question[],
): ReadonlyMap<string, EventAnalysisCounts> {
  const counts = new Map<string, EventAnalysisCounts>();
  const entry = (id: string) => {
    let found = counts.get(id);
    if (!found) counts.set(id, (found = { perspectives: 0, openQuestions: 0 }));
    return found;
  };
  for (const perspective of perspectives) if (perspective.eventId) entry(perspective.eventId).perspectives += 1;
  for (const question of questions) {
    if (question.eventId && question.status === 'open') entry(question.eventId).openQuestions += 1;
  }
  return counts;
}
