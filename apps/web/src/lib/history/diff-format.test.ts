import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEvent,
  addFactor,
  addPerspective,
  createIncidentDoc,
  diffIncidents,
  eventText,
  initIncident,
  narrativeText,
  projectIncident,
  updateEvent,
  updateMeta,
  type CommandContext,
} from '@parallax/model';
import { zoneFormatter } from '../timezones/format.ts';
import {
  describeSummary,
  diffLookup,
  diffSections,
  elideUnchanged,
  metaFields,
  type DiffContext,
} from './diff-format.ts';

let clock = Date.parse('2025-03-04T15:00:00.000Z');
const ctx: CommandContext = { userId: 'alice', now: () => new Date((clock += 1000)) };

function copy(doc: Y.Doc): Y.Doc {
  const next = createIncidentDoc();
  Y.applyUpdate(next, Y.encodeStateAsUpdate(doc));
  return next;
}

function incident() {
  const doc = createIncidentDoc();
  initIncident(doc, { title: 'Checkout errors' }, ctx);
  const deploy = addEvent(
    doc,
    {
      occurredAt: '2025-03-04T13:58:00.000Z',
      precision: 'minute',
      kind: 'action',
      actor: 'deploy-bot',
      text: 'Deploy 4812 rolled out',
    },
    ctx,
  );
  const alert = addEvent(
    doc,
    {
      occurredAt: '2025-03-04T14:03:27.000Z',
      precision: 'exact',
      kind: 'detection',
      actor: 'PagerDuty',
      text: 'Checkout error rate above 5%',
    },
    ctx,
  );
  return { doc, deploy, alert };
}

function contextFor(diff: ReturnType<typeof diffIncidents>): DiffContext {
  return { formatter: zoneFormatter('UTC'), lookup: diffLookup(diff) };
}

describe('a diff laid out for reading', () => {
  it('says there is nothing to show when both versions are the same', () => {
    const { doc } = incident();
    const diff = diffIncidents(projectIncident(doc), projectIncident(copy(doc)));
    expect(diff.summary.total).toBe(0);
    expect(diffSections(diff, contextFor(diff))).toEqual([]);
    expect(describeSummary(diff.summary)).toBe('');
  });

  it('lists events in time order with their times, text edits as insertions and deletions, fields by name', () => {
    const { doc, deploy, alert } = incident();
    const before = projectIncident(doc);
    const after = copy(doc);
    const text = eventText(after, alert);
    if (!text) throw new Error('the event has no text');
    text.insert(text.length, ' in the EU');
    updateEvent(after, alert, { kind: 'key-moment' }, ctx);
    addEvent(
      after,
      { occurredAt: '2025-03-04T14:00:00.000Z', kind: 'note', actor: '', text: 'Canary looked fine' },
      ctx,
    );
    const diff = diffIncidents(before, projectIncident(after));
    const [events, ...rest] = diffSections(diff, contextFor(diff));
    expect(rest).toEqual([]);
    expect(events?.title).toBe('Events');
    expect(events?.counts).toEqual({ added: 1, removed: 0, changed: 1 });
    expect(events?.entries.map((entry) => [entry.status, entry.time])).toEqual([
      ['added', 'Tue, 4 Mar 2025, 14:00 UTC'],
      ['changed', 'Tue, 4 Mar 2025, 14:03:27 UTC'],
    ]);
    const changed = events?.entries[1];
    expect(changed?.heading).toBe('Key moment — PagerDuty: Checkout error rate above 5% in the EU');
    expect(changed?.fields).toEqual([
      { kind: 'value', field: 'kind', label: 'Kind', before: 'Detection', after: 'Key moment' },
      {
        kind: 'text',
        field: 'text',
        label: 'What happened',
        segments: [
          { op: 'equal', text: 'Checkout error rate above 5%' },
          { op: 'insert', text: ' in the EU' },
        ],
      },
    ]);
    expect(describeSummary(diff.summary)).toBe('1 added · 1 changed');
    expect(deploy).toBeTruthy();
  });

  it('names linked events by time and text, including removed ones, and perspectives by whose view', () => {
    const { doc, deploy, alert } = incident();
    const before = projectIncident(doc);
    const after = copy(doc);
    addFactor(after, { kind: 'contributing', title: 'No canary for config', eventIds: [deploy] }, ctx);
    addPerspective(after, { eventId: alert, person: 'Carol', role: 'on call', saw: 'The pager' }, ctx);
    const diff = diffIncidents(before, projectIncident(after));
    const sections = diffSections(diff, {
      formatter: zoneFormatter('UTC'),
      lookup: diffLookup(diff, { event: (id) => before.events.find((e) => e.id === id) }),
    });
    expect(sections.map((section) => section.collection)).toEqual(['perspectives', 'factors']);
    expect(sections[0]?.entries[0]?.heading).toBe('Carol (on call) on 14:03:27 UTC — Checkout error rate above 5%');
    expect(sections[0]?.entries[0]?.fields).toEqual([
      { kind: 'text', field: 'saw', label: 'Saw', segments: [{ op: 'equal', text: 'The pager' }] },
    ]);
    const factor = sections[1]?.entries[0];
    expect(factor?.heading).toBe('Contributing factors: No canary for config');
    expect(factor?.status).toBe('added');
  });

  it('reports the incident’s own fields and the narrative', () => {
    const { doc } = incident();
    const before = projectIncident(doc);
    const after = copy(doc);
    updateMeta(after, { severity: 'SEV2', status: 'in-review' }, ctx);
    narrativeText(after).insert(0, 'At 14:00 a deploy went out.');
    const diff = diffIncidents(before, projectIncident(after));
    expect(metaFields(diff, contextFor(diff))).toEqual([
      { kind: 'value', field: 'severity', label: 'Severity', before: 'none', after: 'SEV2' },
      { kind: 'value', field: 'status', label: 'Status', before: 'Investigating', after: 'In review' },
    ]);
    expect(describeSummary(diff.summary)).toBe('2 details of the incident · narrative edited');
  });
});

