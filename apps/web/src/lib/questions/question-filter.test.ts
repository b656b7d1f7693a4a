import { describe, expect, it } from 'vitest';
import type { Question } from '@parallax/model';
import {
  DEFAULT_FILTER,
  compareQuestions,
  filterQuestions,
  isDefaultFilter,
  matchesFilter,
  narrowsBeyondStatus,
  ownerKey,
  ownerOptions,
  statusCounts,
  type FilterContext,
  type QuestionFilter,
} from './question-filter.ts';

let serial = 0;

function question(fields: Partial<Question> & { id: string }): Question {
  serial += 1;
  return {
    eventId: null,
    asker: 'Alice',
    owner: '',
    ownerId: null,
    status: 'open',
    text: `Question ${fields.id}`,
    answer: '',
    evidenceUrls: [],
    createdBy: 'alice',
    createdAt: `2026-03-10T15:00:${String(serial % 60).padStart(2, '0')}.000Z`,
    updatedBy: 'alice',
    updatedAt: '2026-03-10T15:00:00.000Z',
    ...fields,
  };
}

// Events e1 (14:00) and e2 (14:10) on the timeline; "gone" was deleted.
const context: FilterContext = {
  userId: 'bob-id',
  eventOrder: new Map([
    ['e1', 0],
    ['e2', 1],
  ]),
};

const filter = (patch: Partial<QuestionFilter>): QuestionFilter => ({ ...DEFAULT_FILTER, ...patch });
const ids = (questions: readonly Question[]) => questions.map((item) => item.id);

describe('ownerKey', () => {
  it('prefers the account, falls back to the name, and is null for nobody', () => {
    expect(ownerKey({ owner: 'Bob', ownerId: 'bob-id' })).toBe('id:bob-id');
    expect(ownerKey({ owner: '  Carol Vendor ', ownerId: null })).toBe('name:carol vendor');
    expect(ownerKey({ owner: '  ', ownerId: null })).toBeNull();
  });
});

describe('filterQuestions', () => {
  const questions = [
    question({
      id: 'q-answered',
      status: 'answered',
      eventId: 'e1',
      answer: 'Replication lag',
      owner: 'Bob',
      ownerId: 'bob-id',
    }),
    question({
      id: 'q-e2',
      eventId: 'e2',
      text: 'Why did the failover take 4 minutes?',
      owner: 'Bob',
      ownerId: 'bob-id',
    }),
    question({ id: 'q-e1', eventId: 'e1', owner: 'Carol', ownerId: 'carol-id' }),
    question({ id: 'q-whole', text: 'Who decided to roll back?' }),
    question({ id: 'q-parked', status: 'parked', owner: 'Dana' }),
    question({ id: 'q-gone', eventId: 'gone', text: 'About a deleted event' }),
  ];

  it('opens on the open questions: whole incident first, then by event time, then by when they were asked', () => {
    expect(ids(filterQuestions(questions, DEFAULT_FILTER, context))).toEqual(['q-whole', 'q-gone', 'q-e1', 'q-e2']);
  });

  it('lists every status with open ones first', () => {
    expect(ids(filterQuestions(questions, filter({ status: 'all' }), context))).toEqual([
      'q-whole',
      'q-gone',
      'q-e1',
      'q-e2',
      'q-answered',
      'q-parked',
    ]);
  });

  it('filters by owner: mine, unassigned, one person by account or by name', () => {
    const all = filter({ status: 'all' });
    expect(ids(filterQuestions(questions, { ...all, owner: 'mine' }, context))).toEqual(['q-e2', 'q-answered']);
    expect(ids(filterQuestions(questions, { ...all, owner: 'unassigned' }, context))).toEqual(['q-whole', 'q-gone']);
    expect(ids(filterQuestions(questions, { ...all, owner: 'person:id:carol-id' }, context))).toEqual(['q-e1']);
    expect(ids(filterQuestions(questions, { ...all, owner: 'person:name:dana' }, context))).toEqual(['q-parked']);
  });

  it('filters by what the question is about; one about a deleted event is about the whole incident', () => {
    const all = filter({ status: 'all' });
    expect(ids(filterQuestions(questions, { ...all, about: 'incident' }, context))).toEqual([
      'q-whole',
      'q-gone',
      'q-parked',
    ]);
    expect(ids(filterQuestions(questions, { ...all, about: 'event' }, context))).toEqual([
      'q-e1',
      'q-e2',
      'q-answered',
    ]);
  });

  it('finds every word, in any case, in the question, its answer or the people', () => {
    const all = filter({ status: 'all' });
    expect(ids(filterQuestions(questions, { ...all, text: 'FAILOVER minutes' }, context))).toEqual(['q-e2']);
    expect(ids(filterQuestions(questions, { ...all, text: 'replication' }, context))).toEqual(['q-answered']);
    expect(ids(filterQuestions(questions, { ...all, text: 'dana' }, context))).toEqual(['q-parked']);
    expect(ids(filterQuestions(questions, { ...all, text: 'failover rollback' }, context))).toEqual([]);
  });

  it('keeps the questions just changed here, whatever the filter says', () => {
    const keep = new Set(['q-answered']);
    expect(ids(filterQuestions(questions, DEFAULT_FILTER, { ...context, keep }))).toEqual([
      'q-whole',
      'q-gone',
      'q-e1',
      'q-e2',
      'q-answered',
    ]);
  });

  it('does not change the list it was given', () => {
    const before = ids(questions);
    filterQuestions(questions, filter({ status: 'all' }), context);
    expect(ids(questions)).toEqual(before);
  });
});

