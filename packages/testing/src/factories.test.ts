import {
  ID_PATTERN,
  compareEvents,
  eventInputSchema,
  findEventReferences,
  projectIncident,
  type IncidentEvent,
  type IncidentProjection,
} from '@parallax/model';
import { describe, expect, it } from 'vitest';
import { buildIncidentDoc } from './factories.ts';

/** The event as a writer would have given it to addEvent: everything but the id and the stamps. */
function asInput(event: IncidentEvent) {
  const { id: _id, createdBy: _cb, createdAt: _ca, updatedBy: _ub, updatedAt: _ua, ...input } = event;
  return input;
}

function expectValidEvents(projection: IncidentProjection): void {
  const ids = new Set<string>();
  for (const event of projection.events) {
    expect(event.id).toMatch(ID_PATTERN);
    ids.add(event.id);
    const parsed = eventInputSchema.safeParse(asInput(event));
    expect(parsed.success, `${event.id}: ${parsed.error?.message}`).toBe(true);
    // Parsing normalises (tags folded, times canonical): a factory event is already in stored form.
    expect(parsed.data).toEqual(asInput(event));
    expect(event.text.trim()).not.toBe('');
  }
  expect(ids.size).toBe(projection.events.length);
}

describe('buildIncidentDoc', () => {
  it('builds the same incident for the same seed', () => {
    const first = projectIncident(buildIncidentDoc({ events: 200, seed: 7 }));
    const second = projectIncident(buildIncidentDoc({ events: 200, seed: 7 }));
    expect(second).toEqual(first);
    // The default seed is a seed like any other.
    expect(projectIncident(buildIncidentDoc({ events: 50 }))).toEqual(
      projectIncident(buildIncidentDoc({ events: 50, seed: 1 })),
    );
  });

  it('builds different incidents for different seeds', () => {
    const one = projectIncident(buildIncidentDoc({ events: 50, seed: 1 }));
    const two = projectIncident(buildIncidentDoc({ events: 50, seed: 2 }));
    expect(two.meta.title).not.toBe(one.meta.title);
    const oneIds = new Set(one.events.map((event) => event.id));
    expect(two.events.some((event) => oneIds.has(event.id))).toBe(false);
    expect(two.events.map((event) => event.text)).not.toEqual(one.events.map((event) => event.text));
  });

  it('builds an incident with no events: meta and an empty narrative section only', () => {
    const projection = projectIncident(buildIncidentDoc({ events: 0, seed: 3 }));
    expect(projection.meta).toMatchObject({ schemaVersion: 1, status: 'in-review', impactEnd: null });
    expect(projection.meta.title).toMatch(/^Generated incident 3: /);
    expect(projection.events).toEqual([]);
    expect(projection.perspectives).toEqual([]);
    expect(projection.questions).toEqual([]);
    expect(projection.factors).toEqual([]);
    expect(projection.actionItems).toEqual([]);
    expect(findEventReferences(projection.narrative)).toEqual([]);
  });

  it('builds an incident with one event and one of everything linked to it', () => {
    const projection = projectIncident(buildIncidentDoc({ events: 1, seed: 4 }));
    expect(projection.events).toHaveLength(1);
    expectValidEvents(projection);
    const [event] = projection.events;
    expect(projection.perspectives).toHaveLength(1);
    expect(projection.perspectives[0]?.eventId).toBe(event?.id);
    expect(projection.questions).toHaveLength(1);
    expect(projection.factors).toHaveLength(1);
    expect(projection.actionItems).toHaveLength(1);
    expect(findEventReferences(projection.narrative).map((reference) => reference.eventId)).toEqual([event?.id]);
    const impactEnd = Date.parse(projection.meta.impactEnd ?? '');
    expect(impactEnd).toBeGreaterThan(Date.parse(projection.meta.impactStart ?? ''));
    expect(impactEnd).toBeLessThan(Date.parse(event?.occurredAt ?? ''));
  });

  it('builds 10,000 valid events in strictly increasing time, with everything else in proportion', () => {
    const projection = projectIncident(buildIncidentDoc({ events: 10_000, seed: 5 }));
    const { events } = projection;
    expect(events).toHaveLength(10_000);
    expectValidEvents(projection);
    for (let index = 1; index < events.length; index++) {
      const previous = events[index - 1] as IncidentEvent;
      const current = events[index] as IncidentEvent;
      expect(compareEvents(previous, current)).toBeLessThan(0);
      // Strictly later, not just later by the tie-breakers: the timeline has no two events at one instant.
      expect(Date.parse(current.occurredAt)).toBeGreaterThan(Date.parse(previous.occurredAt));
    }
    // Insertion order is time order, so timeline order and creation order agree.
    const byCreation = [...events].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    expect(byCreation.map((event) => event.id)).toEqual(events.map((event) => event.id));

    const first = events[0] as IncidentEvent;
    const last = events[events.length - 1] as IncidentEvent;
    const impactStart = Date.parse(projection.meta.impactStart ?? '');
    const impactEnd = Date.parse(projection.meta.impactEnd ?? '');
    expect(Date.parse(first.occurredAt)).toBeGreaterThan(impactStart);
    expect(impactEnd).toBeGreaterThan(impactStart);
    expect(impactEnd).toBeLessThan(Date.parse(last.occurredAt));

    expect(projection.perspectives).toHaveLength(400);
    expect(projection.questions).toHaveLength(250);
    expect(projection.factors).toHaveLength(40);
    expect(projection.actionItems).toHaveLength(30);
    const eventIds = new Set(events.map((event) => event.id));
    for (const reference of findEventReferences(projection.narrative))
      expect(eventIds.has(reference.eventId)).toBe(true);
    // Several sources and kinds appear, as in a real channel.
    expect(new Set(events.map((event) => event.source)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(events.map((event) => event.kind)).size).toBe(7);
  });

  it('rejects a negative or fractional event count', () => {
    expect(() => buildIncidentDoc({ events: -1 })).toThrow(RangeError);
    expect(() => buildIncidentDoc({ events: 1.5 })).toThrow(RangeError);
  });
});
