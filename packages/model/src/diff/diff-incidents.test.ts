import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionItem, updateActionItem } from '../commands/action-items.ts';
import { addEvent, addEventTag, deleteEvent, removeEventTag, updateEvent } from '../commands/events.ts';
import { addFactor, deleteFactor } from '../commands/factors.ts';
import { initIncident, updateMeta } from '../commands/meta.ts';
import { addPerspective, deletePerspective } from '../commands/perspectives.ts';
import { addQuestion, updateQuestion } from '../commands/questions.ts';
import {
  actionItemDescription,
  createIncidentDoc,
  eventText,
  narrativeText,
  perspectiveText,
  questionText,
} from '../doc.ts';
import { eventReference } from '../narrative.ts';
import { projectIncident } from '../projection.ts';
import { testContext } from '../test-support.ts';
import type { IncidentEvent, IncidentProjection } from '../types.ts';
import { diffIncidents } from './diff-incidents.ts';
import type { TextSegment } from './text.ts';

function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = createIncidentDoc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function rebuild(segments: TextSegment[], side: 'before' | 'after'): string {
  const skip = side === 'before' ? 'insert' : 'delete';
  return segments
    .filter((segment) => segment.op !== skip)
    .map((segment) => segment.text)
    .join('');
}

/** A small incident: three events, a perspective and a question on the first, a factor, an action item. */
function smallIncident() {
  const doc = createIncidentDoc();
  const ctx = testContext('maya');
  initIncident(doc, { title: 'Atlas latency', severity: 'SEV2' }, ctx);
  const alert = addEvent(
    doc,
    { occurredAt: '2026-03-10T13:41:00Z', kind: 'detection', source: 'alert', text: 'p99 above 2s on atlas-api' },
    ctx,
  );
  const flag = addEvent(
    doc,
    { occurredAt: '2026-03-10T13:35:00Z', kind: 'key-moment', tags: ['feature-flag'], text: 'Flag raised to 5%' },
    ctx,
  );
  const off = addEvent(doc, { occurredAt: '2026-03-10T14:49:31Z', kind: 'repair', text: 'Flag turned off' }, ctx);
  const perspective = addPerspective(
    doc,
    { eventId: alert, person: 'Priya', role: 'responder', saw: 'The p99 graph climbing' },
    ctx,
  );
  const question = addQuestion(doc, { eventId: alert, text: 'Why did the alert take six minutes?' }, ctx);
  const factor = addFactor(doc, { title: 'Flag ramp had no guard', eventIds: [flag, off] }, ctx);
  const action = addActionItem(
    doc,
    { title: 'Add a latency guard to flag ramps', category: 'prevent', eventIds: [flag], factorIds: [factor] },
    ctx,
  );
  narrativeText(doc).insert(0, `The flag went to 5% ${eventReference(flag)} and latency rose.`);
  return { doc, ctx, ids: { alert, flag, off, perspective, question, factor, action } };
}

