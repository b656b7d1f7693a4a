import { describe, expect, it } from 'vitest';
import type { ActionItem, IncidentEvent, Perspective, Question } from '@parallax/model';
import { zoneFormatter } from '../timezones/format.ts';
import { NameRegistry } from './names.ts';
import { buildSummary, createdSince, summaryCount, summaryMarkdown } from './summary.ts';

const stamp = (id: string, createdAt: string) => ({
  id,
  createdBy: 'u1',
  createdAt,
  updatedBy: 'u1',
  updatedAt: createdAt,
});

const event: IncidentEvent = {
  ...stamp('e1', '2025-03-04T09:00:00.000Z'),
  occurredAt: '2025-03-04T14:05:00.000Z',
  sourceZone: 'UTC',
  precision: 'minute',
  actor: 'Priya Raman',
  source: 'manual',
  sourceUrl: '',
  kind: 'detection',
  tags: [],
  text: 'Checkout error rate above 5%',
};

const question = (id: string, createdAt: string, text: string, eventId: string | null = 'e1'): Question => ({
  ...stamp(id, createdAt),
  eventId,
  asker: 'Lee Chen',
  owner: '',
  ownerId: null,
  status: 'open',
  text,
  answer: '',
  evidenceUrls: [],
});

const perspective: Perspective = {
  ...stamp('p1', '2025-03-05T10:05:00.000Z'),
  eventId: 'e1',
  person: 'Priya Raman',
  role: 'responder',
  saw: 'The alert,\nthen the  dashboard',
  knew: '',
  thought: 'Lee Chen had deployed',
  did: '',
};

const action: ActionItem = {
  ...stamp('a1', '2025-03-05T10:20:00.000Z'),
  title: 'Alert on replica lag',
  description: '',
  owner: 'Dana Whitfield',
  ownerId: null,
  category: 'detect',
  status: 'proposed',
  statusReason: '',
  dueDate: null,
  trackerUrl: '',
  eventIds: [],
  factorIds: [],
};

const since = '2025-03-05T10:00:00.000Z';
const input = {
  since,
  events: [event],
  questions: [
    question('q0', '2025-03-05T09:59:59.000Z', 'Before the meeting'),
    question('q1', '2025-03-05T10:01:00.000Z', 'Why was  the alert\nsilent?'),
    question('q2', '', 'No stamp'),
    question('q3', '2025-03-05T10:30:00.000Z', 'What about the incident as a whole?', null),
  ],
  perspectives: [perspective],
  actionItems: [action],
  formatter: zoneFormatter('UTC'),
};

describe('meeting summary', () => {
  it('keeps what was created since the meeting started', () => {
    expect(createdSince(input.questions, since).map((item) => item.id)).toEqual(['q1', 'q3']);
    expect(createdSince(input.questions, 'not a date')).toEqual([]);
    const summary = buildSummary(input);
    expect(summary.questions.map((item) => item.text)).toEqual([
      'Why was the alert silent?',
      'What about the incident as a whole?',
    ]);
    expect(summary.questions[0]?.event?.label).toBe('14:05 UTC · Detection');
    expect(summary.perspectives[0]?.fields).toEqual([
      { field: 'saw', text: 'The alert, then the dashboard' },
      { field: 'thought', text: 'Lee Chen had deployed' },
    ]);
    expect(summaryCount(summary)).toBe(4);
  });

  it('writes Markdown for the notes', () => {
    const markdown = summaryMarkdown(buildSummary(input), { title: 'Checkout errors', started: '10:00 UTC' });
    expect(markdown).toBe(
      [
        '# Meeting summary: Checkout errors',
        '',
        'Since 10:00 UTC.',
        '',
        '## Questions (2)',
        '',
        '- Why was the alert silent? (on 14:05 UTC · Detection) — asked by Lee Chen',
        '- What about the incident as a whole? (whole incident) — asked by Lee Chen',
        '',
        '## Perspectives (1)',
        '',
        '- **Priya Raman (responder)** (on 14:05 UTC · Detection)',
        '  - Saw: The alert, then the dashboard',
        '  - Thought: Lee Chen had deployed',
        '',
        '## Action items (1)',
        '',
        '- Alert on replica lag — owner: Dana Whitfield (proposed)',
        '',
      ].join('\n'),
    );
  });

  it('masks names in the summary and its Markdown when they are hidden', () => {
    const mask = new NameRegistry().update({
      events: [event],
      perspectives: [perspective],
      questions: input.questions,
      actionItems: [action],
      people: [],
    });
    const summary = buildSummary({ ...input, shown: mask });
    const markdown = summaryMarkdown(summary, { title: 'Checkout errors', started: '10:00 UTC' });
    for (const name of ['Priya', 'Raman', 'Lee', 'Chen', 'Dana', 'Whitfield']) expect(markdown).not.toContain(name);
    expect(markdown).toContain('**Responder A (responder)**');
    expect(markdown).toContain('  - Thought: Participant B had deployed');
  });
});
