/**
 * Calibration rounds as the web app reads them: what each kind of feedback is called, feedback grouped by the item
 * it is about, the counts a facilitator scans, which open round still waits for the signed-in person, and the frozen
 * version laid out the way people read an incident (events in time order, each with its accounts and questions).
 * Pure functions, so the round page and the workspace agree and unit tests cover them.
 */
import {
  findEventReferences,
  type ActionItem,
  type Factor,
  type FactorKind,
  type IncidentEvent,
  type IncidentProjection,
  type Perspective,
  type Question,
} from '@parallax/model';
import type { Feedback, FeedbackItemType, FeedbackKind, RoundSummary } from '../api.ts';
import type { WorkspaceTab } from '../workspace/workspace-nav.svelte.ts';

/** In the order the feedback form offers them: agreeing first, the strongest disagreement last. */
export const FEEDBACK_KINDS = [
  'agree',
  'correction',
  'missing-context',
  'not-my-experience',
] as const satisfies readonly FeedbackKind[];

export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = {
  agree: 'Agree',
  correction: 'Correction',
  'missing-context': 'Missing context',
  'not-my-experience': 'Not my experience',
};

/** What the text box asks for, per kind: the participant's own words are what the facilitator needs. */
export const FEEDBACK_KIND_PROMPTS: Record<FeedbackKind, string> = {
  agree: 'Anything to add? (optional)',
  correction: 'What is not right, and what happened instead?',
  'missing-context': 'What was going on that this leaves out?',
  'not-my-experience': 'How did you experience this moment?',
};

export const ITEM_TYPE_LABELS: Record<FeedbackItemType, string> = {
  event: 'Event',
  perspective: 'Perspective',
  question: 'Question',
  factor: 'Factor',
  actionItem: 'Action item',
};

// Servers newer than this build may send kinds it does not know; show them rather than hide them.
export const feedbackKindLabel = (kind: string): string => FEEDBACK_KIND_LABELS[kind as FeedbackKind] ?? kind;

/** The server's rule, checked before sending so the form can say it next to the text box. */
export function feedbackTextProblem(kind: FeedbackKind, text: string): string | null {
  if (kind === 'agree' || text.trim().length > 0) return null;
  return `Say what is ${kind === 'missing-context' ? 'missing' : 'different'}: only “Agree” may be sent without text.`;
}

export const itemKey = (itemType: FeedbackItemType, itemId: string): string => `${itemType}:${itemId}`;

/** Feedback by item (see `itemKey`), each list oldest first, as the server sends them. */
export function groupFeedback(feedback: readonly Feedback[]): ReadonlyMap<string, readonly Feedback[]> {
  const groups = new Map<string, Feedback[]>();
  for (const one of feedback) {
    const key = itemKey(one.itemType, one.itemId);
    const list = groups.get(key);
    if (list) list.push(one);
    else groups.set(key, [one]);
  }
  return groups;
}

export type KindCounts = Record<FeedbackKind, number>;

export function countByKind(feedback: readonly Pick<Feedback, 'kind'>[]): KindCounts {
  const counts: KindCounts = { agree: 0, correction: 0, 'missing-context': 0, 'not-my-experience': 0 };
  for (const one of feedback) {
    if (one.kind in counts) counts[one.kind] += 1;
  }
  return counts;
}

/**
 * The open round that waits for this person: the newest open one they have not marked reviewed, and how many other
 * open rounds also wait. Rounds they opened themselves do not wait for them: they know.
 */
export function pendingRound(
  rounds: readonly RoundSummary[],
  userId: string,
): { round: RoundSummary; others: number } | null {
  const waiting = rounds.filter((round) => round.status === 'open' && !round.reviewedByMe && round.openedBy !== userId);
  const newest = waiting.reduce<RoundSummary | null>(
    (best, round) => (best === null || round.number > best.number ? round : best),
    null,
  );
  return newest ? { round: newest, others: waiting.length - 1 } : null;
}

/** One event of the frozen version with what was written about it. */
export interface OutlineEvent {
  event: IncidentEvent;
  perspectives: Perspective[];
  questions: Question[];
}

/** The frozen version as the round page lays it out. */
export interface RoundOutline {
  events: OutlineEvent[];
  /** Accounts of the incident as a whole, or of an event that is not in this version. */
  generalPerspectives: Perspective[];
  generalQuestions: Question[];
  factors: { kind: FactorKind; items: Factor[] }[];
  actionItems: ActionItem[];
  narrative: string;
}

const FACTOR_KIND_ORDER: readonly FactorKind[] = ['contributing', 'went-well', 'lucky', 'insight'];

