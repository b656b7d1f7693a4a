import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionItem, deleteActionItem, updateActionItem } from '../commands/action-items.ts';
import { addEvent, addEventTag, deleteEvent, removeEventTag, updateEvent } from '../commands/events.ts';
import { addFactor, deleteFactor, updateFactor } from '../commands/factors.ts';
import { initIncident, updateMeta } from '../commands/meta.ts';
import { addPerspective, deletePerspective, updatePerspective } from '../commands/perspectives.ts';
import { addQuestion, deleteQuestion, updateQuestion } from '../commands/questions.ts';
import {
  actionItemDescription,
  createIncidentDoc,
  eventText,
  eventsMap,
  factorDescription,
  factorsMap,
  narrativeText,
  perspectiveText,
  perspectivesMap,
  questionText,
} from '../doc.ts';
import { eventReference } from '../narrative.ts';
import { projectIncident } from '../projection.ts';
import { captureUpdates, testContext } from '../test-support.ts';
import { restoreIncident } from './restore.ts';

function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = createIncidentDoc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Sends every update of `from` to `to` from now on (one direction), as a provider would. */
function link(from: Y.Doc, to: Y.Doc): void {
  from.on('update', (update: Uint8Array) => Y.applyUpdate(to, update, 'remote'));
}

/** An incident with every kind of item, links between them, and a narrative citing an event. */
function richIncident() {
  const doc = createIncidentDoc();
  const ctx = testContext('maya');
  initIncident(doc, { title: 'Atlas latency', severity: 'SEV2', impactStart: '2026-03-10T13:35:00Z' }, ctx);
  const alert = addEvent(
    doc,
    {
      occurredAt: '2026-03-10T13:41:00Z',
      kind: 'detection',
      source: 'alert',
      tags: ['atlas-api', 'latency'],
      text: 'p99 above 2s on atlas-api',
    },
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
    { eventId: alert, person: 'Priya', role: 'responder', saw: 'The p99 graph climbing', did: 'Paged Jonas' },
    ctx,
  );
  const question = addQuestion(
    doc,
    { eventId: alert, text: 'Why did the alert take six minutes?', evidenceUrls: ['https://pager.example.com/1'] },
    ctx,
  );
  const factor = addFactor(
    doc,
    { title: 'Flag ramp had no guard', description: 'Nothing stopped the ramp.', eventIds: [flag, off] },
    ctx,
  );
  const action = addActionItem(
    doc,
    {
      title: 'Add a latency guard to flag ramps',
      category: 'prevent',
      description: 'Stop a ramp when p99 doubles.',
      eventIds: [flag],
      factorIds: [factor],
      dueDate: '2026-04-01',
    },
    ctx,
  );
  narrativeText(doc).insert(0, `The flag went to 5% ${eventReference(flag)} and latency rose.\n\nThen it was off.`);
  return { doc, ctx, ids: { alert, flag, off, perspective, question, factor, action } };
}

