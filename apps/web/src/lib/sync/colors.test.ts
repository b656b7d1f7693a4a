import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, colorForUser, contrastRatio, initialsOf } from './colors.ts';

describe('presence colours', () => {
  it('keep white initials and caret labels readable (WCAG AA, 4.5:1)', () => {
    for (const color of PRESENCE_COLORS) expect(contrastRatio(color, '#ffffff'), color).toBeGreaterThanOrEqual(4.5);
  });

  it('stand out as shapes on the dark theme (3:1 against its surface)', () => {
    for (const color of PRESENCE_COLORS) expect(contrastRatio(color, '#181b21'), color).toBeGreaterThanOrEqual(3);
  });

  it('give one person the same colour every time', () => {
    expect(colorForUser('user-1')).toBe(colorForUser('user-1'));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => colorForUser(`user-${i}`)));
    expect(spread.size).toBeGreaterThan(5);
  });

  it('computes contrast like WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe('initials', () => {
  it('takes the first letters of the first two names', () => {
    expect(initialsOf('Alice Responder')).toBe('AR');
    expect(initialsOf('  priya   k  sharma ')).toBe('PK');
    expect(initialsOf('Jonas')).toBe('JO');
    expect(initialsOf('')).toBe('?');
  });
});