describe('diffIncidents', () => {
  it('finds nothing between a state and itself or a copy of it', () => {
    const { doc } = smallIncident();
    const before = projectIncident(doc);
    for (const after of [before, projectIncident(doc), projectIncident(copyDoc(doc))]) {
      const diff = diffIncidents(before, after);
      expect(diff.summary.total).toBe(0);
      expect(diff.meta).toEqual([]);
      expect(diff.narrative).toBeNull();
      for (const collection of [diff.events, diff.perspectives, diff.questions, diff.factors, diff.actionItems]) {
        expect(collection).toEqual({ added: [], removed: [], changed: [] });
      }
    }
  });

  it('lists added items in timeline order for events and creation order otherwise, with counts', () => {
    const { doc, ctx } = smallIncident();
    const before = projectIncident(doc);
    const late = addEvent(doc, { occurredAt: '2026-03-10T15:00:00Z', text: 'Status page resolved' }, ctx);
    const early = addEvent(doc, { occurredAt: '2026-03-10T13:00:00Z', text: 'Deploy of atlas-api 4.2' }, ctx);
    const first = addQuestion(doc, { text: 'Who owns the flag service?' }, ctx);
    const second = addQuestion(doc, { eventId: late, text: 'Was the status page update automatic?' }, ctx);

    const diff = diffIncidents(before, projectIncident(doc));
    expect(diff.events.added.map((event) => event.id)).toEqual([early, late]);
    expect(diff.events.added[0]).toMatchObject({ text: 'Deploy of atlas-api 4.2' });
    expect(diff.questions.added.map((question) => question.id)).toEqual([first, second]);
    expect(diff.summary).toMatchObject({ added: 4, removed: 0, changed: 0, meta: 0, narrative: false, total: 4 });
    expect(diff.summary.collections.events).toEqual({ added: 2, removed: 0, changed: 0 });
    expect(diff.summary.collections.questions).toEqual({ added: 2, removed: 0, changed: 0 });
  });

  it('lists removed items with their last content, and the links that went with them as changes', () => {
    const { doc, ctx, ids } = smallIncident();
    const before = projectIncident(doc);
    deleteEvent(doc, ids.alert, ctx);
    deleteEvent(doc, ids.off, ctx);
    deleteFactor(doc, ids.factor, ctx);
    deletePerspective(doc, ids.perspective, ctx);

    const diff = diffIncidents(before, projectIncident(doc));
    expect(diff.events.removed.map((event) => event.id)).toEqual([ids.alert, ids.off]);
    expect(diff.events.removed[0]?.text).toBe('p99 above 2s on atlas-api');
    expect(diff.factors.removed.map((factor) => factor.id)).toEqual([ids.factor]);
    expect(diff.perspectives.removed.map((perspective) => perspective.id)).toEqual([ids.perspective]);
    // The question anchored to the deleted event stays, now about the whole incident.
    expect(diff.questions.changed).toEqual([
      expect.objectContaining({
        id: ids.question,
        fields: [{ kind: 'value', field: 'eventId', before: ids.alert, after: null }],
      }),
    ]);
    expect(diff.actionItems.changed[0]?.fields).toEqual([
      { kind: 'set', field: 'factorIds', before: [ids.factor], after: [], added: [], removed: [ids.factor] },
    ]);
    expect(diff.summary).toMatchObject({ added: 0, removed: 4, changed: 2, total: 6 });
  });

  it('reports changed scalar fields with before and after values, in schema order', () => {
    const { doc, ctx, ids } = smallIncident();
    const before = projectIncident(doc);
    updateEvent(doc, ids.flag, { kind: 'action', actor: 'Leo Martins', precision: 'exact' }, ctx);
    updateActionItem(doc, ids.action, { status: 'not-doing', statusReason: 'Covered by the ramp policy' }, ctx);
    updateQuestion(doc, ids.question, { status: 'parked', owner: 'Aiko' }, ctx);

    const diff = diffIncidents(before, projectIncident(doc));
    expect(diff.events.changed).toHaveLength(1);
    expect(diff.events.changed[0]?.fields).toEqual([
      { kind: 'value', field: 'precision', before: 'minute', after: 'exact' },
      { kind: 'value', field: 'actor', before: '', after: 'Leo Martins' },
      { kind: 'value', field: 'kind', before: 'key-moment', after: 'action' },
    ]);
    expect(diff.events.changed[0]?.recreated).toBe(false);
    expect(diff.actionItems.changed[0]?.fields.map((field) => field.field)).toEqual(['status', 'statusReason']);
    expect(diff.questions.changed[0]?.fields).toEqual([
      { kind: 'value', field: 'owner', before: '', after: 'Aiko' },
      { kind: 'value', field: 'status', before: 'open', after: 'parked' },
    ]);
  });

  it('gives word-level diffs of edited prose that rebuild both versions', () => {
    const { doc, ids } = smallIncident();
    const before = projectIncident(doc);
    eventText(doc, ids.off)?.insert('Flag '.length, 'finally ');
    perspectiveText(doc, ids.perspective, 'thought')?.insert(0, 'That it was the replica lag again');
    questionText(doc, ids.question, 'answer')?.insert(0, 'The alert waits for five bad minutes.');
    actionItemDescription(doc, ids.action)?.insert(0, 'Block ramps when p99 doubles.');

    const diff = diffIncidents(before, projectIncident(doc));
    expect(diff.events.changed[0]?.fields).toEqual([
      {
        kind: 'text',
        field: 'text',
        before: 'Flag turned off',
        after: 'Flag finally turned off',
        segments: [
          { op: 'equal', text: 'Flag ' },
          { op: 'insert', text: 'finally ' },
          { op: 'equal', text: 'turned off' },
        ],
      },
    ]);
    expect(diff.perspectives.changed[0]?.fields).toEqual([
      {
        kind: 'text',
        field: 'thought',
        before: '',
        after: 'That it was the replica lag again',
        segments: [{ op: 'insert', text: 'That it was the replica lag again' }],
      },
    ]);
    expect(diff.questions.changed[0]?.fields.map((field) => field.field)).toEqual(['answer']);
    expect(diff.actionItems.changed[0]?.fields.map((field) => field.field)).toEqual(['description']);
  });

  it('reports tag changes as members added and removed, and ignores a tag removed and added back', () => {
    const { doc, ctx, ids } = smallIncident();
    const before = projectIncident(doc);
    addEventTag(doc, ids.flag, 'atlas-api', ctx);
    removeEventTag(doc, ids.flag, 'feature-flag', ctx);
    addEventTag(doc, ids.alert, 'paging', ctx);
    removeEventTag(doc, ids.alert, 'paging', ctx);

    const diff = diffIncidents(before, projectIncident(doc));
    expect(diff.events.changed).toHaveLength(1);
    expect(diff.events.changed[0]).toMatchObject({
      id: ids.flag,
      fields: [
        {
          kind: 'set',
          field: 'tags',
          before: ['feature-flag'],
          after: ['atlas-api'],
          added: ['atlas-api'],
          removed: ['feature-flag'],
        },
      ],
    });
  });

  it('ignores edits that only touched updatedAt and updatedBy', () => {
    const { doc, ids } = smallIncident();
    const before = projectIncident(doc);
    // Another writer bumping the stamps, and a tag added and removed again by someone else: the content is the same.
    const other = testContext('leo', '2026-03-12T10:00:00.000Z');
    addEventTag(doc, ids.off, 'noise', other);
    removeEventTag(doc, ids.off, 'noise', other);
    updateMeta(doc, { title: 'Changed' }, other);
    updateMeta(doc, { title: 'Atlas latency' }, other);

    const after = projectIncident(doc);
    expect(after.events.find((event) => event.id === ids.off)?.updatedBy).toBe('leo');
    expect(after.meta.updatedAt).not.toBe(before.meta.updatedAt);
    expect(diffIncidents(before, after).summary.total).toBe(0);
  });

  it('reports meta fields and the narrative', () => {
    const { doc, ctx } = smallIncident();
    const before = projectIncident(doc);
    updateMeta(doc, { title: 'Atlas API latency after flag ramp', status: 'in-review', severity: null }, ctx);
    const narrative = narrativeText(doc);
    narrative.insert(narrative.length, '\n\nLeo turned it off at 14:49.');

    const diff = diffIncidents(before, projectIncident(doc));
    expect(diff.meta.map((field) => field.field)).toEqual(['title', 'severity', 'status']);
    expect(diff.meta[0]).toMatchObject({
      kind: 'text',
      segments: [
        { op: 'equal', text: 'Atlas ' },
        { op: 'insert', text: 'API ' },
        { op: 'equal', text: 'latency' },
        { op: 'insert', text: ' after flag ramp' },
      ],
    });
    expect(diff.meta[1]).toEqual({ kind: 'value', field: 'severity', before: 'SEV2', after: null });
    expect(diff.narrative).not.toBeNull();
    expect(diff.narrative?.segments.at(-1)).toEqual({ op: 'insert', text: '\n\nLeo turned it off at 14:49.' });
    expect(rebuild(diff.narrative?.segments ?? [], 'before')).toBe(before.narrative);
    expect(diff.summary).toMatchObject({ meta: 3, narrative: true, total: 4 });
  });

  it('treats a deleted and recreated id as one item changed, marked recreated', () => {
    const doc = createIncidentDoc();
    const ctx = testContext('maya');
    const fixedIds = { ...ctx, newId: () => 'evt-restored' };
    addEvent(doc, { occurredAt: '2026-03-10T13:35:00Z', kind: 'key-moment', text: 'Flag raised to 5%' }, fixedIds);
    const before = projectIncident(doc);
    deleteEvent(doc, 'evt-restored', ctx);
    addEvent(doc, { occurredAt: '2026-03-10T13:35:00Z', kind: 'key-moment', text: 'Flag raised to 5%' }, fixedIds);
    const same = diffIncidents(before, projectIncident(doc));
    expect(same.events.added).toEqual([]);
    expect(same.events.removed).toEqual([]);
    expect(same.events.changed).toEqual([expect.objectContaining({ id: 'evt-restored', recreated: true, fields: [] })]);

    deleteEvent(doc, 'evt-restored', ctx);
    addEvent(doc, { occurredAt: '2026-03-10T13:36:00Z', text: 'Flag raised to 50%' }, fixedIds);
    const edited = diffIncidents(before, projectIncident(doc));
    expect(edited.events.changed[0]?.recreated).toBe(true);
    expect(edited.events.changed[0]?.fields.map((field) => field.field)).toEqual(['occurredAt', 'kind', 'text']);
    expect(edited.summary).toMatchObject({ added: 0, removed: 0, changed: 1 });
  });

  it('orders changed events by their new place on the timeline, whatever order the inputs list them in', () => {
    const { doc, ctx, ids } = smallIncident();
    const before = projectIncident(doc);
    // Moves the alert to after the repair: it should now be listed last.
    updateEvent(doc, ids.alert, { occurredAt: '2026-03-10T15:30:00Z' }, ctx);
    eventText(doc, ids.flag)?.insert(0, 'Ramp: ');
    eventText(doc, ids.off)?.insert(0, 'Repair: ');
    const after = projectIncident(doc);
    const expected = [ids.flag, ids.off, ids.alert];
    expect(diffIncidents(before, after).events.changed.map((change) => change.id)).toEqual(expected);

    const shuffled = (projection: IncidentProjection): IncidentProjection => ({
      ...projection,
      events: [...projection.events].reverse(),
      perspectives: [...projection.perspectives].reverse(),
      factors: [...projection.factors].reverse(),
    });
    expect(diffIncidents(shuffled(before), shuffled(after))).toEqual(diffIncidents(before, after));
  });

  it('diffs a 10,000-event incident against a copy with 100 changes', () => {
    const gen = prng.create(42);
    const words = ['latency', 'p99', 'atlas-api', 'rollback', 'flag', 'replica', 'pool', 'saturated', 'paging', 'ok'];
    const sentence = () => Array.from({ length: prng.int32(gen, 8, 40) }, () => prng.oneOf(gen, words)).join(' ');
    const start = Date.parse('2026-03-10T13:00:00.000Z');
    const events: IncidentEvent[] = Array.from({ length: 10_000 }, (_, index) => ({
      id: `evt-${index.toString().padStart(5, '0')}`,
      createdBy: 'factory',
      createdAt: new Date(start + 86_400_000 + index).toISOString(),
      updatedBy: 'factory',
      updatedAt: new Date(start + 86_400_000 + index).toISOString(),
      occurredAt: new Date(start + index * 5000).toISOString(),
      sourceZone: 'UTC',
      precision: 'exact',
      actor: 'Priya Raman',
      source: 'chat',
      sourceUrl: '',
      kind: 'diagnosis',
      tags: ['atlas-api', 'latency'],
      text: sentence(),
    }));
    const before: IncidentProjection = {
      ...projectIncident(smallIncident().doc),
      events,
      narrative: Array.from({ length: 400 }, sentence).join('\n\n'),
    };
    const after: IncidentProjection = structuredClone(before);
    // 100 changes: 60 text edits, 20 tag changes, 10 removals, 10 additions; plus stamp churn on 500 others.
    for (let index = 0; index < 60; index++) {
      const event = after.events[index * 150];
      if (event) event.text = `${event.text} confirmed by Jonas`;
    }
    for (let index = 0; index < 20; index++) {
      const event = after.events[index * 150 + 75];
      if (event) event.tags = [...event.tags.slice(1), 'deploy'];
    }
    for (let index = 0; index < 500; index++) {
      const event = after.events[index * 20 + 1];
      if (event) event.updatedAt = '2026-03-13T00:00:00.000Z';
    }
    after.events = after.events.filter((_, index) => index % 1000 !== 999);
    for (let index = 0; index < 10; index++) {
      after.events.push({
        ...structuredClone(events[index * 7] as IncidentEvent),
        id: `new-${index}`,
        text: sentence(),
      });
    }
    after.narrative = after.narrative.replace('rollback', 'revert');

    // Its speed is measured in test/bench (npm run bench), not asserted here.
    const diff = diffIncidents(before, after);

    expect(diff.summary.collections.events).toEqual({ added: 10, removed: 10, changed: 80 });
    expect(diff.narrative?.segments.filter((segment) => segment.op !== 'equal')).toHaveLength(2);
  });
});
