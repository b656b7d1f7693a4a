import { describe, expect, it } from 'vitest';
import { parseTimeInput, toTimeInputValue, type TimeParseResult } from './parse.ts';

// 2026-03-10 09:00 UTC: a Tuesday; 10:00 in Berlin (CET, UTC+1), 05:00 in New York (EDT since 8 March).
const now = new Date('2026-03-10T09:00:00Z');

function value(result: TimeParseResult) {
  if (!result.ok) throw new Error(`expected a time, got: ${result.message}`);
  return result.value;
}

function message(result: TimeParseResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.value.occurredAt}`);
  return result.message;
}

describe('typed times are read in the display zone', () => {
  it('reads a bare time as today in that zone, to the minute', () => {
    expect(value(parseTimeInput('14:05', { zone: 'Europe/Berlin', now }))).toEqual({
      occurredAt: '2026-03-10T13:05:00.000Z',
      precision: 'minute',
      zone: 'Europe/Berlin',
      note: null,
    });
    expect(value(parseTimeInput('14:05', { zone: 'UTC', now })).occurredAt).toBe('2026-03-10T14:05:00.000Z');
  });

  it('takes "today" from the display zone, not from UTC', () => {
    // At 09:00 UTC it is already 18:00 on the 10th in Tokyo, and still 05:00 on the 10th in New York; at 23:30 UTC
    // it is the 11th in Tokyo.
    const late = new Date('2026-03-10T23:30:00Z');
    expect(value(parseTimeInput('08:00', { zone: 'Asia/Tokyo', now: late })).occurredAt).toBe(
      '2026-03-10T23:00:00.000Z',
    );
  });

  it('reads yesterday, today and tomorrow', () => {
    const zone = 'America/New_York';
    expect(value(parseTimeInput('yesterday 14:05', { zone, now })).occurredAt).toBe('2026-03-09T18:05:00.000Z');
    expect(value(parseTimeInput('Today at 9:30', { zone, now })).occurredAt).toBe('2026-03-10T13:30:00.000Z');
    expect(value(parseTimeInput('tomorrow 00:00', { zone, now })).occurredAt).toBe('2026-03-11T04:00:00.000Z');
  });

  it('reads a full date, with seconds meaning exact', () => {
    expect(value(parseTimeInput('2026-03-10 14:05:30', { zone: 'Asia/Kolkata', now }))).toEqual({
      occurredAt: '2026-03-10T08:35:30.000Z',
      precision: 'exact',
      zone: 'Asia/Kolkata',
      note: null,
    });
  });

  it('reads "~" and "about" as approximate', () => {
    expect(value(parseTimeInput('~14:05', { zone: 'UTC', now })).precision).toBe('approximate');
    expect(value(parseTimeInput('about 2026-03-10 14:05', { zone: 'UTC', now })).precision).toBe('approximate');
  });

  it('reads 12-hour times', () => {
    expect(value(parseTimeInput('2:05 pm', { zone: 'UTC', now })).occurredAt).toBe('2026-03-10T14:05:00.000Z');
    expect(value(parseTimeInput('12:10am', { zone: 'UTC', now })).occurredAt).toBe('2026-03-10T00:10:00.000Z');
  });

  it('takes ISO instants and explicit offsets as they are, whatever the display zone', () => {
    const zone = 'Europe/Berlin';
    expect(value(parseTimeInput('2026-03-10T14:05:30.120Z', { zone, now }))).toEqual({
      occurredAt: '2026-03-10T14:05:30.120Z',
      precision: 'exact',
      zone: 'UTC',
      note: null,
    });
    expect(value(parseTimeInput('2026-03-10T19:35:00+05:30', { zone, now })).occurredAt).toBe(
      '2026-03-10T14:05:00.000Z',
    );
    expect(value(parseTimeInput('14:05 UTC', { zone, now })).occurredAt).toBe('2026-03-10T14:05:00.000Z');
    expect(value(parseTimeInput('2026-03-10 14:05 -0300', { zone, now })).occurredAt).toBe('2026-03-10T17:05:00.000Z');
  });

  it('rejects what is not a time, saying why', () => {
    expect(message(parseTimeInput('', { zone: 'UTC', now }))).toMatch(/Enter when it happened/);
    expect(message(parseTimeInput('lunchtime', { zone: 'UTC', now }))).toMatch(/Could not read “lunchtime”/);
    expect(message(parseTimeInput('2026-02-30 10:00', { zone: 'UTC', now }))).toMatch(/not a date/);
    expect(message(parseTimeInput('25:00', { zone: 'UTC', now }))).toMatch(/not a time of day/);
    expect(message(parseTimeInput('14:60', { zone: 'UTC', now }))).toMatch(/not a time of day/);
    expect(message(parseTimeInput('13:00 pm', { zone: 'UTC', now }))).toMatch(/12-hour/);
    expect(message(parseTimeInput('14:05 CEST', { zone: 'UTC', now }))).toMatch(/Could not read “CEST”/);
    expect(message(parseTimeInput('yesterday', { zone: 'UTC', now }))).toMatch(/Add the time of day/);
  });
});

describe('daylight-saving changes', () => {
  const zone = 'Europe/Berlin';

  it('refuses a time the clocks skipped, and says which times exist', () => {
    // 2026-03-29: at 02:00 CET the clocks go forward to 03:00 CEST; 02:30 never happens in Berlin.
    const text = message(parseTimeInput('2026-03-29 02:30', { zone, now }));
    expect(text).toBe(
      '02:30 did not happen on Sun, 29 Mar 2026 in Europe/Berlin: the clocks went forward from 02:00 to 03:00. ' +
        'Did you mean 01:30 or 03:30? Or add the offset the source used, e.g. “02:30 +01:00”.',
    );
    // The minutes either side exist.
    expect(value(parseTimeInput('2026-03-29 01:59', { zone, now })).occurredAt).toBe('2026-03-29T00:59:00.000Z');
    expect(value(parseTimeInput('2026-03-29 03:00', { zone, now })).occurredAt).toBe('2026-03-29T01:00:00.000Z');
    // With the offset it is a real instant.
    expect(value(parseTimeInput('2026-03-29 02:30 +01:00', { zone, now })).occurredAt).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of a repeated time, says so, and reads an offset as the second', () => {
    // 2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET; 02:30 happens at 00:30 and again at 01:30 UTC.
    const first = value(parseTimeInput('2026-10-25 02:30', { zone, now }));
    expect(first.occurredAt).toBe('2026-10-25T00:30:00.000Z');
    expect(first.note).toBe(
      '02:30 happened twice on Sun, 25 Oct 2026 in Europe/Berlin (the clocks went back). Using the first, ' +
        '02:30 +02:00 (00:30 UTC); for the second, type “02:30 +01:00”.',
    );
    const second = value(parseTimeInput('2026-10-25 02:30 +01:00', { zone, now }));
    expect(second.occurredAt).toBe('2026-10-25T01:30:00.000Z');
    expect(second.note).toBeNull();
  });

  it('handles zones whose changes fall elsewhere (New York in March, São Paulo without DST)', () => {
    // 2026-03-08 02:30 does not exist in New York.
    expect(message(parseTimeInput('2026-03-08 02:30', { zone: 'America/New_York', now }))).toMatch(
      /clocks went forward from 02:00 to 03:00/,
    );
    expect(value(parseTimeInput('2026-03-08 02:30', { zone: 'America/Sao_Paulo', now })).occurredAt).toBe(
      '2026-03-08T05:30:00.000Z',
    );
  });
});

describe('writing a time back into a field', () => {
  it('round-trips through the display zone at each precision', () => {
    const zone = 'Asia/Kolkata';
    for (const [iso, precision, text] of [
      ['2026-03-10T08:35:30.000Z', 'exact', '2026-03-10 14:05:30'],
      ['2026-03-10T08:35:00.000Z', 'minute', '2026-03-10 14:05'],
      ['2026-03-10T08:35:00.000Z', 'approximate', '~2026-03-10 14:05'],
    ] as const) {
      expect(toTimeInputValue(iso, precision, zone)).toBe(text);
      const parsed = value(parseTimeInput(text, { zone, now }));
      expect(parsed.occurredAt).toBe(iso);
      expect(parsed.precision).toBe(precision);
    }
  });

  it('adds the offset in a repeated hour so the second occurrence stays the second', () => {
    const zone = 'Europe/Berlin';
    expect(toTimeInputValue('2026-10-25T00:30:00.000Z', 'minute', zone)).toBe('2026-10-25 02:30');
    const second = toTimeInputValue('2026-10-25T01:30:00.000Z', 'minute', zone);
    expect(second).toBe('2026-10-25 02:30 +01:00');
    expect(value(parseTimeInput(second, { zone, now })).occurredAt).toBe('2026-10-25T01:30:00.000Z');
  });
});
