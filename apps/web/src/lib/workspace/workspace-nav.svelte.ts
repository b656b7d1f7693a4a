/**
 * Which part of an incident's analysis is on screen (the timeline, the swim lanes, the questions…), kept in the
 * address (`?tab=questions`) so a link or a reload lands on the same part, and the moves between them: any
 * reference to an event (a question's, a narrative link, a factor's) opens the timeline on that event.
 */
import { createContext, tick } from 'svelte';
import type { TimelineView } from '../timeline/timeline-view.svelte.ts';

export const WORKSPACE_TABS = ['timeline', 'lanes', 'questions', 'narrative', 'analysis', 'actions'] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

export const TAB_LABELS: Record<WorkspaceTab, string> = {
  timeline: 'Timeline',
  lanes: 'Swim lanes',
  questions: 'Questions',
  narrative: 'Narrative',
  analysis: 'Factors & learnings',
  actions: 'Action items',
};

export function parseTab(value: string | null): WorkspaceTab {
  return (WORKSPACE_TABS as readonly string[]).includes(value ?? '') ? (value as WorkspaceTab) : 'timeline';
}

export class WorkspaceNav {
  readonly #view: TimelineView;
  readonly #onTabChange: (tab: WorkspaceTab) => void;

  tab = $state<WorkspaceTab>('timeline');
  /** The side panel listing blameless-language hints across the incident. */
  hintsOpen = $state(false);

  /** `onTabChange` writes the tab into the address (the page owns the router). */
  constructor(view: TimelineView, initial: WorkspaceTab, onTabChange: (tab: WorkspaceTab) => void) {
    this.#view = view;
    this.tab = initial;
    this.#onTabChange = onTabChange;
  }

  show(tab: WorkspaceTab): void {
    if (this.tab === tab) return;
    this.tab = tab;
    this.#onTabChange(tab);
  }

  /** Opens the timeline on one event, focused and centred; filters that hide it are cleared. */
  async showEvent(id: string): Promise<void> {
    this.show('timeline');
    await tick();
    if (!this.#view.isShown(id)) this.#view.clearFilters();
    await tick();
    this.#view.focus(id);
    this.#view.scrollTo(id, { align: 'center', focus: true });
  }
}

export const [getWorkspaceNav, setWorkspaceNav] = createContext<WorkspaceNav>();
