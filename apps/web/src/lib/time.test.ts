import { describe, expect, it } from 'vitest';
import { formatExpiry, formatGap, formatUtcTime, parseUtcInput, toUtcInputValue } from './time.ts';

describe('typed UTC times', () => {
  it('round-trips an instant through the input format', () => {
    const iso = '2025-03-04T14:03:27.000Z';
    expect(toUtcInputValue(iso)).toBe('2025-03-04 14:03:27');
    expect(parseUtcInput(toUtcInputValue(iso))).toEqual({ occurredAt: iso, hasSeconds: true });
  });

  it('leaves the seconds out of times known to the minute, and says none were typed', () => {
    expect(toUtcInputValue('2025-03-04T14:03:00.000Z', 'minute')).toBe('2025-03-04 14:03');
    expect(parseUtcInput('2025-03-04 14:03')).toEqual({ occurredAt: '2025-03-04T14:03:00.000Z', hasSeconds: false });
  });

  it('accepts times pasted from logs', () => {
    expect(parseUtcInput(' 2025-03-04T14:03:27.120Z ')?.occurredAt).toBe('2025-03-04T14:03:27.120Z');
    expect(parseUtcInput('2025-03-04 9:05 UTC')?.occurredAt).toBe('2025-03-04T09:05:00.000Z');
  });

  it('rejects empty, malformed and impossible times instead of rolling them over', () => {
    expect(parseUtcInput('')).toBeNull();
    expect(parseUtcInput('yesterday')).toBeNull();
    expect(parseUtcInput('2025-02-30 10:00')).toBeNull();
    expect(parseUtcInput('2025-03-04 25:00')).toBeNull();
    expect(parseUtcInput('2025-03-04 14:60')).toBeNull();
    expect(parseUtcInput('2025-03-04 14:03:27+02:00')).toBeNull();
  });
});

describe('display', () => {
  it('shows seconds only when the time is exact', () => {
    expect(formatUtcTime('2025-03-04T14:03:27Z', 'exact')).toBe('14:03:27');
    expect(formatUtcTime('2025-03-04T14:03:27Z', 'minute')).toBe('14:03');
  });

  it('names the gap between two events, and no gap under a minute', () => {
    expect(formatGap('2025-03-04T14:00:00Z', '2025-03-04T14:00:40Z')).toBeNull();
    expect(formatGap('2025-03-04T14:00:00Z', '2025-03-04T14:12:00Z')).toBe('12 min');
    expect(formatGap('2025-03-04T14:00:00Z', '2025-03-04T15:20:00Z')).toBe('1 h 20 min');
    expect(formatGap('2025-03-04T14:00:00Z', '2025-03-06T17:00:00Z')).toBe('2 d 3 h');
  });
});

describe('expiry', () => {
  const now = Date.parse('2025-03-04T12:00:00Z');

  it('counts days, then hours, then says when it is over', () => {
    expect(formatExpiry('2025-03-11T12:00:05Z', now)).toBe('in 7 days');
    expect(formatExpiry('2025-03-11T11:59:55Z', now)).toBe('in 7 days');
    expect(formatExpiry('2025-03-05T12:00:00Z', now)).toBe('in 24 hours');
    expect(formatExpiry('2025-03-04T13:00:00Z', now)).toBe('in 1 hour');
    expect(formatExpiry('2025-03-04T12:20:00Z', now)).toBe('in less than an hour');
    expect(formatExpiry('2025-03-04T11:00:00Z', now)).toBe('expired');
  });
});