describe('statusCounts', () => {
  const questions = [
    question({ id: 'a', ownerId: 'bob-id', owner: 'Bob' }),
    question({ id: 'b', ownerId: 'bob-id', owner: 'Bob', status: 'answered' }),
    question({ id: 'c', status: 'answered' }),
    question({ id: 'd', status: 'parked', eventId: 'e1' }),
  ];

  it('counts every status', () => {
    expect(statusCounts(questions, DEFAULT_FILTER, context)).toEqual({ open: 1, answered: 2, parked: 1, all: 4 });
  });

  it('counts what each status would show given the other filters, whatever status is picked', () => {
    expect(statusCounts(questions, filter({ owner: 'mine' }), context)).toEqual({
      open: 1,
      answered: 1,
      parked: 0,
      all: 2,
    });
    expect(statusCounts(questions, filter({ status: 'parked', about: 'event' }), context)).toEqual({
      open: 0,
      answered: 0,
      parked: 1,
      all: 1,
    });
  });
});

describe('matchesFilter', () => {
  it('applies the status as well as the rest', () => {
    const open = question({ id: 'x', text: 'Why?' });
    expect(matchesFilter(open, DEFAULT_FILTER, context)).toBe(true);
    expect(matchesFilter(open, filter({ status: 'answered' }), context)).toBe(false);
    expect(matchesFilter(open, filter({ text: 'how' }), context)).toBe(false);
  });
});

describe('compareQuestions', () => {
  it('orders by creation, then id, among questions about the same thing', () => {
    const first = question({ id: 'b', createdAt: '2026-03-10T15:00:00.000Z' });
    const second = question({ id: 'a', createdAt: '2026-03-10T15:00:00.000Z' });
    const later = question({ id: 'c', createdAt: '2026-03-10T16:00:00.000Z' });
    expect([later, first, second].sort((x, y) => compareQuestions(x, y, context)).map((item) => item.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('ownerOptions', () => {
  it('lists the members and anyone else who owns a question, once each, by name', () => {
    const questions = [
      question({ id: 'a', owner: 'Bob', ownerId: 'bob-id' }),
      question({ id: 'b', owner: 'Zed Vendor' }),
      question({ id: 'c', owner: 'zed vendor' }),
      question({ id: 'd', owner: 'Eve (left)', ownerId: 'eve-id' }),
    ];
    const members = [
      { userId: 'carol-id', name: 'Carol' },
      { userId: 'bob-id', name: 'Bob Editor' },
    ];
    expect(ownerOptions(questions, members)).toEqual([
      { key: 'id:bob-id', name: 'Bob Editor' },
      { key: 'id:carol-id', name: 'Carol' },
      { key: 'id:eve-id', name: 'Eve (left)' },
      { key: 'name:zed vendor', name: 'Zed Vendor' },
    ]);
  });
});

describe('filter state', () => {
  it('knows the default and when more than the status narrows the list', () => {
    expect(isDefaultFilter(DEFAULT_FILTER)).toBe(true);
    expect(isDefaultFilter(filter({ status: 'all' }))).toBe(false);
    expect(isDefaultFilter(filter({ text: '   ' }))).toBe(true);
    expect(narrowsBeyondStatus(filter({ status: 'parked' }))).toBe(false);
    expect(narrowsBeyondStatus(filter({ about: 'incident' }))).toBe(true);
    expect(narrowsBeyondStatus(filter({ text: 'lag' }))).toBe(true);
  });
});
