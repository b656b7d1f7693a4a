/**
 * What this person sees of the timeline: the display zone, filters, which event is focused and which is open for
 * editing, whom they follow, and requests to scroll to an event. Derived views (shown events, counts, rows) follow
 * the document and the filters; nothing here writes to the document.
 */
import { createContext, untrack } from 'svelte';
import type { IncidentEvent } from '@parallax/model';
import type { Preferences, TimeZoneMode } from '../preferences/preferences.svelte.ts';
import type { IncidentSession } from '../sync/incident-session.svelte.ts';
import type { Peer } from '../sync/presence.svelte.ts';
import { browserTimeZone, zoneFormatter, type ZoneFormatter } from '../timezones/format.ts';
import {
  EMPTY_FILTER,
  applyFilter,
  facetCounts,
  isFilterEmpty,
  type FacetCounts,
  type TimelineFilter,
} from './filters.ts';
import type { LastVisit } from './last-visit.svelte.ts';
import { buildRows, positionsById, type TimelineRow } from './rows.ts';

export interface ScrollRequest {
  id: string;
  align: 'nearest' | 'center';
  /** Move keyboard focus to the event's card once it is on screen. */
  focus: boolean;
  /** Distinguishes two requests for the same event. */
  serial: number;
}

export interface DeletedNotice {
  /** The undo step of the deletion (see `IncidentSession.deleteEvent`). */
  step: unknown;
  id: string;
  description: string;
}

export class TimelineView {
  readonly session: IncidentSession;
  readonly lastVisit: LastVisit;
  readonly #preferences: Preferences;
  readonly localZone = browserTimeZone();
  readonly referenceZone: string;
  /** The IANA zone every time on the page is shown in. */
  readonly zone: string;
  readonly formatter: ZoneFormatter;
  readonly shown: readonly IncidentEvent[];
  readonly facets: FacetCounts;
  readonly rows: TimelineRow[];
  readonly filtered: boolean;
  /** Events marked new or changed since the last visit, in timeline order. */
  readonly news: readonly IncidentEvent[];
  readonly following: Peer | null;
  /** Where the followed person is: the event they edit, else the one they focus. */
  readonly followedEventId: string | null;
  /** Positions of shown events by id, for keyboard navigation. */
  readonly #positions: ReadonlyMap<string, number>;

  filter = $state.raw<TimelineFilter>(EMPTY_FILTER);
  /** The event whose card holds the roving focus (keyboard navigation starts here). */
  focusedId = $state<string | null>(null);
  /** The event open for editing (or, for viewers, for reading with live cursors). */
  openId = $state<string | null>(null);
  /** The person being followed, by user id. */
  followingUserId = $state<string | null>(null);
  scrollRequest = $state<ScrollRequest | null>(null);
  /** The event just deleted, for the "Undo" toast. */
  deleted = $state.raw<DeletedNotice | null>(null);
  #serial = 0;

  constructor(session: IncidentSession, preferences: Preferences, lastVisit: LastVisit, referenceZone: () => string) {
    this.session = session;
    this.#preferences = preferences;
    this.lastVisit = lastVisit;

    this.referenceZone = $derived(session.meta?.referenceTimeZone ?? referenceZone());
    this.zone = $derived.by(() => {
      switch (preferences.timeZoneMode) {
        case 'utc':
          return 'UTC';
        case 'reference':
          return this.referenceZone;
        default:
          return this.localZone;
      }
    });
    this.formatter = $derived(zoneFormatter(this.zone));
    // Typing changes an event's text and nothing else; what depends only on the order, or on fields other than the
    // text, is not recomputed for it (in a 10,000-event incident each of these walks every event).
    this.shown = $derived.by(() => {
      const filter = this.filter;
      if (filter.text.trim()) return applyFilter(session.events, filter);
      if (isFilterEmpty(filter)) void session.structureVersion;
      else void session.fieldsVersion;
      return untrack(() => applyFilter(session.events, filter));
    });
    this.facets = $derived.by(() => {
      const filter = this.filter;
      if (filter.text.trim()) return facetCounts(session.events, filter);
      void session.fieldsVersion;
      return untrack(() => facetCounts(session.events, filter));
    });
    this.rows = $derived(buildRows(this.shown, this.formatter));
    this.filtered = $derived(!isFilterEmpty(this.filter));
    this.#positions = $derived(positionsById(this.shown));
    this.news = $derived.by(() => {
      if (lastVisit.baseline === null) return [];
      // Creation and update stamps are fields: text-only updates cannot change what is news.
      void session.fieldsVersion;
      return untrack(() => session.events.filter((event) => lastVisit.status(event) !== null));
    });
    this.following = $derived(session.presence.peers.find((peer) => peer.userId === this.followingUserId) ?? null);
    this.followedEventId = $derived(this.following ? (this.following.editing ?? this.following.focus) : null);
  }

  get zoneMode(): TimeZoneMode {
    return this.#preferences.timeZoneMode;
  }

  setZoneMode(mode: TimeZoneMode): Promise<void> {
    return this.#preferences.setTimeZoneMode(mode);
  }

  isShown(id: string): boolean {
    return this.#positions.has(id);
  }

  setFilter(filter: TimelineFilter): void {
    this.filter = filter;
  }

  clearFilters(): void {
    this.filter = EMPTY_FILTER;
  }

  focus(id: string | null): void {
    this.focusedId = id;
    this.session.presence.setFocus(id);
  }

  open(id: string): void {
    this.openId = id;
    this.focus(id);
    // A viewer reading an event is not editing it; others see them by their focus.
    this.session.presence.setEditing(this.session.canEdit ? id : null);
  }

  close(): void {
    this.openId = null;
    this.session.presence.setEditing(null);
  }

  /** The shown event `step` places after (or before, when negative) the focused one. */
  neighbour(step: number): string | null {
    if (this.shown.length === 0) return null;
    const current = this.focusedId === null ? -1 : (this.#positions.get(this.focusedId) ?? -1);
    const next = current === -1 ? (step > 0 ? 0 : this.shown.length - 1) : current + step;
    const clamped = Math.max(0, Math.min(this.shown.length - 1, next));
    return this.shown[clamped]?.id ?? null;
  }

  edge(which: 'first' | 'last'): string | null {
    return (which === 'first' ? this.shown[0] : this.shown.at(-1))?.id ?? null;
  }

  scrollTo(id: string, { align = 'nearest', focus = false }: { align?: 'nearest' | 'center'; focus?: boolean } = {}) {
    this.#serial += 1;
    this.scrollRequest = { id, align, focus, serial: this.#serial };
  }

  announceDeleted(step: unknown, event: IncidentEvent): void {
    const time = this.formatter.timeWithZone(event.occurredAt, event.precision);
    this.deleted = { step, id: event.id, description: `${time}${event.actor ? ` (${event.actor})` : ''}` };
  }

  /** Brings the deleted event back, if the deletion is still the latest change this person made. */
  undoDelete(): boolean {
    const notice = this.deleted;
    this.deleted = null;
    if (!notice || !this.session.isLatestUndo(notice.step)) return false;
    this.session.undo();
    this.focus(notice.id);
    this.scrollTo(notice.id, { focus: true });
    return true;
  }

  follow(userId: string): void {
    this.followingUserId = userId;
  }

  stopFollowing(): void {
    this.followingUserId = null;
  }
}

export const [getTimelineView, setTimelineView] = createContext<TimelineView>();
