import type * as Y from 'yjs';
import { entityEntries, narrativeText } from './doc.ts';
import {
  listEvents,
  listOf,
  readActionItemMap,
  readFactorMap,
  readMeta,
  readPerspectiveMap,
  readQuestionMap,
  type References,
} from './readers.ts';
import type { IncidentProjection } from './types.ts';

/**
 * The whole incident as plain JSON: what exports, diffs, snapshots and convergence checks compare. Two peers that have
 * seen the same updates produce deep-equal projections, whatever order the updates arrived in.
 */
export function projectIncident(doc: Y.Doc): IncidentProjection {
  const events = listEvents(doc);
  const eventIds = new Set(events.map((event) => event.id));
  const factorIds = new Set<string>();
  for (const [id] of entityEntries(doc, 'factor')) factorIds.add(id);
  const refs: References = { event: (id) => eventIds.has(id), factor: (id) => factorIds.has(id) };
  return {
    meta: readMeta(doc),
    events,
    perspectives: listOf(doc, 'perspective', readPerspectiveMap, refs),
    questions: listOf(doc, 'question', readQuestionMap, refs),
    factors: listOf(doc, 'factor', readFactorMap, refs),
    actionItems: listOf(doc, 'actionItem', readActionItemMap, refs),
    narrative: narrativeText(doc).toString(),
  };
}
