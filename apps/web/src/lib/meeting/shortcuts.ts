/** The facilitator's keys on the projection, for the legend, the help and the handler alike. */
export interface Shortcut {
  keys: string[];
  /** Short, for the always-visible legend. */
  short: string;
  /** What the help overlay says. */
  long: string;
  /** Offered only to people who can edit. */
  edits?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j', '→'], short: 'next', long: 'Next event (also ↓ and Page Down, as presentation remotes send)' },
  { keys: ['k', '←'], short: 'previous', long: 'Previous event (also ↑ and Page Up)' },
  { keys: ['g'], short: 'jump to time', long: 'Jump to a time, e.g. 14:05 (read in the incident’s zone)' },
  { keys: ['h'], short: 'hide names', long: 'Hide or show people’s names (role labels instead)' },
  { keys: ['q'], short: 'question', long: 'Add a question about this event', edits: true },
  { keys: ['p'], short: 'perspective', long: 'Add someone’s perspective on this event', edits: true },
  { keys: ['s'], short: 'summary', long: 'Meeting summary: what was captured since the meeting started' },
  { keys: ['t'], short: 'theme', long: 'Light or dark theme' },
  { keys: ['f'], short: 'full screen', long: 'Full screen on or off' },
  { keys: ['?'], short: 'help', long: 'This help' },
];
