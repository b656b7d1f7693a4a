/**
 * Which part of an incident's analysis is on screen (the timeline, the swim lanes, the questions…, and in the
 * "Rounds & history" tab the round being read or the versions being compared), kept in the address
 * (`?tab=questions`, `?tab=history&round=…`) so a link or a reload lands on the same part, and the moves between
 * them: any reference to an event (a question's, a narrative link, a factor's) opens the timeline on that event.
 */
import { createContext, tick } from 'svelte';
import type { TimelineView } from '../timeline/timeline-view.svelte.ts';

export const WORKSPACE_TABS = [
  'timeline',
  'lanes',
  'questions',
  'narrative',
  'analysis',
  'actions',
  'history',
] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

export const TAB_LABELS: Record<WorkspaceTab, string> = {
  timeline: 'Timeline',
  lanes: 'Swim lanes',
  questions: 'Questions',
  narrative: 'Narrative',
  analysis: 'Factors & learnings',
  actions: 'Action items',
  history: 'Rounds & history',
};

export function parseTab(value: string | null): WorkspaceTab {
  return (WORKSPACE_TABS as readonly string[]).includes(value ?? '') ? (value as WorkspaceTab) : 'timeline';
}

/** Two versions being compared in the history: snapshot ids, or `live` for the incident as it is now. */
export interface Comparison {
  from: string;
  to: string;
}

/** Where in the workspace the person is, as the address records it. */
export interface WorkspaceLocation {
  tab: WorkspaceTab;
  /** The calibration round open in the "Rounds & history" tab. */
  round: string | null;
  /** The comparison shown in the "Rounds & history" tab. */
  comparison: Comparison | null;
}

/** Reads `?tab=history&round=…` or `?tab=history&from=…&to=…`; a round or comparison implies the history tab. */
export function parseLocation(params: URLSearchParams): WorkspaceLocation {
  const round = params.get('round');
  const from = params.get('from');
  const comparison = from ? { from, to: params.get('to') ?? 'live' } : null;
  const tab = round || comparison ? 'history' : parseTab(params.get('tab'));
  return { tab, round: tab === 'history' ? round : null, comparison: tab === 'history' && !round ? comparison : null };
}

/** The query string for a location ('' for the timeline, the default). */
export function locationQuery(location: WorkspaceLocation): string {
  const pairs: [string, string][] = [];
  if (location.tab !== 'timeline') pairs.push(['tab', location.tab]);
  if (location.round) pairs.push(['round', location.round]);
  else if (location.comparison) pairs.push(['from', location.comparison.from], ['to', location.comparison.to]);
  const query = pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return query ? `?${query}` : '';
}

/** How the workspace's cards carry their item's id. */
const ITEM_ATTRIBUTES = ['data-question-id', 'data-action-id', 'data-factor-id', 'data-perspective-id'];
/** Long enough to find the outlined card after the scroll, short enough not to linger. */
const LINKED_HIGHLIGHT_MS = 4000;

export class WorkspaceNav {
  readonly #view: TimelineView;
  readonly #onChange: (location: WorkspaceLocation) => void;

  tab = $state<WorkspaceTab>('timeline');
  /** The calibration round being read, in the "Rounds & history" tab; null shows the list of rounds. */
  round = $state<string | null>(null);
  /** The comparison shown under the history, in the "Rounds & history" tab. */
  comparison = $state.raw<Comparison | null>(null);
  /** The side panel listing blameless-language hints across the incident. */
  hintsOpen = $state(false);

  /** `onChange` writes the location into the address (the page owns the router). */
  constructor(
    view: TimelineView,
    initial: WorkspaceTab | WorkspaceLocation,
    onChange: (location: WorkspaceLocation) => void,
  ) {
    this.#view = view;
    const location = typeof initial === 'string' ? { tab: initial, round: null, comparison: null } : initial;
    this.tab = location.tab;
    this.round = location.round;
    this.comparison = location.comparison;
    this.#onChange = onChange;
  }

  /** Shows a tab (the list of rounds, for the history tab, even when a round was open). */
  show(tab: WorkspaceTab): void {
    if (this.tab === tab && this.round === null) return;
    this.tab = tab;
    this.round = null;
    this.#changed();
  }

  /** Opens a calibration round's frozen version in the "Rounds & history" tab. */
  showRound(id: string): void {
    this.tab = 'history';
    this.round = id;
    this.#changed();
  }

  /** Shows (or, with null, closes) the comparison of two versions in the "Rounds & history" tab. */
  showComparison(comparison: Comparison | null): void {
    this.tab = 'history';
    this.round = null;
    this.comparison = comparison;
    this.#changed();
  }

  #changed(): void {
    this.#onChange({ tab: this.tab, round: this.round, comparison: this.tab === 'history' ? this.comparison : null });
  }

  /**
   * Shows a tab and scrolls it to one item (a question, an action item…) found by its card's data attribute,
   * outlined for a moment. False when the tab has no such card (yet, or any more).
   */
  async showItem(tab: WorkspaceTab, itemId: string): Promise<boolean> {
    this.show(tab);
    await tick();
    const id = CSS.escape(itemId);
    const element = document.querySelector<HTMLElement>(
      ITEM_ATTRIBUTES.map((attribute) => `[${attribute}="${id}"]`).join(', '),
    );
    if (!element) return false;
    element.scrollIntoView({ block: 'center' });
    element.setAttribute('data-linked-item', '');
    setTimeout(() => element.removeAttribute('data-linked-item'), LINKED_HIGHLIGHT_MS);
    return true;
  }

  /**
   * Opens the timeline on one event, focused and centred; filters that hide it are cleared. With `open`, its card
   * opens too, showing the perspectives and questions written about it.
   */
  async showEvent(id: string, { open = false }: { open?: boolean } = {}): Promise<void> {
    this.show('timeline');
    await tick();
    if (!this.#view.isShown(id)) this.#view.clearFilters();
    await tick();
    if (open) this.#view.open(id);
    else this.#view.focus(id);
    this.#view.scrollTo(id, { align: 'center', focus: true });
  }
}

export const [getWorkspaceNav, setWorkspaceNav] = createContext<WorkspaceNav>();
