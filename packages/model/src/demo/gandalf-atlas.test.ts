import { describe, expect, it } from 'vitest';
import { createIncidentDoc } from '../doc.ts';
import { findEventReferences } from '../narrative.ts';
import { compareEvents } from '../ordering.ts';
import { projectIncident } from '../projection.ts';
import { testContext } from '../test-support.ts';
import { GANDALF_ATLAS_EVENT_COUNT, seedGandalfAtlas } from './gandalf-atlas.ts';

function seeded() {
  const doc = createIncidentDoc();
  const seed = seedGandalfAtlas(doc, testContext('seed'));
  return { doc, seed, projection: projectIncident(doc) };
}

// From the fixture's users.json.
const ZONES: Record<string, string> = {
  'Priya Raman': 'Asia/Kolkata',
  'Jonas Weber': 'Europe/Berlin',
  'Maya Cho': 'America/New_York',
  'Leo Martins': 'America/Sao_Paulo',
  'Sam Okafor': 'Europe/London',
  'Aiko Tanaka': 'Asia/Tokyo',
  PagerBot: 'UTC',
};

describe('seedGandalfAtlas', () => {
  it('writes the SEV2 meta and its impact window', () => {
    const { projection } = seeded();
    expect(projection.meta).toMatchObject({
      severity: 'SEV2',
      status: 'in-review',
      referenceTimeZone: 'UTC',
      impactStart: '2026-03-10T13:40:00.000Z',
      impactEnd: '2026-03-10T15:02:00.000Z',
    });
    expect(projection.meta.title).toContain('INC-2291');
  });

  it('writes the timeline in order, with the fixture times in UTC', () => {
    const { projection, seed } = seeded();
    expect(projection.events).toHaveLength(29);
    expect(GANDALF_ATLAS_EVENT_COUNT).toBe(29);
    expect([...projection.events].sort(compareEvents)).toEqual(projection.events);
    expect(projection.events[0]).toMatchObject({ occurredAt: '2026-03-09T09:12:00.000Z', source: 'deploy' });
    expect(projection.events.at(-1)).toMatchObject({ occurredAt: '2026-03-10T15:10:22.000Z', actor: 'Jonas Weber' });

    const byId = new Map(projection.events.map((event) => [event.id, event]));
    // Slack ts 1773151968 is 14:12:48 UTC, 14:12 for Sam in London in March.
    expect(byId.get(seed.eventIds.supportTickets)).toMatchObject({
      occurredAt: '2026-03-10T14:12:48.000Z',
      actor: 'Sam Okafor',
      sourceZone: 'Europe/London',
      source: 'chat',
      kind: 'detection',
      sourceUrl: 'https://gandalf-atlas.slack.com/archives/C0INC2291/p1773151968000000',
    });
    expect(byId.get(seed.eventIds.flagOff)).toMatchObject({
      occurredAt: '2026-03-10T14:49:31.000Z',
      source: 'deploy',
      kind: 'repair',
      sourceZone: 'America/Sao_Paulo',
    });
    expect(byId.get(seed.eventIds.p99Alert)).toMatchObject({ occurredAt: '2026-03-10T13:52:10.000Z', source: 'alert' });
    expect(byId.get(seed.eventIds.latencyStarts)?.precision).toBe('approximate');
  });

  it("records each person's own time zone as the source zone", () => {
    const { projection } = seeded();
    for (const event of projection.events) {
      const expected = ZONES[event.actor];
      if (expected) expect(event.sourceZone, event.text).toBe(expected);
    }
    expect(new Set(projection.events.map((event) => event.sourceZone)).size).toBe(7);
  });

  it('adds perspectives, questions, factors and action items that point at real events', () => {
    const { projection } = seeded();
    const eventIds = new Set(projection.events.map((event) => event.id));
    expect(projection.perspectives.map((p) => p.role).sort()).toEqual([
      'database',
      'incident commander',
      'product',
      'responder',
      'support',
    ]);
    expect(projection.perspectives.every((p) => p.eventId !== null && eventIds.has(p.eventId))).toBe(true);
    expect(projection.questions.filter((q) => q.status === 'open')).toHaveLength(4);
    expect(projection.questions.some((q) => q.text.includes('#atlas-dev'))).toBe(true);
    expect(projection.factors.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['contributing', 'went-well', 'lucky', 'insight']),
    );
    expect(projection.actionItems.length).toBeGreaterThanOrEqual(5);
    expect(projection.actionItems.find((a) => a.status === 'not-doing')?.statusReason).not.toBe('');
    for (const item of [...projection.factors, ...projection.actionItems]) {
      expect(item.eventIds.length + ('factorIds' in item ? item.factorIds.length : 0)).toBeGreaterThan(0);
    }
  });

  it('tells the story in the narrative with references that resolve', () => {
    const { projection } = seeded();
    const references = findEventReferences(projection.narrative);
    expect(references.length).toBeGreaterThanOrEqual(8);
    const eventIds = new Set(projection.events.map((event) => event.id));
    expect(references.every((reference) => eventIds.has(reference.eventId))).toBe(true);
  });

  it('is deterministic given a deterministic context', () => {
    expect(seeded().projection).toEqual(seeded().projection);
  });
});