/** Edits of every kind on every collection, meta and narrative: what happens to a draft after a round. */
function editEverything(doc: Y.Doc, ids: ReturnType<typeof richIncident>['ids']) {
  const ctx = testContext('jonas', '2026-03-12T10:00:00.000Z');
  updateMeta(doc, { title: 'Atlas latency after the flag ramp', severity: 'SEV1', status: 'in-review' }, ctx);
  // Events: one edited (fields, tags, text), one deleted, one added.
  updateEvent(doc, ids.alert, { actor: 'PagerBot', precision: 'exact' }, ctx);
  addEventTag(doc, ids.alert, 'paging', ctx);
  removeEventTag(doc, ids.alert, 'latency', ctx);
  eventText(doc, ids.alert)?.insert(0, 'Alert: ');
  deleteEvent(doc, ids.off, ctx);
  const added = addEvent(doc, { occurredAt: '2026-03-10T15:00:00Z', text: 'All clear' }, ctx);
  // Perspectives: one edited, a new one.
  updatePerspective(doc, ids.perspective, { role: 'incident commander', eventId: null }, ctx);
  const saw = perspectiveText(doc, ids.perspective, 'saw');
  saw?.delete(4, 4);
  saw?.insert(4, 'latency');
  addPerspective(doc, { person: 'Jonas', knew: 'The ramp was at 5%' }, ctx);
  deletePerspective(doc, addPerspective(doc, { person: 'Temporary' }, ctx), ctx);
  // Questions: answered, another added then deleted, and one added.
  updateQuestion(doc, ids.question, { status: 'answered', evidenceUrls: ['https://pager.example.com/2'] }, ctx);
  questionText(doc, ids.question, 'answer')?.insert(0, 'The threshold was 5 minutes.');
  deleteQuestion(doc, addQuestion(doc, { text: 'Short-lived?' }, ctx), ctx);
  addQuestion(doc, { text: 'Who owns the ramp tool?' }, ctx);
  // Factors: the old one deleted (which unlinks it from the action item), a new one.
  deleteFactor(doc, ids.factor, ctx);
  const factor = addFactor(doc, { kind: 'lucky', title: 'Jonas was awake', eventIds: [added] }, ctx);
  factorDescription(doc, factor)?.insert(0, 'It was 3 am in Berlin.');
  // Action items: the old one edited and relinked, one added, one added and deleted.
  updateActionItem(doc, ids.action, { status: 'not-doing', statusReason: 'Covered elsewhere', eventIds: [added] }, ctx);
  actionItemDescription(doc, ids.action)?.insert(0, 'Obsolete. ');
  addActionItem(doc, { title: 'Write the runbook', category: 'learn', factorIds: [factor] }, ctx);
  deleteActionItem(doc, addActionItem(doc, { title: 'Temporary', category: 'process' }, ctx), ctx);
  // Narrative: a word changed and a paragraph added.
  const narrative = narrativeText(doc);
  narrative.delete(narrative.toString().indexOf('rose'), 4);
  narrative.insert(narrative.toString().indexOf(' and latency') + ' and latency '.length, 'climbed');
  narrative.insert(narrative.length, '\n\nAn all-clear followed.');
}

