import { describe, expect, it } from 'vitest';
import { normalizeTimeZone, optionalUrlSchema, tagSchema, utcDateTimeSchema } from './schema.ts';

describe('normalizeTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Europe/London', 'Europe/London'],
    ['america/new_york', 'America/New_York'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['America/Sao_Paulo', 'America/Sao_Paulo'],
  ])('accepts %s as %s', (zone, expected) => {
    expect(normalizeTimeZone(zone)).toBe(expected);
  });

  it.each(['Mars/Base', '+01:00', '-05:00', 'UTC+1', '', 'Europe//London', '../etc'])('rejects %j', (zone) => {
    expect(normalizeTimeZone(zone)).toBeNull();
  });
});

describe('utcDateTimeSchema', () => {
  it('canonicalises to toISOString form', () => {
    expect(utcDateTimeSchema.parse('2026-03-10T13:52:10Z')).toBe('2026-03-10T13:52:10.000Z');
    expect(utcDateTimeSchema.parse(' 2026-03-10T13:52:10.5Z ')).toBe('2026-03-10T13:52:10.500Z');
  });

  it.each([
    '2026-03-10T13:52:10+00:00',
    '2026-03-10T13:52:10',
    '2026-03-10 13:52:10Z',
    '1773150730',
    '2026-13-01T00:00:00Z',
  ])('rejects %s', (value) => {
    expect(utcDateTimeSchema.safeParse(value).success).toBe(false);
  });
});

describe('optionalUrlSchema and tagSchema', () => {
  it('accepts http(s) and empty, nothing else', () => {
    expect(optionalUrlSchema.parse('')).toBe('');
    expect(optionalUrlSchema.parse(' http://localhost:3000/x ')).toBe('http://localhost:3000/x');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b.c', 'example.com', 'https://']) {
      expect(optionalUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('folds tag spelling variants', () => {
    expect(tagSchema.parse('  Customer   Impact ')).toBe('customer-impact');
  });
});
