import { describe, expect, it } from 'vitest';
import type { ActionItem } from '@parallax/model';
import {
  EMPTY_ACTION_FILTER,
  actionCategoryLabel,
  actionStatusLabel,
  awaitsDecision,
  compareActionItems,
  hasFilters,
  isOverdue,
  localDate,
  ownerKey,
  ownerOptions,
  visibleActionItems,
  waitingForMe,
  type ActionFilter,
} from './action-filter.ts';

const BOB = 'b0b00000-0000-4000-8000-000000000000';
const ALICE = 'a11ce000-0000-4000-8000-000000000000';

let serial = 0;
function item(fields: Partial<ActionItem> & { id: string }): ActionItem {
  serial += 1;
  return {
    title: fields.id,
    description: '',
    owner: '',
    ownerId: null,
    category: 'detect',
    status: 'proposed',
    statusReason: '',
    dueDate: null,
    trackerUrl: '',
    eventIds: [],
    factorIds: [],
    createdAt: `2026-03-10T14:00:${String(serial % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2026-03-10T14:00:00.000Z',
    createdBy: ALICE,
    updatedBy: ALICE,
    ...fields,
  };
}

const ids = (items: readonly { id: string }[]) => items.map((entry) => entry.id);

describe('waiting for my decision', () => {
  const items = [
    item({ id: 'mine-proposed', owner: 'Bob', ownerId: BOB }),
    item({ id: 'mine-accepted', owner: 'Bob', ownerId: BOB, status: 'accepted' }),
    item({ id: 'mine-declined', owner: 'Bob', ownerId: BOB, status: 'not-doing', statusReason: 'No' }),
    item({ id: 'alices', owner: 'Alice', ownerId: ALICE }),
    // Same name, no account: not Bob's to decide from his view.
    item({ id: 'named-bob', owner: 'Bob' }),
    item({ id: 'nobody' }),
  ];

  it('counts only proposed items owned by my account', () => {
    expect(waitingForMe(items, BOB)).toBe(1);
    expect(waitingForMe(items, ALICE)).toBe(1);
    expect(waitingForMe(items, 'someone-else')).toBe(0);
    expect(awaitsDecision(items[0]!, BOB)).toBe(true);
    expect(awaitsDecision(items[1]!, BOB)).toBe(false);
    expect(awaitsDecision(items[4]!, BOB)).toBe(false);
  });

  it('"assigned to me" shows every item owned by my account, whatever its status', () => {
    const mine = visibleActionItems(items, { ...EMPTY_ACTION_FILTER, view: 'mine' }, BOB);
    expect(ids(mine).sort()).toEqual(['mine-accepted', 'mine-declined', 'mine-proposed']);
  });

  it('puts what waits for my answer first in "assigned to me", even before sooner due work', () => {
    const mine = [
      item({ id: 'accepted-due-soon', owner: 'Bob', ownerId: BOB, status: 'accepted', dueDate: '2026-01-01' }),
      item({ id: 'waiting-undated', owner: 'Bob', ownerId: BOB }),
      item({ id: 'done', owner: 'Bob', ownerId: BOB, status: 'done' }),
    ];
    const order = (view: 'all' | 'mine') => ids(visibleActionItems(mine, { ...EMPTY_ACTION_FILTER, view }, BOB));
    expect(order('mine')).toEqual(['waiting-undated', 'accepted-due-soon', 'done']);
    expect(order('all')).toEqual(['accepted-due-soon', 'waiting-undated', 'done']);
  });
});

describe('filters', () => {
  const items = [
    item({ id: 'a', status: 'proposed', category: 'detect', owner: 'Bob', ownerId: BOB }),
    item({ id: 'b', status: 'in-progress', category: 'prevent', owner: 'Alice', ownerId: ALICE }),
    item({ id: 'c', status: 'done', category: 'detect', owner: 'Carol (contractor)' }),
    item({ id: 'd', status: 'not-doing', statusReason: 'Covered', category: 'learn' }),
  ];
  const visible = (filter: Partial<ActionFilter>, userId = BOB) =>
    ids(visibleActionItems(items, { ...EMPTY_ACTION_FILTER, ...filter }, userId)).sort();

  it('shows everything with no filter', () => {
    expect(visible({})).toEqual(['a', 'b', 'c', 'd']);
    expect(hasFilters(EMPTY_ACTION_FILTER)).toBe(false);
  });

  it('filters by status, and by open or closed', () => {
    expect(visible({ status: 'done' })).toEqual(['c']);
    expect(visible({ status: 'open' })).toEqual(['a', 'b']);
    expect(visible({ status: 'closed' })).toEqual(['c', 'd']);
    expect(hasFilters({ ...EMPTY_ACTION_FILTER, status: 'open' })).toBe(true);
  });

  it('filters by category', () => {
    expect(visible({ category: 'detect' })).toEqual(['a', 'c']);
    expect(visible({ category: 'mitigate' })).toEqual([]);
  });

  it('filters by owner: account, typed name, or nobody yet', () => {
    expect(visible({ owner: ownerKey({ owner: 'Robert', ownerId: BOB }) })).toEqual(['a']);
    expect(visible({ owner: 'name:Carol (contractor)' })).toEqual(['c']);
    expect(visible({ owner: 'none' })).toEqual(['d']);
  });

  it('combines filters with the view', () => {
    expect(visible({ view: 'mine', status: 'closed' })).toEqual([]);
    expect(visible({ view: 'mine', category: 'detect' }, BOB)).toEqual(['a']);
    expect(visible({ view: 'mine' }, ALICE)).toEqual(['b']);
  });

  it('lists owners for the filter, nobody yet first, one entry per account', () => {
    const renamed = [...items, item({ id: 'e', owner: 'Robert', ownerId: BOB })];
    expect(ownerOptions(renamed)).toEqual([
      { key: 'none', label: 'Nobody yet', count: 1 },
      { key: `user:${ALICE}`, label: 'Alice', count: 1 },
      { key: `user:${BOB}`, label: 'Bob', count: 2 },
      { key: 'name:Carol (contractor)', label: 'Carol (contractor)', count: 1 },
    ]);
  });
});

describe('order', () => {
  it('puts open work first, then the nearest due date, undated last, then creation order', () => {
    const items = [
      item({ id: 'done-early', status: 'done', dueDate: '2026-01-01' }),
      item({ id: 'open-undated-1' }),
      item({ id: 'open-late', status: 'accepted', dueDate: '2026-06-01' }),
      item({ id: 'not-doing', status: 'not-doing', statusReason: 'No' }),
      item({ id: 'open-soon', status: 'in-progress', dueDate: '2026-04-01' }),
      item({ id: 'open-undated-2' }),
      item({ id: 'done-undated', status: 'done' }),
    ];
    expect(ids([...items].sort(compareActionItems))).toEqual([
      'open-soon',
      'open-late',
      'open-undated-1',
      'open-undated-2',
      'done-early',
      'not-doing',
      'done-undated',
    ]);
  });

  it('breaks ties on equal creation times by id, so every peer shows one order', () => {
    const at = '2026-03-10T14:00:00.000Z';
    const items = [item({ id: 'b', createdAt: at }), item({ id: 'a', createdAt: at })];
    expect(ids([...items].sort(compareActionItems))).toEqual(['a', 'b']);
  });
});

describe('due dates', () => {
  it('marks open work past its date as overdue, not finished or declined work', () => {
    expect(isOverdue({ dueDate: '2026-03-09', status: 'accepted' }, '2026-03-10')).toBe(true);
    expect(isOverdue({ dueDate: '2026-03-10', status: 'accepted' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ dueDate: '2026-03-09', status: 'done' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ dueDate: '2026-03-09', status: 'not-doing' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'proposed' }, '2026-03-10')).toBe(false);
  });

  it('reads today in the local calendar', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('labels', () => {
  it('names statuses and categories, and shows unknown values as they are', () => {
    expect(actionStatusLabel('in-progress')).toBe('In progress');
    expect(actionStatusLabel('not-doing')).toBe('Not doing');
    expect(actionStatusLabel('blocked')).toBe('blocked');
    expect(actionCategoryLabel('prevent')).toBe('Prevent');
  });
});
