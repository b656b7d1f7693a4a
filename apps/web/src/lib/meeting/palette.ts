/**
 * The projection's own colours: a projector washes out mid-tones, so text is near black on white (or white on
 * near black), secondary text stays well above AA, and nothing relies on a light grey. `palette.test.ts` checks
 * the ratios numerically (AAA, 7:1, for the text people read from the back of the room).
 */
export type ProjectionTheme = 'light' | 'dark';

export interface ProjectionPalette {
  bg: string;
  surface: string;
  text: string;
  muted: string;
  /** The neighbouring events: quieter than the focused one, still readable. */
  dim: string;
  border: string;
  accent: string;
  accentSoft: string;
  onAccent: string;
  question: string;
}

export const PROJECTION_PALETTES: Record<ProjectionTheme, ProjectionPalette> = {
  light: {
    bg: '#ffffff',
    surface: '#f1f3f6',
    text: '#0a0c10',
    muted: '#323945',
    dim: '#4a5260',
    border: '#b9c0cb',
    accent: '#1f3fd6',
    accentSoft: '#e4e9ff',
    onAccent: '#ffffff',
    question: '#8a4600',
  },
  dark: {
    bg: '#0a0b0d',
    surface: '#1a1d23',
    text: '#ffffff',
    muted: '#d3d8e0',
    dim: '#a9b0bb',
    border: '#4a5261',
    accent: '#a4b8ff',
    accentSoft: '#1c2552',
    onAccent: '#0a0b0d',
    question: '#ffc46b',
  },
};

/** The palette as CSS custom properties (`--p-bg` …) for the projection's root element. */
export function paletteStyle(theme: ProjectionTheme): string {
  return Object.entries(PROJECTION_PALETTES[theme])
    .map(([name, value]) => `--p-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}: ${value}`)
    .join('; ');
}
