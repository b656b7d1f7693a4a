import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createIncidentDoc, eventText, eventsMap } from '../doc.ts';
import { EntityNotFoundError, ModelValidationError, isModelError } from '../errors.ts';
import { listEvents, readEvent, readFactor, readPerspective, readQuestion } from '../readers.ts';
import type { EventInput } from '../schema.ts';
import { captureUpdates, testContext, thrown } from '../test-support.ts';
import { addActionItem } from './action-items.ts';
import { addEvent, addEventTag, deleteEvent, removeEventTag, updateEvent } from './events.ts';
import { addFactor } from './factors.ts';
import { addPerspective } from './perspectives.ts';
import { addQuestion } from './questions.ts';

function validationPaths(fn: () => unknown): string[] {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(ModelValidationError);
  return (error as ModelValidationError).issues.map((issue) => issue.path);
}

describe('addEvent', () => {
  it('stores an event with defaults and returns its id', () => {
    const doc = createIncidentDoc();
    const ctx = testContext('ana');
    const id = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z' }, ctx);
    expect(id).toBe('ana-id-1');
    expect(readEvent(doc, id)).toEqual({
      id,
      occurredAt: '2026-03-10T13:52:10.000Z',
      sourceZone: 'UTC',
      precision: 'minute',
      actor: '',
      source: 'manual',
      sourceUrl: '',
      kind: 'note',
      tags: [],
      text: '',
      createdBy: 'ana',
      createdAt: '2026-03-11T09:00:00.000Z',
      updatedBy: 'ana',
      updatedAt: '2026-03-11T09:00:00.000Z',
    });
  });

  it('stores every field given, with prose as a Y.Text and tags as a Y.Array', () => {
    const doc = createIncidentDoc();
    const id = addEvent(
      doc,
      {
        occurredAt: '2026-03-10T13:52:10.123Z',
        sourceZone: 'Asia/Kolkata',
        precision: 'exact',
        actor: 'Priya Raman',
        source: 'chat',
        sourceUrl: 'https://chat.example.com/p/1',
        kind: 'diagnosis',
        tags: ['Atlas API', 'db'],
        text: 'p99 climbing since ~13:40',
      },
      testContext(),
    );
    const map = eventsMap(doc).get(id) as Y.Map<unknown>;
    expect(map.get('text')).toBeInstanceOf(Y.Text);
    expect(map.get('tags')).toBeInstanceOf(Y.Array);
    expect(readEvent(doc, id)).toMatchObject({
      occurredAt: '2026-03-10T13:52:10.123Z',
      sourceZone: 'Asia/Kolkata',
      precision: 'exact',
      actor: 'Priya Raman',
      source: 'chat',
      sourceUrl: 'https://chat.example.com/p/1',
      kind: 'diagnosis',
      tags: ['atlas-api', 'db'],
      text: 'p99 climbing since ~13:40',
    });
    expect(eventText(doc, id)?.toString()).toBe('p99 climbing since ~13:40');
  });

  it('uses crypto.randomUUID and the real clock when the context does not inject them', () => {
    const doc = createIncidentDoc();
    const before = Date.now();
    const id = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z' }, { userId: 'u' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const createdAt = Date.parse(readEvent(doc, id)?.createdAt ?? '');
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  it('writes in one transaction carrying the context origin', () => {
    const doc = createIncidentDoc();
    const origin = { source: 'editor' };
    const updates = captureUpdates(doc, () => {
      addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z', text: 'hello', tags: ['a'] }, { ...testContext(), origin });
    });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.origin).toBe(origin);
  });

  it.each<[string, EventInput, string]>([
    ['a time with an offset', { occurredAt: '2026-03-10T14:52:10+01:00' }, 'occurredAt'],
    ['a time without a zone', { occurredAt: '2026-03-10T13:52:10' }, 'occurredAt'],
    ['an impossible date', { occurredAt: '2026-02-30T13:52:10Z' }, 'occurredAt'],
    ['a date only', { occurredAt: '2026-03-10' }, 'occurredAt'],
    ['an unknown zone', { occurredAt: '2026-03-10T13:52:10Z', sourceZone: 'Mars/Olympus_Mons' }, 'sourceZone'],
    ['an offset as zone', { occurredAt: '2026-03-10T13:52:10Z', sourceZone: '+01:00' }, 'sourceZone'],
    ['an empty zone', { occurredAt: '2026-03-10T13:52:10Z', sourceZone: '' }, 'sourceZone'],
    ['a javascript: URL', { occurredAt: '2026-03-10T13:52:10Z', sourceUrl: 'javascript:alert(1)' }, 'sourceUrl'],
    ['an ftp URL', { occurredAt: '2026-03-10T13:52:10Z', sourceUrl: 'ftp://files.example.com/x' }, 'sourceUrl'],
    ['a relative URL', { occurredAt: '2026-03-10T13:52:10Z', sourceUrl: '/runbooks/atlas' }, 'sourceUrl'],
    ['an unknown kind', { occurredAt: '2026-03-10T13:52:10Z', kind: 'blame' as never }, 'kind'],
    ['an unknown source', { occurredAt: '2026-03-10T13:52:10Z', source: 'email' as never }, 'source'],
    ['an unknown precision', { occurredAt: '2026-03-10T13:52:10Z', precision: 'hour' as never }, 'precision'],
    ['an empty tag', { occurredAt: '2026-03-10T13:52:10Z', tags: ['ok', '  '] }, 'tags.1'],
    ['a missing time', {} as EventInput, 'occurredAt'],
    ['an unknown field', { occurredAt: '2026-03-10T13:52:10Z', kindd: 'note' } as EventInput, ''],
  ])('rejects %s without touching the document', (_name, input, path) => {
    const doc = createIncidentDoc();
    const updates = captureUpdates(doc, () => {
      expect(validationPaths(() => addEvent(doc, input, testContext()))).toContain(path);
    });
    expect(updates).toHaveLength(0);
    expect(listEvents(doc)).toEqual([]);
  });

  it('explains what is wrong in a readable message', () => {
    const doc = createIncidentDoc();
    const error = thrown(() =>
      addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z', sourceZone: 'Mars/Base', sourceUrl: 'nope' }, testContext()),
    );
    expect(isModelError(error)).toBe(true);
    expect((error as Error).message).toContain('sourceZone: Unknown IANA time zone "Mars/Base"');
    expect((error as Error).message).toContain('sourceUrl: Expected an http(s) URL or an empty string');
  });

  it('normalises zone spelling where only the case differs, and keeps current zone names', () => {
    const doc = createIncidentDoc();
    const ctx = testContext();
    const london = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z', sourceZone: 'europe/london' }, ctx);
    const kolkata = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z', sourceZone: 'Asia/Kolkata' }, ctx);
    expect(readEvent(doc, london)?.sourceZone).toBe('Europe/London');
    expect(readEvent(doc, kolkata)?.sourceZone).toBe('Asia/Kolkata');
  });

  it('refuses ids that would not survive a narrative token, and ids already taken', () => {
    const doc = createIncidentDoc();
    const badId = thrown(() =>
      addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z' }, { userId: 'u', newId: () => 'a]]b' }),
    );
    expect(badId).toBeInstanceOf(ModelValidationError);
    addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z', text: 'first' }, { userId: 'u', newId: () => 'same' });
    const taken = thrown(() =>
      addEvent(doc, { occurredAt: '2026-03-10T13:53:00Z' }, { userId: 'u', newId: () => 'same' }),
    );
    expect(taken).toBeInstanceOf(ModelValidationError);
    expect(readEvent(doc, 'same')?.text).toBe('first');
  });
});

