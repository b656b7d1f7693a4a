import { describe, expect, it } from 'vitest';
import { formatExpiry, formatRelative, formatUtcFull } from './time.ts';

describe('recency', () => {
  const now = Date.parse('2025-03-04T12:00:00Z');

  it('says how long ago, in the largest whole unit', () => {
    expect(formatRelative('2025-03-04T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2025-03-04T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2025-03-03T12:00:00Z', now)).toBe('yesterday');
  });

  it('writes full UTC times for tooltips', () => {
    expect(formatUtcFull('2025-03-04T14:03:27Z')).toBe('Tue, 4 Mar 2025 14:03:27 UTC');
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
