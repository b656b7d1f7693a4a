import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionItem } from './commands/action-items.ts';
import { addEvent, deleteEvent } from './commands/events.ts';
import { addFactor } from './commands/factors.ts';
import { initIncident } from './commands/meta.ts';
import { addPerspective } from './commands/perspectives.ts';
import { addQuestion } from './commands/questions.ts';
import {
  COLLECTIONS,
  actionItemsMap,
  createIncidentDoc,
  eventsMap,
  factorsMap,
  metaMap,
  narrativeText,
  perspectivesMap,
  questionsMap,
} from './doc.ts';
import { projectIncident } from './projection.ts';
import { readQuestion } from './readers.ts';
import { testContext } from './test-support.ts';

function entity(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

describe('projectIncident', () => {
  it('projects a well-formed incident as plain, ordered JSON', () => {
    const doc = createIncidentDoc();
    const ctx = testContext('maya');
    initIncident(doc, { title: 'Atlas latency', severity: 'SEV2' }, ctx);
    const late = addEvent(doc, { occurredAt: '2026-03-10T14:49:31Z', kind: 'repair', text: 'flag off' }, ctx);
    const early = addEvent(doc, { occurredAt: '2026-03-10T13:35:00Z', kind: 'key-moment', tags: ['flag'] }, ctx);
    addPerspective(doc, { eventId: late, person: 'Leo', did: 'turned the flag off' }, ctx);
    addQuestion(doc, { eventId: early, text: 'why 5%?' }, ctx);
    const factor = addFactor(doc, { title: 'flag', kind: 'went-well', eventIds: [late] }, ctx);
    addActionItem(doc, { title: 'keep at 0%', category: 'mitigate', factorIds: [factor] }, ctx);
    narrativeText(doc).insert(0, `Flag off [[event:${late}]]`);

    const projection = projectIncident(doc);
    expect(projection.meta).toMatchObject({ title: 'Atlas latency', severity: 'SEV2' });
    expect(projection.events.map((event) => event.id)).toEqual([early, late]);
    expect(projection.events[0]?.tags).toEqual(['flag']);
    expect(projection.perspectives).toHaveLength(1);
    expect(projection.perspectives[0]).toMatchObject({ eventId: late, did: 'turned the flag off' });
    expect(projection.questions[0]).toMatchObject({ eventId: early, text: 'why 5%?', status: 'open' });
    expect(projection.factors[0]).toMatchObject({ id: factor, kind: 'went-well', eventIds: [late] });
    expect(projection.actionItems[0]).toMatchObject({ title: 'keep at 0%', factorIds: [factor] });
    expect(projection.narrative).toBe(`Flag off [[event:${late}]]`);
    expect(JSON.parse(JSON.stringify(projection))).toEqual(projection);
  });

  it('projects an empty document with defaults', () => {
    expect(projectIncident(createIncidentDoc())).toEqual({
      meta: {
        schemaVersion: 0,
        title: '',
        referenceTimeZone: 'UTC',
        impactStart: null,
        impactEnd: null,
        severity: null,
        status: 'investigating',
        createdBy: '',
        createdAt: '',
        updatedBy: '',
        updatedAt: '',
      },
      events: [],
      perspectives: [],
      questions: [],
      factors: [],
      actionItems: [],
      narrative: '',
    });
  });

  it('defaults or skips what other clients wrote wrongly, and never throws', () => {
    const doc = createIncidentDoc();
    doc.transact(() => {
      const meta = metaMap(doc);
      meta.set('title', 42);
      meta.set('severity', 'SEV9');
      meta.set('status', 'on-fire');
      meta.set('impactStart', 'yesterday-ish');
      meta.set('impactEnd', '2026-03-10T16:02:00+01:00');
      meta.set('schemaVersion', '1');
      meta.set('referenceTimeZone', 'Europe/Atlantis');
      const events = eventsMap(doc);
      events.set('not-a-map', 'hello');
      events.set('no-time', entity({ text: new Y.Text('lost in time') }));
      events.set('bad-time', entity({ occurredAt: 'March 10' }));
      events.set(
        'odd',
        entity({
          occurredAt: '2026-03-10T14:00:00+01:00',
          kind: 'blame',
          source: 42,
          precision: null,
          actor: { name: 'x' },
          sourceZone: 'Mars/Olympus_Mons',
          sourceUrl: 'javascript:alert(1)',
          tags: ['a', 7, 'a', 'b'],
          text: 'plain string text',
          createdAt: 'never',
        }),
      );
      events.set(
        'ytags',
        entity({ occurredAt: '2026-03-10T12:00:00Z', tags: Y.Array.from<string | number>(['x', 1, 'x']) }),
      );
      perspectivesMap(doc).set('p', entity({ eventId: 'ghost', person: 5, saw: new Y.Text('something') }));
      perspectivesMap(doc).set('p-junk', new Y.Text('not a map'));
      questionsMap(doc).set('q', entity({ eventId: 12, status: 'closed', evidenceUrls: 'https://x.example' }));
      questionsMap(doc).set(
        'q2',
        entity({
          text: 'links?',
          evidenceUrls: Y.Array.from(['javascript:alert(1)', 'https://ok.example/1', 'data:x']),
        }),
      );
      factorsMap(doc).set('f', entity({ kind: 'root-cause', eventIds: Y.Array.from(['odd', 'ghost']) }));
      actionItemsMap(doc).set(
        'a',
        entity({
          category: 'blame',
          status: 9,
          dueDate: '2026-02-30',
          factorIds: ['f', 'gone'],
          eventIds: null,
          trackerUrl: 'vbscript:x',
        }),
      );
    });

    const projection = projectIncident(doc);
    expect(projection.meta).toMatchObject({
      schemaVersion: 0,
      title: '',
      severity: null,
      status: 'investigating',
      impactStart: null,
      impactEnd: '2026-03-10T15:02:00.000Z',
      referenceTimeZone: 'UTC',
    });
    expect(projection.events.map((event) => event.id)).toEqual(['ytags', 'odd']);
    expect(projection.events[1]).toEqual({
      id: 'odd',
      occurredAt: '2026-03-10T13:00:00.000Z',
      sourceZone: 'UTC',
      precision: 'minute',
      actor: '',
      source: 'manual',
      sourceUrl: '',
      kind: 'note',
      tags: ['a', 'b'],
      text: 'plain string text',
      createdBy: '',
      createdAt: '',
      updatedBy: '',
      updatedAt: '',
    });
    expect(projection.events[0]?.tags).toEqual(['x']);
    expect(projection.perspectives).toEqual([
      expect.objectContaining({ id: 'p', eventId: null, person: '', saw: 'something' }),
    ]);
    expect(projection.questions).toEqual([
      expect.objectContaining({ id: 'q', eventId: null, status: 'open', text: '', evidenceUrls: [] }),
      expect.objectContaining({ id: 'q2', text: 'links?', evidenceUrls: ['https://ok.example/1'] }),
    ]);
    expect(projection.factors).toEqual([expect.objectContaining({ kind: 'contributing', eventIds: ['odd'] })]);
    expect(projection.actionItems).toEqual([
      expect.objectContaining({
        category: 'process',
        status: 'proposed',
        dueDate: null,
        factorIds: ['f'],
        eventIds: [],
      }),
    ]);
    expect(JSON.parse(JSON.stringify(projection))).toEqual(projection);
  });

  it('survives random garbage in every field of every collection', () => {
    const seed = 20260310;
    const gen = prng.create(seed);
    const garbage = (): unknown =>
      prng.oneOf(gen, [
        () => prng.int32(gen, -1e9, 1e9),
        () => prng.word(gen, 0, 12),
        () => null,
        () => prng.bool(gen),
        () => [prng.word(gen), prng.int32(gen, 0, 9)],
        () => ({ nested: prng.word(gen) }),
        () => new Y.Text(prng.utf16String(gen, 8)),
        () => Y.Array.from<string | number>([prng.word(gen), 3]),
        () => entity({ deep: prng.word(gen) }),
        () => new Date(prng.int32(gen, 0, 2e9) * 1000).toISOString(),
      ])();
    const fields = ['occurredAt', 'sourceZone', 'kind', 'tags', 'text', 'eventId', 'eventIds', 'factorIds', 'status'];
    const doc = createIncidentDoc();
    doc.transact(() => {
      for (let index = 0; index < 300; index++) {
        const collection = doc.getMap<unknown>(prng.oneOf(gen, Object.values(COLLECTIONS)));
        const target = prng.bool(gen) ? metaMap(doc) : null;
        if (target) {
          target.set(prng.oneOf(gen, ['title', 'severity', 'status', 'impactStart', 'referenceTimeZone']), garbage());
          continue;
        }
        const fieldsOf = entity({});
        for (const field of fields) if (prng.bool(gen)) fieldsOf.set(field, garbage());
        collection.set(`id-${prng.int32(gen, 0, 40)}`, prng.int32(gen, 0, 9) === 0 ? garbage() : fieldsOf);
      }
    });
    const projection = projectIncident(doc);
    expect(JSON.parse(JSON.stringify(projection)), `seed ${seed}`).toEqual(projection);
    expect(projection.events.length, `seed ${seed}`).toBeGreaterThan(0);
  });

  it('reads references to entities deleted concurrently as unlinked', () => {
    const a = createIncidentDoc();
    const b = createIncidentDoc();
    const event = addEvent(a, { occurredAt: '2026-03-10T13:52:10Z' }, testContext('a'));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    deleteEvent(a, event, testContext('a'));
    const question = addQuestion(b, { eventId: event, text: 'what happened here?' }, testContext('b'));
    addFactor(b, { title: 'f', eventIds: [event] }, testContext('b'));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(projectIncident(a)).toEqual(projectIncident(b));
    expect(projectIncident(a).questions[0]).toMatchObject({ id: question, eventId: null });
    expect(projectIncident(a).factors[0]?.eventIds).toEqual([]);
    expect(readQuestion(b, question)?.eventId).toBeNull();
  });
});
