import { describe, expect, it } from 'vitest';
import { createIncidentDoc, factorDescription } from '../doc.ts';
import { EntityNotFoundError, ModelValidationError } from '../errors.ts';
import { readActionItem, readFactor } from '../readers.ts';
import { captureUpdates, testContext, thrown } from '../test-support.ts';
import { addActionItem } from './action-items.ts';
import { addEvent } from './events.ts';
import { addFactor, deleteFactor, updateFactor } from './factors.ts';

function setup() {
  const doc = createIncidentDoc();
  const ctx = testContext('aiko');
  const e1 = addEvent(doc, { occurredAt: '2026-03-10T14:21:37Z' }, ctx);
  const e2 = addEvent(doc, { occurredAt: '2026-03-10T14:23:10Z' }, ctx);
  return { doc, ctx, e1, e2 };
}

describe('factors', () => {
  it('adds a contributing factor by default, linked to events, with a collaborative description', () => {
    const { doc, ctx, e1, e2 } = setup();
    const id = addFactor(doc, { title: 'IN-list plan flip', eventIds: [e1, e2], description: 'years old' }, ctx);
    expect(readFactor(doc, id)).toMatchObject({
      kind: 'contributing',
      title: 'IN-list plan flip',
      description: 'years old',
      eventIds: [e1, e2],
    });
    factorDescription(doc, id)?.insert(0, 'A ');
    expect(readFactor(doc, id)?.description).toBe('A years old');
  });

  it('covers the other analysis items through its kind', () => {
    const { doc, ctx } = setup();
    const id = addFactor(doc, { kind: 'lucky', title: 'replicas were fine' }, ctx);
    expect(readFactor(doc, id)?.kind).toBe('lucky');
    expect(thrown(() => addFactor(doc, { kind: 'blame' as never, title: 'x' }, ctx))).toBeInstanceOf(
      ModelValidationError,
    );
    expect(thrown(() => addFactor(doc, { title: '' }, ctx))).toBeInstanceOf(ModelValidationError);
    expect(thrown(() => addFactor(doc, { title: 'x', eventIds: ['ghost'] }, ctx))).toBeInstanceOf(EntityNotFoundError);
  });

  it('updates links as a set and stays silent when unchanged', () => {
    const { doc, ctx, e1, e2 } = setup();
    const id = addFactor(doc, { title: 't', eventIds: [e1] }, ctx);
    expect(updateFactor(doc, id, { eventIds: [e2, e1] }, ctx)).toBe(true);
    expect(readFactor(doc, id)?.eventIds).toEqual([e1, e2]);
    expect(captureUpdates(doc, () => updateFactor(doc, id, { eventIds: [e1, e2], title: 't' }, ctx))).toHaveLength(0);
    expect(thrown(() => updateFactor(doc, id, { eventIds: ['ghost'] }, ctx))).toBeInstanceOf(EntityNotFoundError);
    expect(readFactor(doc, id)?.eventIds).toEqual([e1, e2]);
  });

  it('deleting a factor unlinks it from action items', () => {
    const { doc, ctx } = setup();
    const keep = addFactor(doc, { title: 'keep' }, ctx);
    const gone = addFactor(doc, { title: 'gone' }, ctx);
    const action = addActionItem(doc, { title: 'fix', category: 'prevent', factorIds: [gone, keep] }, ctx);
    deleteFactor(doc, gone, ctx);
    expect(readFactor(doc, gone)).toBeUndefined();
    expect(readActionItem(doc, action)?.factorIds).toEqual([keep]);
    expect(thrown(() => deleteFactor(doc, gone, ctx))).toBeInstanceOf(EntityNotFoundError);
  });
});
