import { describe, expect, it } from 'vitest';
import type { IncidentEvent, Perspective } from '@parallax/model';
import { NO_ROLE, buildLanes, filledParts, type LaneRow } from './lanes.ts';

function event(id: string, occurredAt: string): IncidentEvent {
  return {
    id,
    occurredAt,
    kind: 'note',
    actor: '',
    tags: [],
    text: `Event ${id}`,
    sourceZone: 'UTC',
    precision: 'minute',
    source: 'manual',
    sourceUrl: '',
    createdAt: occurredAt,
    updatedAt: occurredAt,
    createdBy: 'u',
    updatedBy: 'u',
  };
}

let sequence = 0;
function perspective(eventId: string | null, person: string, role = '', saw = ''): Perspective {
  sequence += 1;
  return {
    id: `p${sequence}`,
    eventId,
    person,
    role,
    saw,
    knew: '',
    thought: '',
    did: '',
    createdAt: '2026-03-10T15:00:00.000Z',
    updatedAt: '2026-03-10T15:00:00.000Z',
    createdBy: 'u',
    updatedBy: 'u',
  };
}

// In timeline order, as the session holds them.
const events = [
  event('a', '2026-03-10T14:00:00.000Z'),
  event('b', '2026-03-10T14:05:00.000Z'),
  event('c', '2026-03-10T14:10:00.000Z'),
];

/** Each row as "row: lane=person,person | lane=…" for compact expectations. */
function layout(table: ReturnType<typeof buildLanes>): string[] {
  return table.rows.map((row: LaneRow) => {
    const name = row.type === 'event' ? row.event.id : row.type;
    const cells = row.cells.map((cell, index) => `${table.lanes[index]?.label}=${cell.map((p) => p.id).join(',')}`);
    return `${name}: ${cells.join(' | ')}`;
  });
}

describe('buildLanes', () => {
  it('groups people case-insensitively and ignoring spaces, keeping the first spelling', () => {
    sequence = 0;
    const table = buildLanes(
      events,
      [perspective('a', 'Alice', 'responder'), perspective('b', '  alice ', 'database'), perspective('b', 'Bob')],
      'person',
    );
    expect(table.lanes).toEqual([
      { key: 'alice', label: 'Alice', count: 2 },
      { key: 'bob', label: 'Bob', count: 1 },
    ]);
    expect(layout(table)).toEqual(['a: Alice=p1 | Bob=', 'b: Alice=p2 | Bob=p3']);
  });

  it('puts accounts without a role in a "No role" lane, last', () => {
    sequence = 0;
    const table = buildLanes(
      events,
      [perspective('a', 'Alice', ''), perspective('a', 'Bob', 'Database'), perspective('b', 'Cem', ' database')],
      'role',
    );
    expect(table.lanes.map((lane) => [lane.label, lane.count])).toEqual([
      ['Database', 2],
      [NO_ROLE, 1],
    ]);
    expect(layout(table)).toEqual(['a: Database=p2 | No role=p1', 'b: Database=p3 | No role=']);
  });

  it('orders rows by time, not by when the accounts were written, and skips events without one', () => {
    sequence = 0;
    const table = buildLanes(events, [perspective('c', 'Alice'), perspective('a', 'Bob')], 'person');
    expect(table.rows.map((row) => row.key)).toEqual(['a', 'c']);
    // Lanes follow the rows: Bob speaks about the earlier moment.
    expect(table.lanes.map((lane) => lane.label)).toEqual(['Bob', 'Alice']);
  });

  it('lists every event when asked, with empty cells', () => {
    sequence = 0;
    const table = buildLanes(events, [perspective('b', 'Alice')], 'person', { allEvents: true });
    expect(layout(table)).toEqual(['a: Alice=', 'b: Alice=p1', 'c: Alice=']);
  });

  it('puts accounts of the whole incident (and of deleted events) in a first row', () => {
    sequence = 0;
    const table = buildLanes(
      events,
      [perspective('b', 'Alice'), perspective(null, 'Bob'), perspective(null, 'alice')],
      'person',
    );
    expect(table.rows[0]?.type).toBe('incident');
    // Bob comes first (his account is the first in the first row), Alice keeps the spelling she first wrote.
    expect(layout(table)).toEqual(['incident: Bob=p2 | Alice=p3', 'b: Bob= | Alice=p1']);
  });

  it('keeps accounts of an event this copy does not have in a last row', () => {
    sequence = 0;
    const table = buildLanes(events, [perspective('zzz', 'Alice'), perspective('a', 'Bob')], 'person');
    expect(layout(table)).toEqual(['a: Bob=p2 | Alice=', 'missing: Bob= | Alice=p1']);
  });

  it('keeps several accounts of one lane at one moment, in the order written', () => {
    sequence = 0;
    const table = buildLanes(events, [perspective('a', 'Alice', 'db'), perspective('a', 'Bob', 'DB')], 'role');
    expect(layout(table)).toEqual(['a: db=p1,p2']);
  });

  it('has no lanes and no rows for an incident without accounts', () => {
    expect(buildLanes(events, [], 'person')).toEqual({ lanes: [], rows: [] });
  });
});

describe('filledParts', () => {
  it('keeps the parts that say something, trimmed, in saw-knew-thought-did order', () => {
    const account = { ...perspective('a', 'Alice'), saw: ' Errors ', did: 'Rolled back', thought: '  ' };
    expect(filledParts(account)).toEqual([
      { field: 'saw', label: 'Saw', text: 'Errors' },
      { field: 'did', label: 'Did', text: 'Rolled back' },
    ]);
  });
});
