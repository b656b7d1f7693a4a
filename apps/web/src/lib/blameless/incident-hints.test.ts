import { describe, expect, it } from 'vitest';
import {
  findBlamelessHints,
  type ActionItem,
  type Factor,
  type IncidentEvent,
  type Perspective,
  type Question,
} from '@parallax/model';
import { createIncidentHints, describeWhere, hintContext, type HintSource } from './incident-hints.ts';

const stamp = {
  createdBy: 'u1',
  createdAt: '2025-03-04T14:00:00Z',
  updatedBy: 'u1',
  updatedAt: '2025-03-04T14:00:00Z',
};

function event(id: string, text: string, occurredAt = '2025-03-04T14:02:00Z'): IncidentEvent {
  return {
    ...stamp,
    id,
    occurredAt,
    sourceZone: 'UTC',
    precision: 'exact',
    actor: 'Priya',
    source: 'manual',
    sourceUrl: '',
    kind: 'note',
    tags: [],
    text,
  };
}

function perspective(
  id: string,
  fields: Partial<Pick<Perspective, 'saw' | 'knew' | 'thought' | 'did'>>,
  eventId: string | null = null,
): Perspective {
  return {
    ...stamp,
    id,
    eventId,
    person: 'Jonas',
    role: 'On-call',
    saw: '',
    knew: '',
    thought: '',
    did: '',
    ...fields,
  };
}

function question(id: string, text: string, answer: string, eventId: string | null = null): Question {
  return {
    ...stamp,
    id,
    eventId,
    asker: 'Ana',
    owner: '',
    ownerId: null,
    status: 'open',
    text,
    answer,
    evidenceUrls: [],
  };
}

function factor(id: string, title: string, description: string): Factor {
  return { ...stamp, id, kind: 'contributing', title, description, eventIds: [] };
}

function actionItem(id: string, title: string, description: string): ActionItem {
  return {
    ...stamp,
    id,
    title,
    description,
    owner: '',
    ownerId: null,
    category: 'detect',
    status: 'proposed',
    statusReason: '',
    dueDate: null,
    trackerUrl: '',
    eventIds: [],
    factorIds: [],
  };
}

function source(parts: Partial<HintSource>): HintSource {
  return { events: [], perspectives: [], questions: [], factors: [], actionItems: [], narrative: '', ...parts };
}

/** The model's rules, counting the texts scanned. */
function countingScan() {
  const scanned: string[] = [];
  return {
    scanned,
    scan: (text: string) => {
      scanned.push(text);
      return findBlamelessHints(text);
    },
  };
}

describe('incidentHints', () => {
  it('groups hints by the text they are in, in panel order, with where to go and counts per category', () => {
    const { scan } = countingScan();
    const hints = createIncidentHints(scan)(
      source({
        events: [
          event(
            'e1',
            'The on-call engineer should have noticed the alert. We should add an alert for replication lag.',
          ),
          event('e2', 'Scaled atlas-api from 12 to 24 pods.'),
        ],
        perspectives: [perspective('p1', { thought: 'Obviously the flag was the problem.' }, 'e1')],
        questions: [question('q1', 'Why didn’t they check the dashboard?', 'It was human error.')],
        factors: [factor('f1', 'Alert fatigue', 'In hindsight the page was clear.')],
        actionItems: [actionItem('a1', 'Add a lag alert', 'Whoever merged it should have tested it.')],
        narrative: 'The deploy was a careless mistake.',
      }),
    );
    expect(hints.entries.map((entry) => [entry.key, entry.target, entry.hints.map((hint) => hint.phrase)])).toEqual([
      ['event:e1', { tab: 'timeline', eventId: 'e1' }, ['should have']],
      ['perspective:p1:thought', { tab: 'lanes', eventId: 'e1' }, ['Obviously']],
      ['question:q1', { tab: 'questions', eventId: null }, ['Why didn’t they']],
      ['answer:q1', { tab: 'questions', eventId: null }, ['human error']],
      ['factor:f1:description', { tab: 'analysis', eventId: null }, ['In hindsight']],
      ['actionItem:a1:description', { tab: 'actions', eventId: null }, ['should have']],
      ['narrative', { tab: 'narrative', eventId: null }, ['careless mistake']],
    ]);
    expect(hints.total).toBe(7);
    expect(hints.byCategory).toEqual({ counterfactual: 2, blame: 3, minimising: 1, hindsight: 1 });
  });

  it('counts nothing in an incident without hints', () => {
    const hints = createIncidentHints()(source({ events: [event('e1', 'Paged the DB team.')], narrative: '' }));
    expect(hints).toEqual({
      total: 0,
      byCategory: { counterfactual: 0, blame: 0, minimising: 0, hindsight: 0 },
      entries: [],
    });
  });

  it('re-scans only the event typed in when the events array is new but the other events keep their identity', () => {
    const { scan, scanned } = countingScan();
    const incidentHints = createIncidentHints(scan);
    const events = Array.from({ length: 2_000 }, (_, index) =>
      event(`e${index}`, `Step ${index}: they should have paged.`),
    );
    const first = incidentHints(source({ events }));
    expect(first.total).toBe(2_000);
    expect(scanned).toHaveLength(2_000);

    scanned.length = 0;
    const typed = [...events];
    typed[700] = event('e700', 'Step 700: the IC paged the DB team.');
    const second = incidentHints(source({ events: typed }));
    expect(scanned).toEqual(['Step 700: the IC paged the DB team.']);
    expect(second.total).toBe(1_999);
    expect(second.entries.some((entry) => entry.key === 'event:e700')).toBe(false);

    // Nothing changed: nothing is scanned.
    scanned.length = 0;
    incidentHints(source({ events: [...typed] }));
    expect(scanned).toEqual([]);
  });

  it('re-scans one text when a re-read analysis list brings new objects with the same texts', () => {
    const { scan, scanned } = countingScan();
    const incidentHints = createIncidentHints(scan);
    const list = (did: string) => [
      perspective('p1', { saw: 'The error rate climbing.', did: 'Rolled back.' }),
      perspective('p2', { thought: 'It should have been caught in review.', did }),
    ];
    incidentHints(source({ perspectives: list('Paged') }));
    expect(scanned.sort()).toEqual(
      ['It should have been caught in review.', 'Paged', 'Rolled back.', 'The error rate climbing.'].sort(),
    );

    scanned.length = 0;
    const after = incidentHints(source({ perspectives: list('Paged the DB team') }));
    expect(scanned).toEqual(['Paged the DB team']);
    expect(after.entries.map((entry) => entry.key)).toEqual(['perspective:p2:thought']);
  });

  it('keeps the narrative scan until the narrative changes', () => {
    const { scan, scanned } = countingScan();
    const incidentHints = createIncidentHints(scan);
    incidentHints(source({ narrative: 'Obviously the flag.' }));
    incidentHints(source({ narrative: 'Obviously the flag.', events: [event('e1', '')] }));
    expect(scanned).toEqual(['Obviously the flag.']);
  });
});

