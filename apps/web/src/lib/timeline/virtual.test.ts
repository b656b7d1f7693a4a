import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '@parallax/model';
import { zoneFormatter } from '../timezones/format.ts';
import { buildRows, estimateRowHeight } from './rows.ts';
import { VirtualLayout } from './virtual.ts';

function rows(count: number) {
  return Array.from({ length: count }, (_, i) => ({ key: `r${i}` }));
}

const estimate = () => 100;

describe('VirtualLayout', () => {
  it('lays rows out by estimate until they are measured', () => {
    const layout = new VirtualLayout();
    layout.setRows(rows(10_000), estimate);
    expect(layout.totalHeight).toBe(1_000_000);
    expect(layout.offsetOf(5_000)).toBe(500_000);
    expect(layout.indexAt(499_999)).toBe(4_999);
    expect(layout.indexAt(500_000)).toBe(5_000);
    expect(layout.indexAt(-10)).toBe(0);
    expect(layout.indexAt(5_000_000)).toBe(9_999);
  });

  it('renders the rows in view plus the overscan', () => {
    const layout = new VirtualLayout();
    layout.setRows(rows(1000), estimate);
    expect(layout.range(0, 800, 200)).toEqual({ start: 0, end: 11 });
    expect(layout.range(50_000, 800, 200)).toEqual({ start: 498, end: 511 });
    expect(layout.range(99_900, 800, 200)).toEqual({ start: 997, end: 1000 });
  });

  it('uses measured heights, keyed so they follow rows that move', () => {
    const layout = new VirtualLayout();
    layout.setRows(rows(4), estimate);
    expect(layout.measure({ key: 'r1' }, 250)).toBe(150);
    expect(layout.measure({ key: 'r1' }, 250)).toBe(0);
    expect(layout.offsetOf(2)).toBe(350);
    // A row is filtered out above r1: r1 keeps its measured height at its new index.
    layout.setRows([{ key: 'r1' }, { key: 'r2' }], estimate);
    expect(layout.heightOf(0)).toBe(250);
    expect(layout.totalHeight).toBe(350);
    layout.forgetMeasurements();
    expect(layout.totalHeight).toBe(200);
  });

  it('says where to scroll to bring a row into view', () => {
    const layout = new VirtualLayout();
    layout.setRows(rows(100), estimate);
    // Row 10 is at 1000..1100; a viewport at 0..800 must scroll down so its bottom (plus margin) shows.
    expect(layout.scrollTarget(10, 0, 800)).toBe(316);
    expect(layout.scrollTarget(3, 0, 800)).toBeNull();
    expect(layout.scrollTarget(3, 500, 800)).toBe(284);
    expect(layout.scrollTarget(10, 0, 800, { align: 'center' })).toBe(650);
  });
});

describe('timeline rows', () => {
  const event = (id: string, occurredAt: string) => ({ id, occurredAt }) as IncidentEvent;

  it('separates days in the display zone and carries gaps across them', () => {
    const events = [
      event('a', '2026-03-10T13:00:00Z'),
      event('b', '2026-03-10T14:12:00Z'),
      event('c', '2026-03-10T15:30:00Z'),
    ];
    const utc = buildRows(events, zoneFormatter('UTC'));
    expect(utc.map((row) => (row.type === 'day' ? row.label : `${row.key} ${row.gap ?? ''}`.trim()))).toEqual([
      'Tue, 10 Mar 2026',
      'a',
      'b +1 h 12 min',
      'c +1 h 18 min',
    ]);
    // In Tokyo (UTC+9) 15:30 UTC is already the 11th.
    const tokyo = buildRows(events, zoneFormatter('Asia/Tokyo'));
    expect(tokyo.map((row) => (row.type === 'day' ? row.dayKey : row.key))).toEqual([
      '2026-03-10',
      'a',
      'b',
      '2026-03-11',
      'c',
    ]);
    const last = tokyo.at(-1);
    expect(last?.type === 'event' && last.position).toBe(2);
    expect(estimateRowHeight(tokyo[0] ?? utc[0]!)).toBeLessThan(estimateRowHeight(tokyo[1]!));
  });
});