describe('restoreIncident', () => {
  it('makes the live projection deep-equal the target, stamps included, after edits of every kind', () => {
    const { doc: target, ids } = richIncident();
    const live = copyDoc(target);
    editEverything(live, ids);
    expect(projectIncident(live)).not.toEqual(projectIncident(target));

    expect(restoreIncident(live, target)).toBe(true);
    expect(projectIncident(live)).toEqual(projectIncident(target));
  });

  it('accepts a projection as the target (a snapshot stored as JSON), and a JSON round trip of it', () => {
    const { doc: target, ids } = richIncident();
    const wanted = JSON.parse(JSON.stringify(projectIncident(target))) as ReturnType<typeof projectIncident>;
    const live = copyDoc(target);
    editEverything(live, ids);
    restoreIncident(live, wanted);
    expect(projectIncident(live)).toEqual(projectIncident(target));
  });

  it('restores into an empty document (a fork) and into an unrelated incident', () => {
    const { doc: target } = richIncident();
    const empty = createIncidentDoc();
    restoreIncident(empty, target);
    expect(projectIncident(empty)).toEqual(projectIncident(target));

    const other = createIncidentDoc();
    const ctx = testContext('someone-else', '2027-01-01T00:00:00.000Z');
    initIncident(other, { title: 'Unrelated' }, ctx);
    addEvent(other, { occurredAt: '2027-01-01T00:00:00Z', tags: ['x'], text: 'Nothing to do with it' }, ctx);
    restoreIncident(other, target);
    expect(projectIncident(other)).toEqual(projectIncident(target));
    // Every restored prose field is a Y.Text an editor can bind to.
    for (const event of projectIncident(other).events) expect(eventText(other, event.id)).toBeInstanceOf(Y.Text);
  });

  it('is idempotent: a second restore changes nothing and emits no update', () => {
    const { doc: target, ids } = richIncident();
    const live = copyDoc(target);
    editEverything(live, ids);
    restoreIncident(live, target);
    const updates = captureUpdates(live, () => expect(restoreIncident(live, target)).toBe(false));
    expect(updates).toEqual([]);
    // Restoring a document to itself is also nothing.
    expect(captureUpdates(target, () => expect(restoreIncident(target, target)).toBe(false))).toEqual([]);
  });

  it('is one transaction with the caller origin, which peers receive as one ordinary update', () => {
    const { doc: target, ids } = richIncident();
    const live = copyDoc(target);
    editEverything(live, ids);
    const peer = copyDoc(live);
    link(live, peer);
    const origin = Symbol('restore');
    const updates = captureUpdates(live, () => restoreIncident(live, target, { origin }));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.origin).toBe(origin);
    expect(projectIncident(peer)).toEqual(projectIncident(target));
  });

  it('rewrites prose with minimal edits: concurrent typing elsewhere in the same text survives exactly once', () => {
    const { doc: target, ids } = richIncident();
    const live = copyDoc(target);
    // After the snapshot: a word in the middle of the text changed.
    const text = eventText(live, ids.alert);
    text?.delete(0, 3);
    text?.insert(0, 'P99');
    const peer = copyDoc(live);
    // While the restore runs, a peer types at the end of the same text (not yet synced).
    eventText(peer, ids.alert)?.insert(eventText(peer, ids.alert)?.length ?? 0, ' (confirmed)');
    const restoreUpdates = captureUpdates(live, () => restoreIncident(live, target));
    for (const { update } of restoreUpdates) Y.applyUpdate(peer, update);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(peer));
    expect(eventText(live, ids.alert)?.toString()).toBe('p99 above 2s on atlas-api (confirmed)');
    expect(eventText(peer, ids.alert)?.toString()).toBe('p99 above 2s on atlas-api (confirmed)');
    // The restore touched only the changed characters: the rest of the text keeps its Yjs identity (a peer's cursor
    // or its concurrent insertion anchored there stays put).
    const deleted = Y.decodeUpdate(restoreUpdates[0]?.update ?? new Uint8Array()).ds;
    let deletedLength = 0;
    for (const ranges of deleted.clients.values()) for (const range of ranges) deletedLength += range.len;
    expect(deletedLength).toBeLessThanOrEqual(3);
  });

  it('restores a narrative edited in several places with edits, not a rewrite', () => {
    const { doc: target } = richIncident();
    const live = copyDoc(target);
    const narrative = narrativeText(live);
    narrative.insert(0, 'Summary. ');
    narrative.insert(narrative.length, ' The end.');
    const peer = copyDoc(live);
    const middle = narrativeText(peer).toString().indexOf('latency');
    narrativeText(peer).insert(middle, 'p99 ');
    for (const { update } of captureUpdates(live, () => restoreIncident(live, target))) Y.applyUpdate(peer, update);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(peer));
    const expected = narrativeText(target).toString().replace('latency', 'p99 latency');
    expect(narrativeText(live).toString()).toBe(expected);
    expect(narrativeText(peer).toString()).toBe(expected);
  });

  it('repairs what malformed writers left: non-map entities, plain-string prose, plain-array and dangling sets', () => {
    const { doc: target, ids } = richIncident();
    const live = copyDoc(target);
    live.transact(() => {
      // An entity replaced by a string, an unreadable event, prose stored as a plain string, a set as a plain array.
      perspectivesMap(live).set(ids.perspective, 'not a map');
      const alert = eventsMap(live).get(ids.alert) as Y.Map<unknown>;
      alert.set('occurredAt', 'whenever');
      alert.set('text', 'plain string text');
      const factor = factorsMap(live).get(ids.factor) as Y.Map<unknown>;
      factor.set('eventIds', [ids.flag]);
      // A dangling id that would come back to life once its event is restored.
      eventsMap(live).delete(ids.off);
      const action = live.getMap('actionItems').get(ids.action) as Y.Map<unknown>;
      const links = action.get('eventIds') as Y.Array<unknown>;
      links.push([ids.off, ids.flag, 42]);
    });
    expect(projectIncident(live)).not.toEqual(projectIncident(target));
    restoreIncident(live, target);
    expect(projectIncident(live)).toEqual(projectIncident(target));
    expect(eventText(live, ids.alert)).toBeInstanceOf(Y.Text);
    expect(captureUpdates(live, () => restoreIncident(live, target))).toEqual([]);
  });

  it('gets the order of string sets right, inserting in place where it can', () => {
    const { doc: target, ids } = richIncident();
    const ctx = testContext('maya');
    addEventTag(target, ids.alert, 'paging', ctx);
    const live = copyDoc(target);
    removeEventTag(live, ids.alert, 'latency', ctx);
    removeEventTag(live, ids.alert, 'atlas-api', ctx);
    addEventTag(live, ids.alert, 'atlas-api', ctx);
    addEventTag(live, ids.alert, 'extra', ctx);
    restoreIncident(live, target);
    expect(projectIncident(live).events.find((event) => event.id === ids.alert)?.tags).toEqual([
      'atlas-api',
      'latency',
      'paging',
    ]);
    expect(projectIncident(live)).toEqual(projectIncident(target));
  });

  it('holds on random edit sequences (seeded)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const gen = prng.create(seed);
      const { doc: target } = richIncident();
      randomEdits(target, gen, 15);
      const live = copyDoc(target);
      randomEdits(live, gen, 40);
      restoreIncident(live, target);
      expect(projectIncident(live), `seed ${seed}`).toEqual(projectIncident(target));
      expect(
        captureUpdates(live, () => restoreIncident(live, target)),
        `seed ${seed}`,
      ).toEqual([]);
      // And back: the target restored to what live was before is the same machinery in the other direction.
      const reverse = copyDoc(target);
      randomEdits(reverse, gen, 30);
      const wanted = projectIncident(reverse);
      restoreIncident(target, reverse);
      expect(projectIncident(target), `seed ${seed} reverse`).toEqual(wanted);
    }
  });
});

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'p99', 'rollback', 'flag', '🙂', 'épée', '\n\n'];
const NAMES = WORDS.slice(0, 7);