describe('describeWhere', () => {
  const time = (iso: string) => `${iso.slice(11, 16)} UTC`;

  it('names each place as the panel heads its entry', () => {
    const at = { occurredAt: '2025-03-04T14:02:00Z', precision: 'exact' as const };
    expect(describeWhere({ place: 'event', subject: 'Priya', field: 'text', time: at }, time)).toBe(
      'Event at 14:02 UTC — Priya',
    );
    expect(describeWhere({ place: 'event', subject: '', field: 'text', time: at }, time)).toBe('Event at 14:02 UTC');
    expect(describeWhere({ place: 'perspective', subject: 'Jonas', field: 'did', time: null }, time)).toBe(
      'Perspective of Jonas — what they did',
    );
    expect(describeWhere({ place: 'question', subject: 'Why?', field: 'text', time: null }, time)).toBe('Question');
    expect(
      describeWhere(
        { place: 'answer', subject: 'Why did the failover take 20 minutes?', field: 'answer', time: null },
        time,
      ),
    ).toBe('Answer to “Why did the failover take 20 minutes?”');
    expect(describeWhere({ place: 'factor', subject: 'Alert fatigue', field: 'description', time: null }, time)).toBe(
      'Factor “Alert fatigue”',
    );
    expect(
      describeWhere({ place: 'actionItem', subject: 'Add a lag alert', field: 'description', time: null }, time),
    ).toBe('Action item “Add a lag alert”');
    expect(describeWhere({ place: 'narrative', subject: '', field: 'text', time: null }, time)).toBe('Narrative');
    expect(
      describeWhere({ place: 'answer', subject: 'x'.repeat(80), field: 'answer', time: null }, time).length,
    ).toBeLessThan(70);
  });
});

describe('hintContext', () => {
  it('shows a few whole words either side of the phrase, on one line', () => {
    const text =
      'At 14:05 the dashboards were red for everyone. The on-call engineer should have noticed the alert before\nthe second page went out to the whole team.';
    const [hint] = findBlamelessHints(text);
    if (!hint) throw new Error('no hint');
    const context = hintContext(text, hint);
    expect(context.phrase).toBe('should have');
    expect(context.before).toBe('…red for everyone. The on-call engineer ');
    expect(context.after).toBe(' noticed the alert before the second…');
    expect(`${context.before}${context.phrase}${context.after}`).not.toMatch(/\n/);
  });

  it('does not add an ellipsis at the ends of a short text, and shows narrative tokens as words', () => {
    const text = 'Obviously [[event:evt-1]] was it.';
    const [hint] = findBlamelessHints(text);
    if (!hint) throw new Error('no hint');
    expect(hintContext(text, hint)).toEqual({ before: '', phrase: 'Obviously', after: ' (event) was it.' });
  });
});
