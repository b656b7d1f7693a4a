import { describe, expect, it } from 'vitest';
import {
  addActionItem,
  addEvent,
  addFactor,
  addPerspective,
  addQuestion,
  createIncidentDoc,
  initIncident,
  projectIncident,
  type CommandContext,
} from '@parallax/model';
import type { Feedback, RoundSummary } from '../api.ts';
import {
  countByKind,
  feedbackTextProblem,
  groupFeedback,
  itemKey,
  liveTarget,
  liveTargetQuery,
  outlineWithFeedback,
  pendingRound,
  roundOutline,
} from './feedback.ts';

let clock = Date.parse('2025-03-05T09:00:00.000Z');
const ctx: CommandContext = { userId: 'alice', now: () => new Date((clock += 1000)) };

function feedback(itemType: Feedback['itemType'], itemId: string, kind: Feedback['kind'], text = ''): Feedback {
  return {
    id: crypto.randomUUID(),
    roundId: 'r1',
    itemType,
    itemId,
    kind,
    text,
    authorId: 'bob',
    authorName: 'Bob',
    createdAt: '2025-03-05T10:00:00.000Z',
  };
}

function round(number: number, status: 'open' | 'closed', reviewedByMe: boolean): RoundSummary {
  return {
    id: `round-${number}`,
    incidentId: 'incident',
    number,
    label: `Round ${number}`,
    message: '',
    status,
    snapshotId: `snapshot-${number}`,
    openedBy: 'alice',
    openedByName: 'Alice',
    createdAt: '2025-03-05T10:00:00.000Z',
    closedAt: null,
    closedBy: null,
    feedbackCount: 0,
    reviewedCount: 0,
    reviewedByMe,
  };
}

function incident() {
  const doc = createIncidentDoc();
  initIncident(doc, { title: 'Checkout errors' }, ctx);
  const late = addEvent(doc, { occurredAt: '2025-03-04T14:10:00.000Z', kind: 'repair', text: 'Rolled back' }, ctx);
  const early = addEvent(doc, { occurredAt: '2025-03-04T14:00:00.000Z', kind: 'action', text: 'Deploy' }, ctx);
  const onLate = addPerspective(doc, { eventId: late, person: 'Carol', saw: 'Errors stopped' }, ctx);
  const general = addPerspective(doc, { eventId: null, person: 'Dan', saw: 'A long night' }, ctx);
  const question = addQuestion(doc, { eventId: early, text: 'Who approved it?' }, ctx);
  const insight = addFactor(doc, { kind: 'insight', title: 'Retries amplify' }, ctx);
  const factor = addFactor(doc, { kind: 'contributing', title: 'No canary' }, ctx);
  const action = addActionItem(doc, { title: 'Add a canary', category: 'prevent' }, ctx);
  return { projection: projectIncident(doc), late, early, onLate, general, question, insight, factor, action };
}

describe('feedback on a round', () => {
  it('is grouped by the item it is about and counted by kind', () => {
    const all = [
      feedback('event', 'e1', 'correction', 'It was 14:05'),
      feedback('perspective', 'p1', 'not-my-experience', 'I saw nothing'),
      feedback('event', 'e1', 'agree'),
    ];
    const groups = groupFeedback(all);
    expect(groups.get(itemKey('event', 'e1'))?.map((one) => one.kind)).toEqual(['correction', 'agree']);
    expect(groups.get(itemKey('perspective', 'p1'))).toHaveLength(1);
    expect(groups.has(itemKey('perspective', 'e1'))).toBe(false);
    expect(countByKind(all)).toEqual({ agree: 1, correction: 1, 'missing-context': 0, 'not-my-experience': 1 });
  });

  it('needs words for everything but agreeing', () => {
    expect(feedbackTextProblem('agree', '')).toBeNull();
    expect(feedbackTextProblem('correction', '   ')).toMatch(/different/);
    expect(feedbackTextProblem('missing-context', '')).toMatch(/missing/);
    expect(feedbackTextProblem('not-my-experience', 'I was asleep')).toBeNull();
  });
});

describe('the round waiting for someone', () => {
  it('is the newest open round they have not reviewed', () => {
    expect(pendingRound([], 'carol')).toBeNull();
    expect(pendingRound([round(2, 'open', true), round(1, 'closed', false)], 'carol')).toBeNull();
    const pending = pendingRound([round(3, 'open', false), round(2, 'open', false), round(1, 'open', true)], 'carol');
    expect(pending?.round.number).toBe(3);
    expect(pending?.others).toBe(1);
  });

  it('is never one they opened themselves', () => {
    expect(pendingRound([round(1, 'open', false)], 'alice')).toBeNull();
  });
});

describe('the frozen version laid out', () => {
  it('puts events in time order with their perspectives and questions, then the rest', () => {
    const { projection, late, early, onLate, general, question, insight, factor, action } = incident();
    const outline = roundOutline(projection);
    expect(outline.events.map((entry) => entry.event.id)).toEqual([early, late]);
    expect(outline.events[0]?.questions.map((one) => one.id)).toEqual([question]);
    expect(outline.events[1]?.perspectives.map((one) => one.id)).toEqual([onLate]);
    expect(outline.generalPerspectives.map((one) => one.id)).toEqual([general]);
    // Factors in the tab's order of kinds, not the order they were written.
    expect(outline.factors.map((group) => [group.kind, group.items.map((one) => one.id)])).toEqual([
      ['contributing', [factor]],
      ['insight', [insight]],
    ]);
    expect(outline.actionItems.map((one) => one.id)).toEqual([action]);
  });

  it('keeps only what has feedback, with an event shown for feedback on its perspective', () => {
    const { projection, late, onLate, action } = incident();
    const keys = new Set([itemKey('perspective', onLate), itemKey('actionItem', action)]);
    const filtered = outlineWithFeedback(roundOutline(projection), (key) => keys.has(key));
    expect(filtered.events.map((entry) => entry.event.id)).toEqual([late]);
    expect(filtered.events[0]?.perspectives.map((one) => one.id)).toEqual([onLate]);
    expect(filtered.generalPerspectives).toEqual([]);
    expect(filtered.factors).toEqual([]);
    expect(filtered.actionItems.map((one) => one.id)).toEqual([action]);
  });
});

describe('going to the live item', () => {
  it('opens events, and what is written about them, on the timeline; the rest in their tab', () => {
    expect(liveTargetQuery(liveTarget('event', { id: 'e1' }))).toBe('?event=e1');
    expect(liveTargetQuery(liveTarget('perspective', { id: 'p1', eventId: 'e1' }))).toBe('?event=e1');
    expect(liveTargetQuery(liveTarget('perspective', { id: 'p1', eventId: null }))).toBe('?tab=lanes&item=p1');
    expect(liveTargetQuery(liveTarget('question', { id: 'q1', eventId: null }))).toBe('?tab=questions&item=q1');
    expect(liveTargetQuery(liveTarget('factor', { id: 'f1' }))).toBe('?tab=analysis&item=f1');
    expect(liveTargetQuery(liveTarget('actionItem', { id: 'a1' }))).toBe('?tab=actions&item=a1');
  });
});
