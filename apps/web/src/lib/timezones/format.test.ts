import { describe, expect, it } from 'vitest';
import { formatGap, zoneFormatter } from './format.ts';

const instant = '2026-03-10T14:05:30.000Z';

describe('times in a zone', () => {
  it('shows seconds only when exact, and marks approximate times', () => {
    const utc = zoneFormatter('UTC');
    expect(utc.time(instant, 'exact')).toBe('14:05:30');
    expect(utc.time(instant, 'minute')).toBe('14:05');
    expect(utc.time(instant, 'approximate')).toBe('~14:05');
  });

  it('says the zone of every time, with its offset at that instant', () => {
    expect(
      [
        'UTC',
        'Asia/Kolkata',
        'Europe/Berlin',
        'America/New_York',
        'America/Sao_Paulo',
        'Europe/London',
        'Asia/Tokyo',
      ].map((zone) => zoneFormatter(zone).timeWithZone(instant, 'minute')),
    ).toEqual(['14:05 UTC', '19:35 UTC+5:30', '15:05 UTC+1', '10:05 UTC-4', '11:05 UTC-3', '14:05 UTC', '23:05 UTC+9']);
  });

  it('follows daylight saving', () => {
    const berlin = zoneFormatter('Europe/Berlin');
    expect(berlin.timeWithZone('2026-03-29T00:59:00Z', 'minute')).toBe('01:59 UTC+1');
    expect(berlin.timeWithZone('2026-03-29T01:00:00Z', 'minute')).toBe('03:00 UTC+2');
    expect(berlin.timeWithZone('2026-10-25T00:30:00Z', 'minute')).toBe('02:30 UTC+2');
    expect(berlin.timeWithZone('2026-10-25T01:30:00Z', 'minute')).toBe('02:30 UTC+1');
  });

  it('puts an instant on the calendar day of the zone', () => {
    const late = '2026-03-10T23:30:00Z';
    expect(zoneFormatter('UTC').day(late)).toEqual({ key: '2026-03-10', label: 'Tue, 10 Mar 2026' });
    expect(zoneFormatter('Asia/Tokyo').day(late)).toEqual({ key: '2026-03-11', label: 'Wed, 11 Mar 2026' });
    expect(zoneFormatter('Asia/Kolkata').day('2026-03-10T18:29:00Z').key).toBe('2026-03-10');
    expect(zoneFormatter('Asia/Kolkata').day('2026-03-10T18:30:00Z').key).toBe('2026-03-11');
  });

  it('writes a full time for tooltips', () => {
    expect(zoneFormatter('Europe/London').full('2026-06-01T08:00:00Z', 'minute')).toBe('Mon, 1 Jun 2026, 09:00 UTC+1');
  });
});

describe('gaps between events', () => {
  it('names the quiet stretch, and nothing for simultaneous events', () => {
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-10T14:00:00Z')).toBeNull();
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-10T14:00:40Z')).toBe('+40 s');
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-10T14:12:00Z')).toBe('+12 min');
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-10T15:00:00Z')).toBe('+1 h');
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-10T15:20:00Z')).toBe('+1 h 20 min');
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-12T17:00:00Z')).toBe('+2 d 3 h');
    expect(formatGap('2026-03-10T14:00:00Z', '2026-03-12T14:10:00Z')).toBe('+2 d');
  });
});
