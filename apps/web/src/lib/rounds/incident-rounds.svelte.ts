/**
 * The calibration rounds of the open incident, shared by the tab bar (its count), the notice above the workspace and
 * the "Rounds & history" tab. Rounds live in the database, not in the synced document, so nothing pushes a new round
 * to a page that is already open: the list is asked for again whenever the page comes back into view or gains focus,
 * and every half minute while it is on screen, so a round opened while someone reads the timeline reaches them.
 */
import { createContext } from 'svelte';
import type { RoundSummary } from '../api.ts';
import { pendingRound } from './feedback.ts';

/** Often enough that a participant hears of a round within the minute, rare enough to cost nothing. */
export const ROUNDS_REFRESH_MS = 30_000;

export interface IncidentRoundsOptions {
  fetch: () => Promise<readonly RoundSummary[]>;
  /** The signed-in person: rounds they opened do not wait for them. */
  userId: string;
  online?: () => boolean;
  visible?: () => boolean;
  /** False once asking can only be refused (the person lost access, the incident is gone). */
  enabled?: () => boolean;
}

export class IncidentRounds {
  readonly #fetch: () => Promise<readonly RoundSummary[]>;
  readonly #online: () => boolean;
  readonly #visible: () => boolean;
  readonly #enabled: () => boolean;
  #running: Promise<void> | null = null;
  /** A refresh asked for while one was under way: the answer in flight may predate what prompted it. */
  #again = false;

  /** Newest first. */
  rounds = $state.raw<readonly RoundSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  /** The open round this person has not reviewed yet (the newest), for the notice. */
  readonly pending: { round: RoundSummary; others: number } | null;
  readonly openCount: number;

  constructor({
    fetch,
    userId,
    online = () => navigator.onLine,
    visible = () => document.visibilityState === 'visible',
    enabled = () => true,
  }: IncidentRoundsOptions) {
    this.#fetch = fetch;
    this.#enabled = enabled;
    this.pending = $derived(pendingRound(this.rounds, userId));
    this.openCount = $derived(this.rounds.filter((round) => round.status === 'open').length);
    this.#online = online;
    this.#visible = visible;
  }

  /** Asks the server for the list now (once, if a request is already under way, then once more after it). */
  refresh(): Promise<void> {
    if (!this.#enabled()) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#running;
  }

  /** For the timer and the focus events: skipped while hidden or offline, where it could only waste or fail. */
  refreshIfUseful(): void {
    if (this.#visible() && this.#online()) void this.refresh();
  }

  /** Puts a round the person just changed (opened, closed, reviewed) into the list without waiting for the server. */
  upsert(round: RoundSummary): void {
    const others = this.rounds.filter((one) => one.id !== round.id);
    this.rounds = [round, ...others].sort((a, b) => b.number - a.number);
  }

  /**
   * Starts refreshing: now, on the page gaining focus, coming back into view or back online, and on a timer. Returns
   * the stop function (for an effect's cleanup).
   */
  start(): () => void {
    // Not while offline (a reload without network), where it could only fail: `online` catches up.
    this.refreshIfUseful();
    const onFocus = () => this.refreshIfUseful();
    const timer = setInterval(onFocus, ROUNDS_REFRESH_MS);
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onFocus);
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onFocus);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }

  async #run(): Promise<void> {
    try {
      this.rounds = await this.#fetch();
      this.error = null;
      this.loaded = true;
    } catch (cause) {
      // The list already shown stays: a failed refresh says so without emptying it.
      this.error = cause instanceof Error ? cause.message : String(cause);
    }
  }
}

export const [getIncidentRounds, setIncidentRounds] = createContext<IncidentRounds>();