describe('updateEvent', () => {
  function setup() {
    const doc = createIncidentDoc();
    const ctx = testContext('ana');
    const id = addEvent(
      doc,
      { occurredAt: '2026-03-10T13:52:10Z', actor: 'Priya', kind: 'detection', tags: ['atlas'], text: 'ack' },
      ctx,
    );
    return { doc, ctx, id };
  }

  it('writes the changed fields and stamps updatedAt / updatedBy', () => {
    const { doc, ctx, id } = setup();
    const changed = updateEvent(doc, id, { actor: 'Priya Raman', precision: 'exact' }, { ...ctx, userId: 'ben' });
    expect(changed).toBe(true);
    expect(readEvent(doc, id)).toMatchObject({
      actor: 'Priya Raman',
      precision: 'exact',
      kind: 'detection',
      text: 'ack',
      createdBy: 'ana',
      createdAt: '2026-03-11T09:00:00.000Z',
      updatedBy: 'ben',
      updatedAt: '2026-03-11T09:00:01.000Z',
    });
  });

  it('produces no Yjs update at all when nothing changes', () => {
    const { doc, ctx, id } = setup();
    const before = readEvent(doc, id);
    const updates = captureUpdates(doc, () => {
      // Same instant in another spelling, same zone in another case, same tags in another order.
      const changed = updateEvent(
        doc,
        id,
        { occurredAt: '2026-03-10T13:52:10.000Z', actor: 'Priya', kind: 'detection', tags: ['ATLAS'] },
        ctx,
      );
      expect(changed).toBe(false);
    });
    expect(updates).toHaveLength(0);
    expect(readEvent(doc, id)).toEqual(before);
  });

  it('writes only the keys that changed', () => {
    const { doc, ctx, id } = setup();
    const map = eventsMap(doc).get(id) as Y.Map<unknown>;
    const keys: string[] = [];
    map.observe((event) => keys.push(...event.keysChanged));
    updateEvent(doc, id, { actor: 'Priya', kind: 'diagnosis', source: 'manual' }, ctx);
    expect(keys.sort()).toEqual(['kind', 'updatedAt']);
  });

  it('does not accept text: prose is edited through the Y.Text', () => {
    const { doc, ctx, id } = setup();
    expect(validationPaths(() => updateEvent(doc, id, { text: 'overwrite' } as never, ctx))).toEqual(['']);
    expect(readEvent(doc, id)?.text).toBe('ack');
  });

  it('validates the patch like the input', () => {
    const { doc, ctx, id } = setup();
    expect(validationPaths(() => updateEvent(doc, id, { occurredAt: '10 March 2026 13:52' }, ctx))).toEqual([
      'occurredAt',
    ]);
    expect(
      validationPaths(() => updateEvent(doc, id, { sourceZone: 'Nowhere/City', kind: 'x' as never }, ctx)),
    ).toEqual(['sourceZone', 'kind']);
    expect(readEvent(doc, id)?.occurredAt).toBe('2026-03-10T13:52:10.000Z');
  });

  it('throws EntityNotFoundError for an unknown id', () => {
    const { doc, ctx } = setup();
    const error = thrown(() => updateEvent(doc, 'missing', { actor: 'x' }, ctx));
    expect(error).toBeInstanceOf(EntityNotFoundError);
    expect(error).toMatchObject({ entityType: 'event', id: 'missing', code: 'not-found' });
    expect(isModelError(error)).toBe(true);
  });

  it('treats tags as a set: removes what goes, appends what comes, keeps the rest in place', () => {
    const { doc, ctx, id } = setup();
    updateEvent(doc, id, { tags: ['atlas', 'db', 'paging'] }, ctx);
    updateEvent(doc, id, { tags: ['paging', 'atlas', 'customer impact'] }, ctx);
    expect(readEvent(doc, id)?.tags).toEqual(['atlas', 'paging', 'customer-impact']);
    updateEvent(doc, id, { tags: [] }, ctx);
    expect(readEvent(doc, id)?.tags).toEqual([]);
  });
});

