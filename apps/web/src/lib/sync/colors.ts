/**
 * Presence colours. Each is dark enough for white initials (and the name label on a remote caret) to pass WCAG AA
 * (4.5:1) and light enough to stand out on the dark theme's surfaces (3:1 for the avatar as a graphic);
 * `colors.test.ts` checks both numerically.
 */
export const PRESENCE_COLORS = [
  '#c0392b',
  '#b35900',
  '#23803d',
  '#1f6fc5',
  '#834cdc',
  '#c0267a',
  '#0f7c8c',
  '#5c6bc0',
  '#8d6e00',
  '#d81b60',
] as const;

/** The same colour for the same person everywhere and every time (a hash of their user id). */
export function colorForUser(userId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < userId.length; i += 1) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}

/** "Alice Responder" → "AR"; one name → its first two letters. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  if (parts.length === 1) return (parts[0] ?? '').slice(0, 2).toUpperCase();
  return parts
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
