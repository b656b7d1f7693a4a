export * from './schema.ts';
export type * from './types.ts';
export * from './errors.ts';
export type { CommandContext } from './context.ts';
export {
  COLLECTIONS,
  META_MAP,
  NARRATIVE_TEXT,
  actionItemDescription,
  actionItemsMap,
  createIncidentDoc,
  eventText,
  eventsMap,
  factorDescription,
  factorsMap,
  metaMap,
  narrativeText,
  perspectiveText,
  perspectivesMap,
  questionText,
  questionsMap,
  type EntityMap,
} from './doc.ts';
export { replaceText } from './fields.ts';
export { compareByCreation, compareEvents } from './ordering.ts';
export {
  listActionItems,
  listEvents,
  listFactors,
  listPerspectives,
  listQuestions,
  readActionItem,
  readEvent,
  readFactor,
  readMeta,
  readPerspective,
  readQuestion,
} from './readers.ts';
export { projectIncident } from './projection.ts';
export { eventReference, findEventReferences, type EventReference } from './narrative.ts';
export { REVIEW_QUESTIONS, eventReferencePattern, reviewOutline, type ReviewQuestion } from './narrative.ts';
export { initIncident, updateMeta } from './commands/meta.ts';
export { addEvent, addEventTag, deleteEvent, removeEventTag, updateEvent } from './commands/events.ts';
export { addPerspective, deletePerspective, updatePerspective } from './commands/perspectives.ts';
export { addQuestion, deleteQuestion, updateQuestion } from './commands/questions.ts';
export { addFactor, deleteFactor, updateFactor } from './commands/factors.ts';
export { addActionItem, deleteActionItem, updateActionItem } from './commands/action-items.ts';
export {
  GANDALF_ATLAS_EVENT_COUNT,
  seedGandalfAtlas,
  type GandalfAtlasEventKey,
  type GandalfAtlasSeed,
} from './demo/gandalf-atlas.ts';
export { diffIncidents } from './diff/diff-incidents.ts';
export { diffText, type TextSegment, type TextSegmentOp } from './diff/text.ts';
export type * from './diff/types.ts';
export { restoreIncident, type RestoreContext } from './restore/restore.ts';
export {
  BLAMELESS_CATEGORIES,
  findBlamelessHints,
  summariseHints,
  type BlamelessCategory,
  type BlamelessHint,
  type BlamelessSummary,
} from './blameless/hints.ts';
