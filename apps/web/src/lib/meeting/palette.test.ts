import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../sync/colors.ts';
import { PROJECTION_PALETTES, paletteStyle, type ProjectionPalette } from './palette.ts';

const PAIRS: [keyof ProjectionPalette, (keyof ProjectionPalette)[], number][] = [
  ['text', ['bg', 'surface', 'accentSoft'], 7],
  ['muted', ['bg', 'surface', 'accentSoft'], 7],
  ['dim', ['bg', 'surface'], 4.5],
  ['accent', ['bg', 'surface'], 4.5],
  ['onAccent', ['accent'], 4.5],
  ['question', ['bg', 'surface'], 4.5],
  ['border', ['bg'], 1.5],
];

describe.each(['light', 'dark'] as const)('projection palette, %s', (theme) => {
  const palette = PROJECTION_PALETTES[theme];
  it.each(PAIRS)('%s is readable on its backgrounds', (foreground, backgrounds, minimum) => {
    for (const background of backgrounds) {
      const ratio = contrastRatio(palette[foreground], palette[background]);
      expect(ratio, `${foreground} on ${background}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(minimum);
    }
  });

  it('becomes CSS custom properties', () => {
    expect(paletteStyle(theme)).toContain(`--p-accent-soft: ${palette.accentSoft}`);
  });
});
