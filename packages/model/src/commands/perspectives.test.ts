import { describe, expect, it } from 'vitest';
import { createIncidentDoc, perspectiveText } from '../doc.ts';
import { EntityNotFoundError, ModelValidationError } from '../errors.ts';
import { listPerspectives, readPerspective } from '../readers.ts';
import { captureUpdates, testContext, thrown } from '../test-support.ts';
import { addEvent } from './events.ts';
import { addPerspective, deletePerspective, updatePerspective } from './perspectives.ts';

function setup() {
  const doc = createIncidentDoc();
  const ctx = testContext('sam');
  const eventId = addEvent(doc, { occurredAt: '2026-03-10T14:12:48Z' }, ctx);
  return { doc, ctx, eventId };
}

describe('perspectives', () => {
  it('adds an account with its four prose fields as collaborative texts', () => {
    const { doc, ctx, eventId } = setup();
    const id = addPerspective(
      doc,
      { eventId, person: 'Sam Okafor', role: 'support', saw: '40+ tickets', did: 'asked for a status update' },
      ctx,
    );
    expect(readPerspective(doc, id)).toMatchObject({
      id,
      eventId,
      person: 'Sam Okafor',
      role: 'support',
      saw: '40+ tickets',
      knew: '',
      thought: '',
      did: 'asked for a status update',
      createdBy: 'sam',
    });
    perspectiveText(doc, id, 'knew')?.insert(0, 'nothing yet');
    expect(readPerspective(doc, id)?.knew).toBe('nothing yet');
  });

  it('allows an account of the whole incident (no event)', () => {
    const { doc, ctx } = setup();
    const id = addPerspective(doc, { person: 'Maya Cho' }, ctx);
    expect(readPerspective(doc, id)).toMatchObject({ eventId: null, role: '' });
  });

  it('validates the person and the anchor', () => {
    const { doc, ctx } = setup();
    expect(thrown(() => addPerspective(doc, { person: ' ' }, ctx))).toBeInstanceOf(ModelValidationError);
    expect(thrown(() => addPerspective(doc, { person: 'x', eventId: 'ghost' }, ctx))).toMatchObject({
      entityType: 'event',
      id: 'ghost',
    });
    expect(listPerspectives(doc)).toEqual([]);
  });

  it('updates person, role and anchor, silently when unchanged', () => {
    const { doc, ctx, eventId } = setup();
    const id = addPerspective(doc, { eventId, person: 'Sam', role: 'support' }, ctx);
    expect(updatePerspective(doc, id, { person: 'Sam Okafor', eventId: null }, ctx)).toBe(true);
    expect(readPerspective(doc, id)).toMatchObject({ person: 'Sam Okafor', eventId: null, role: 'support' });
    expect(captureUpdates(doc, () => updatePerspective(doc, id, { role: 'support' }, ctx))).toHaveLength(0);
    expect(thrown(() => updatePerspective(doc, id, { saw: 'x' } as never, ctx))).toBeInstanceOf(ModelValidationError);
    expect(thrown(() => updatePerspective(doc, id, { eventId: 'ghost' }, ctx))).toBeInstanceOf(EntityNotFoundError);
    expect(thrown(() => updatePerspective(doc, 'ghost', { role: 'x' }, ctx))).toMatchObject({
      entityType: 'perspective',
    });
  });

  it('deletes, and refuses to delete what is not there', () => {
    const { doc, ctx } = setup();
    const id = addPerspective(doc, { person: 'Sam' }, ctx);
    deletePerspective(doc, id, ctx);
    expect(readPerspective(doc, id)).toBeUndefined();
    expect(thrown(() => deletePerspective(doc, id, ctx))).toBeInstanceOf(EntityNotFoundError);
  });
});
