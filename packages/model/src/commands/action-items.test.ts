import { describe, expect, it } from 'vitest';
import { actionItemDescription, createIncidentDoc } from '../doc.ts';
import { EntityNotFoundError, ModelValidationError } from '../errors.ts';
import { readActionItem } from '../readers.ts';
import { captureUpdates, testContext, thrown } from '../test-support.ts';
import { addActionItem, deleteActionItem, updateActionItem } from './action-items.ts';
import { addEvent } from './events.ts';
import { addFactor } from './factors.ts';

function setup() {
  const doc = createIncidentDoc();
  const ctx = testContext('jonas');
  const eventId = addEvent(doc, { occurredAt: '2026-03-10T14:21:37Z' }, ctx);
  const factorId = addFactor(doc, { title: 'plan flip', eventIds: [eventId] }, ctx);
  return { doc, ctx, eventId, factorId };
}

function paths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ModelValidationError);
  return (error as ModelValidationError).issues.map((issue) => issue.path);
}

describe('action items', () => {
  it('adds a proposed item with links', () => {
    const { doc, ctx, eventId, factorId } = setup();
    const id = addActionItem(
      doc,
      {
        title: 'Batch the IN list',
        owner: 'Jonas Weber',
        category: 'prevent',
        dueDate: '2026-04-10',
        trackerUrl: 'https://tracker.example.com/ATLAS-812',
        eventIds: [eventId],
        factorIds: [factorId],
        description: 'with a regression test',
      },
      ctx,
    );
    expect(readActionItem(doc, id)).toMatchObject({
      title: 'Batch the IN list',
      owner: 'Jonas Weber',
      category: 'prevent',
      status: 'proposed',
      statusReason: '',
      dueDate: '2026-04-10',
      trackerUrl: 'https://tracker.example.com/ATLAS-812',
      eventIds: [eventId],
      factorIds: [factorId],
      description: 'with a regression test',
    });
    actionItemDescription(doc, id)?.insert(0, '> ');
    expect(readActionItem(doc, id)?.description).toBe('> with a regression test');
  });

  it('records the owner’s account, so the item reaches them, and the owner’s decision with its reason', () => {
    const { doc, ctx } = setup();
    const id = addActionItem(
      doc,
      { title: 'Alert on lag', category: 'detect', owner: 'Bob', ownerId: 'user-bob' },
      ctx,
    );
    expect(readActionItem(doc, id)).toMatchObject({ owner: 'Bob', ownerId: 'user-bob', status: 'proposed' });
    const bob = testContext('user-bob');
    updateActionItem(doc, id, { status: 'not-doing', statusReason: 'Covered by the platform team' }, bob);
    expect(readActionItem(doc, id)).toMatchObject({
      status: 'not-doing',
      statusReason: 'Covered by the platform team',
      updatedBy: 'user-bob',
    });
    updateActionItem(doc, id, { owner: '', ownerId: null }, ctx);
    expect(readActionItem(doc, id)).toMatchObject({ owner: '', ownerId: null });
    expect(paths(thrown(() => updateActionItem(doc, id, { ownerId: '   ' }, ctx)))).toEqual(['ownerId']);
  });

  it('validates category, due date, tracker URL and links', () => {
    const { doc, ctx } = setup();
    expect(paths(thrown(() => addActionItem(doc, { title: 'x' } as never, ctx)))).toEqual(['category']);
    expect(paths(thrown(() => addActionItem(doc, { title: 'x', category: 'blame' as never }, ctx)))).toEqual([
      'category',
    ]);
    expect(
      paths(thrown(() => addActionItem(doc, { title: 'x', category: 'learn', dueDate: '2026-02-30' }, ctx))),
    ).toEqual(['dueDate']);
    expect(
      paths(thrown(() => addActionItem(doc, { title: 'x', category: 'learn', trackerUrl: 'jira:ATLAS-1' }, ctx))),
    ).toEqual(['trackerUrl']);
    expect(
      thrown(() => addActionItem(doc, { title: 'x', category: 'learn', factorIds: ['ghost'] }, ctx)),
    ).toMatchObject({ entityType: 'factor', id: 'ghost' });
  });

  it('requires a reason for not doing an item, on add and on update', () => {
    const { doc, ctx } = setup();
    expect(
      paths(thrown(() => addActionItem(doc, { title: 'x', category: 'learn', status: 'not-doing' }, ctx))),
    ).toEqual(['statusReason']);
    const id = addActionItem(doc, { title: 'Raise pod ceiling', category: 'mitigate' }, ctx);
    expect(paths(thrown(() => updateActionItem(doc, id, { status: 'not-doing' }, ctx)))).toEqual(['statusReason']);
    expect(readActionItem(doc, id)?.status).toBe('proposed');
    updateActionItem(doc, id, { status: 'not-doing', statusReason: 'capacity was not the bottleneck' }, ctx);
    expect(readActionItem(doc, id)).toMatchObject({ status: 'not-doing' });
    expect(paths(thrown(() => updateActionItem(doc, id, { statusReason: ' ' }, ctx)))).toEqual(['statusReason']);
    updateActionItem(doc, id, { status: 'accepted', statusReason: '' }, ctx);
    expect(readActionItem(doc, id)).toMatchObject({ status: 'accepted', statusReason: '' });
  });

  it('walks through the statuses, clears the due date, and is silent when unchanged', () => {
    const { doc, ctx } = setup();
    const id = addActionItem(doc, { title: 'x', category: 'learn', dueDate: '2026-04-01' }, ctx);
    for (const status of ['accepted', 'in-progress', 'done'] as const) {
      updateActionItem(doc, id, { status }, ctx);
      expect(readActionItem(doc, id)?.status).toBe(status);
    }
    updateActionItem(doc, id, { dueDate: null }, ctx);
    expect(readActionItem(doc, id)?.dueDate).toBeNull();
    expect(captureUpdates(doc, () => updateActionItem(doc, id, { status: 'done', dueDate: null }, ctx))).toHaveLength(
      0,
    );
    expect(thrown(() => updateActionItem(doc, id, { description: 'x' } as never, ctx))).toBeInstanceOf(
      ModelValidationError,
    );
  });

  it('deletes', () => {
    const { doc, ctx } = setup();
    const id = addActionItem(doc, { title: 'x', category: 'learn' }, ctx);
    deleteActionItem(doc, id, ctx);
    expect(readActionItem(doc, id)).toBeUndefined();
    expect(thrown(() => deleteActionItem(doc, id, ctx))).toBeInstanceOf(EntityNotFoundError);
    expect(thrown(() => updateActionItem(doc, id, { owner: 'x' }, ctx))).toBeInstanceOf(EntityNotFoundError);
  });
});