describe('shortening unchanged prose', () => {
  const long = (word: string, times: number) => Array.from({ length: times }, () => word).join(' ');

  it('keeps short texts and texts without edits as they are', () => {
    const segments = [{ op: 'equal' as const, text: long('same', 200) }];
    expect(elideUnchanged(segments, 20)).toEqual(segments);
    const short = [
      { op: 'equal' as const, text: 'a b c ' },
      { op: 'insert' as const, text: 'd' },
    ];
    expect(elideUnchanged(short, 20)).toEqual(short);
  });

  it('keeps the words next to an edit and says how much is left out', () => {
    const head = long('before', 50);
    const tail = long('after', 50);
    const result = elideUnchanged(
      [
        { op: 'equal', text: `${head} ` },
        { op: 'delete', text: 'old' },
        { op: 'insert', text: 'new' },
        { op: 'equal', text: ` ${tail}` },
      ],
      30,
    );
    expect(result[0]).toMatchObject({ op: 'gap' });
    const kept = result[1];
    expect(kept?.op).toBe('equal');
    expect(kept && 'text' in kept ? kept.text.length : 0).toBeLessThanOrEqual(30);
    expect(kept && 'text' in kept ? kept.text.startsWith('before') : false).toBe(true);
    expect(result.at(-1)).toMatchObject({ op: 'gap' });
    const shown = result.map((segment) => ('text' in segment ? segment.text : '')).join('');
    const gaps = result.reduce((sum, segment) => sum + ('length' in segment ? segment.length : 0), 0);
    expect(shown.length + gaps).toBe(head.length + tail.length + 2 + 6);
  });

  it('shortens a long unchanged middle to both of its ends', () => {
    const result = elideUnchanged(
      [
        { op: 'insert', text: 'New start. ' },
        { op: 'equal', text: long('middle', 100) },
        { op: 'delete', text: ' Old end.' },
      ],
      24,
    );
    expect(result.map((segment) => segment.op)).toEqual(['insert', 'equal', 'gap', 'equal', 'delete']);
  });
});