function randomEdits(doc: Y.Doc, gen: prng.PRNG, count: number): void {
  const ctx = testContext(`writer-${prng.uint32(gen, 0, 1000)}`, '2026-03-13T00:00:00.000Z');
  const pick = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[prng.int32(gen, 0, items.length - 1)];
  const editText = (text: Y.Text | undefined) => {
    if (!text) return;
    if (text.length > 0 && prng.bool(gen)) {
      // Delete whole UTF-16 units only between code points.
      const plain = text.toString();
      let start = prng.int32(gen, 0, plain.length - 1);
      if (start > 0 && /[\udc00-\udfff]/.test(plain[start] ?? '')) start--;
      let end = Math.min(plain.length, start + prng.int32(gen, 1, 6));
      if (/[\udc00-\udfff]/.test(plain[end] ?? '')) end++;
      text.delete(start, end - start);
    } else {
      const plain = text.toString();
      let at = prng.int32(gen, 0, plain.length);
      if (/[\udc00-\udfff]/.test(plain[at] ?? '')) at--;
      text.insert(at, `${pick(WORDS)} `);
    }
  };
  for (let step = 0; step < count; step++) {
    const projection = projectIncident(doc);
    const events = projection.events.map((event) => event.id);
    switch (prng.int32(gen, 0, 11)) {
      case 0:
        addEvent(
          doc,
          {
            occurredAt: new Date(Date.UTC(2026, 2, 10, 14, prng.int32(gen, 0, 59))).toISOString(),
            tags: [pick(WORDS.slice(0, 5)) ?? 'x'],
            text: `${pick(WORDS)} ${pick(WORDS)}`,
          },
          ctx,
        );
        break;
      case 1: {
        const id = pick(events);
        if (id) deleteEvent(doc, id, ctx);
        break;
      }
      case 2:
        editText(eventText(doc, pick(events) ?? ''));
        break;
      case 3: {
        const id = pick(events);
        if (id) addEventTag(doc, id, pick(WORDS.slice(0, 7)) ?? 'x', ctx);
        break;
      }
      case 4: {
        const event = pick(projection.events);
        const tag = pick(event?.tags ?? []);
        if (event && tag) removeEventTag(doc, event.id, tag, ctx);
        break;
      }
      case 5:
        addPerspective(doc, { person: pick(NAMES) ?? 'x', eventId: pick(events) ?? null, saw: 'it' }, ctx);
        break;
      case 6: {
        const perspective = pick(projection.perspectives);
        if (perspective) editText(perspectiveText(doc, perspective.id, 'saw'));
        break;
      }
      case 7: {
        const question = pick(projection.questions);
        if (question && prng.bool(gen)) updateQuestion(doc, question.id, { status: 'parked' }, ctx);
        else addQuestion(doc, { text: `${pick(WORDS)}?`, eventId: pick(events) ?? null }, ctx);
        break;
      }
      case 8: {
        const factor = pick(projection.factors);
        if (factor && prng.bool(gen)) updateFactor(doc, factor.id, { eventIds: events.slice(0, 2) }, ctx);
        else addFactor(doc, { title: pick(NAMES) ?? 'x', eventIds: events.slice(-1) }, ctx);
        break;
      }
      case 9: {
        const item = pick(projection.actionItems);
        if (item && prng.bool(gen)) editText(actionItemDescription(doc, item.id));
        else if (item) deleteActionItem(doc, item.id, ctx);
        else addActionItem(doc, { title: 'Do it', category: 'learn', eventIds: events.slice(0, 1) }, ctx);
        break;
      }
      case 10:
        editText(narrativeText(doc));
        break;
      default:
        updateMeta(doc, { title: `Title ${pick(NAMES)}`, severity: pick(['SEV1', 'SEV3'] as const) ?? null }, ctx);
    }
  }
}