describe('event tags', () => {
  it('adds and removes single tags and reports whether anything changed', () => {
    const doc = createIncidentDoc();
    const ctx = testContext();
    const id = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z', tags: ['a'] }, ctx);
    expect(addEventTag(doc, id, ' Database ', ctx)).toBe(true);
    expect(addEventTag(doc, id, 'database', ctx)).toBe(false);
    expect(readEvent(doc, id)?.tags).toEqual(['a', 'database']);
    expect(removeEventTag(doc, id, 'a', ctx)).toBe(true);
    expect(removeEventTag(doc, id, 'a', ctx)).toBe(false);
    expect(readEvent(doc, id)?.tags).toEqual(['database']);
    expect(thrown(() => addEventTag(doc, id, '', ctx))).toBeInstanceOf(ModelValidationError);
    expect(thrown(() => addEventTag(doc, 'nope', 'x', ctx))).toBeInstanceOf(EntityNotFoundError);
  });

  it('merges concurrent adds of the same tag into one, and a later remove removes both copies', () => {
    const a = createIncidentDoc();
    const b = createIncidentDoc();
    const id = addEvent(a, { occurredAt: '2026-03-10T13:52:10Z' }, testContext('a'));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addEventTag(a, id, 'db', testContext('a'));
    addEventTag(b, id, 'db', testContext('b'));
    addEventTag(b, id, 'paging', testContext('b'));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readEvent(a, id)?.tags).toEqual(readEvent(b, id)?.tags);
    expect(readEvent(a, id)?.tags.sort()).toEqual(['db', 'paging']);
    expect(((eventsMap(a).get(id) as Y.Map<unknown>).get('tags') as Y.Array<string>).length).toBe(3);
    removeEventTag(a, id, 'db', testContext('a'));
    expect(readEvent(a, id)?.tags).toEqual(['paging']);
  });
});

