/**
 * The colour tokens in app.css, checked numerically for WCAG AA in both themes: every pair of text and the
 * backgrounds it is drawn on, 4.5:1 for text and 3:1 for shapes that carry meaning (kind markers, focus).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from './sync/colors.ts';

const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');
const tokens = new Map<string, { light: string; dark: string }>();
for (const match of css.matchAll(/--([a-z-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)) {
  const [, name, light, dark] = match;
  if (name && light && dark) tokens.set(name, { light, dark });
}

function token(name: string, theme: 'light' | 'dark'): string {
  const value = tokens.get(name)?.[theme];
  if (!value) throw new Error(`no light-dark token --${name} in app.css`);
  return value;
}

/** [foreground, backgrounds it appears on, minimum ratio] */
const PAIRS: [string, string[], number][] = [
  ['text', ['bg', 'surface', 'surface-muted'], 4.5],
  ['text-muted', ['bg', 'surface', 'surface-muted'], 4.5],
  ['text-faint', ['bg', 'surface'], 4.5],
  ['accent-text', ['bg', 'surface', 'accent-soft'], 4.5],
  ['on-accent', ['accent', 'accent-hover'], 4.5],
  ['danger', ['surface', 'danger-soft'], 4.5],
  ['danger-text', ['danger-soft'], 4.5],
  ['ok', ['ok-soft', 'surface'], 4.5],
  ['warn', ['warn-soft', 'surface'], 4.5],
  ['notice-text', ['accent-soft'], 4.5],
  ['news-text', ['news-soft'], 4.5],
  ['toast-text', ['toast-bg'], 4.5],
  ['news', ['surface'], 3],
  ['border-strong', ['surface'], 1.5],
];

const KINDS = ['detection', 'diagnosis', 'repair', 'key-moment', 'communication', 'action', 'note'];

describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
  it.each(PAIRS)('%s is readable on its backgrounds', (foreground, backgrounds, minimum) => {
    for (const background of backgrounds) {
      const ratio = contrastRatio(token(foreground, theme), token(background, theme));
      expect(ratio, `${foreground} on ${background}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(minimum);
    }
  });

  it.each(KINDS)('kind %s: its name is readable in its colour, and its icon on its disc', (kind) => {
    const color = token(`kind-${kind}`, theme);
    expect(contrastRatio(color, token('surface', theme)), 'label on the card').toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(token('on-kind', theme), color), 'icon on the disc').toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(color, token('bg', theme)), 'marker on the page').toBeGreaterThanOrEqual(3);
  });
});