/** Lays the projection out: events keep its timeline order, everything else its creation order. */
export function roundOutline(projection: IncidentProjection): RoundOutline {
  const byEvent = new Map<string, OutlineEvent>();
  const events = projection.events.map((event) => {
    const entry: OutlineEvent = { event, perspectives: [], questions: [] };
    byEvent.set(event.id, entry);
    return entry;
  });
  const generalPerspectives: Perspective[] = [];
  for (const perspective of projection.perspectives) {
    const entry = perspective.eventId === null ? undefined : byEvent.get(perspective.eventId);
    if (entry) entry.perspectives.push(perspective);
    else generalPerspectives.push(perspective);
  }
  const generalQuestions: Question[] = [];
  for (const question of projection.questions) {
    const entry = question.eventId === null ? undefined : byEvent.get(question.eventId);
    if (entry) entry.questions.push(question);
    else generalQuestions.push(question);
  }
  const kinds = [...FACTOR_KIND_ORDER];
  // A kind this build does not know still shows, after the known ones.
  for (const factor of projection.factors) if (!kinds.includes(factor.kind)) kinds.push(factor.kind);
  const factors = kinds
    .map((kind) => ({ kind, items: projection.factors.filter((factor) => factor.kind === kind) }))
    .filter((group) => group.items.length > 0);
  return {
    events,
    generalPerspectives,
    generalQuestions,
    factors,
    actionItems: projection.actionItems,
    narrative: projection.narrative,
  };
}

/** Keeps only what has feedback: an event stays when it or anything written about it has some. */
export function outlineWithFeedback(outline: RoundOutline, has: (key: string) => boolean): RoundOutline {
  const events = outline.events
    .map((entry) => ({
      event: entry.event,
      perspectives: entry.perspectives.filter((one) => has(itemKey('perspective', one.id))),
      questions: entry.questions.filter((one) => has(itemKey('question', one.id))),
      own: has(itemKey('event', entry.event.id)),
    }))
    .filter((entry) => entry.own || entry.perspectives.length > 0 || entry.questions.length > 0)
    .map(({ event, perspectives, questions }) => ({ event, perspectives, questions }));
  return {
    events,
    generalPerspectives: outline.generalPerspectives.filter((one) => has(itemKey('perspective', one.id))),
    generalQuestions: outline.generalQuestions.filter((one) => has(itemKey('question', one.id))),
    factors: outline.factors
      .map((group) => ({ kind: group.kind, items: group.items.filter((one) => has(itemKey('factor', one.id))) }))
      .filter((group) => group.items.length > 0),
    actionItems: outline.actionItems.filter((one) => has(itemKey('actionItem', one.id))),
    narrative: outline.narrative,
  };
}

/** Where the live version of an item is shown in the incident's workspace. */
export interface LiveTarget {
  tab: WorkspaceTab;
  /** Open the timeline on this event (items written about an event are shown on its card). */
  eventId?: string;
  /** The item to scroll to in its tab. */
  itemId?: string;
}

export function liveTarget(itemType: FeedbackItemType, item: { id: string; eventId?: string | null }): LiveTarget {
  switch (itemType) {
    case 'event':
      return { tab: 'timeline', eventId: item.id };
    case 'perspective':
      return item.eventId ? { tab: 'timeline', eventId: item.eventId } : { tab: 'lanes', itemId: item.id };
    case 'question':
      return item.eventId ? { tab: 'timeline', eventId: item.eventId } : { tab: 'questions', itemId: item.id };
    case 'factor':
      return { tab: 'analysis', itemId: item.id };
    case 'actionItem':
      return { tab: 'actions', itemId: item.id };
  }
}

/** The query string of the workspace address that shows `target` (see IncidentWorkspace). */
export function liveTargetQuery(target: LiveTarget): string {
  const params = new URLSearchParams();
  if (target.tab !== 'timeline') params.set('tab', target.tab);
  if (target.eventId) params.set('event', target.eventId);
  if (target.itemId) params.set('item', target.itemId);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export type NarrativePiece = { kind: 'text'; text: string } | { kind: 'event'; eventId: string };

/** The narrative's Markdown source split at its event references, so they can be shown as the events they name. */
export function narrativePieces(markdown: string): NarrativePiece[] {
  const pieces: NarrativePiece[] = [];
  let at = 0;
  for (const reference of findEventReferences(markdown)) {
    if (reference.start > at) pieces.push({ kind: 'text', text: markdown.slice(at, reference.start) });
    pieces.push({ kind: 'event', eventId: reference.eventId });
    at = reference.end;
  }
  if (at < markdown.length) pieces.push({ kind: 'text', text: markdown.slice(at) });
  return pieces;
}