describe('deleteEvent', () => {
  it('removes the event and unanchors or unlinks everything that pointed at it, in one transaction', () => {
    const doc = createIncidentDoc();
    const ctx = testContext();
    const gone = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z' }, ctx);
    const kept = addEvent(doc, { occurredAt: '2026-03-10T13:55:00Z' }, ctx);
    const perspective = addPerspective(doc, { eventId: gone, person: 'Sam', saw: 'tickets' }, ctx);
    const question = addQuestion(doc, { eventId: gone, text: 'why?' }, ctx);
    const otherQuestion = addQuestion(doc, { eventId: kept, text: 'and this?' }, ctx);
    const factor = addFactor(doc, { title: 'plan flip', eventIds: [gone, kept] }, ctx);
    const action = addActionItem(doc, { title: 'fix', category: 'prevent', eventIds: [gone] }, ctx);

    const updates = captureUpdates(doc, () => deleteEvent(doc, gone, { ...ctx, userId: 'cleaner' }));

    expect(updates).toHaveLength(1);
    expect(readEvent(doc, gone)).toBeUndefined();
    expect(listEvents(doc).map((event) => event.id)).toEqual([kept]);
    expect(readPerspective(doc, perspective)).toMatchObject({ eventId: null, saw: 'tickets', updatedBy: 'cleaner' });
    expect(readQuestion(doc, question)).toMatchObject({ eventId: null, text: 'why?', updatedBy: 'cleaner' });
    expect(readQuestion(doc, otherQuestion)?.eventId).toBe(kept);
    expect(readFactor(doc, factor)?.eventIds).toEqual([kept]);
    expect((eventsMap(doc).get(kept) as Y.Map<unknown>).get('updatedBy')).not.toBe('cleaner');
    const actionMap = doc.getMap('actionItems').get(action) as Y.Map<unknown>;
    expect((actionMap.get('eventIds') as Y.Array<string>).toArray()).toEqual([]);
  });

  it('throws EntityNotFoundError for an unknown or already deleted id', () => {
    const doc = createIncidentDoc();
    const ctx = testContext();
    const id = addEvent(doc, { occurredAt: '2026-03-10T13:52:10Z' }, ctx);
    deleteEvent(doc, id, ctx);
    expect(thrown(() => deleteEvent(doc, id, ctx))).toBeInstanceOf(EntityNotFoundError);
  });
});
