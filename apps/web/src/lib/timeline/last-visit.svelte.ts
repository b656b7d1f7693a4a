/**
 * "New since your last visit": events someone else created or changed after this person last looked at the
 * incident are marked. The moment of the last look is stored per person per incident (on the server); it moves
 * forward when they mark everything as seen or leave the page. What was marked on arrival stays marked while they
 * read, until they say they have seen it.
 */
import type { IncidentEvent } from '@parallax/model';
import { ApiError, type Api } from '../api.ts';
import { isoAt } from '../time.ts';

export type Newness = 'new' | 'changed';

/** Whether `event` is news to `userId`, who last looked at `baseline` (null: never looked, nothing is news). */
export function newness(event: IncidentEvent, baseline: string | null, userId: string): Newness | null {
  if (baseline === null) return null;
  const since = Date.parse(baseline);
  if (Date.parse(event.createdAt) > since) return event.createdBy === userId ? null : 'new';
  if (Date.parse(event.updatedAt) > since) return event.updatedBy === userId ? null : 'changed';
  return null;
}

/** Where the last look is kept; failures are ApiErrors. */
export interface LastViewRemote {
  load(): Promise<string | null>;
  save(at: string): Promise<void>;
  /**
   * Saves while the page is being left: must start its request before returning (an unloading page runs no more
   * of our code). Resolves false when the server did not store it.
   */
  saveOnLeave(at: string): Promise<boolean>;
}

export class LastVisit {
  readonly #remote: LastViewRemote;
  readonly #userId: string;

  /** When this person last looked, as of arriving (or of "mark all as seen"); null on a first visit. */
  baseline = $state<string | null>(null);
  loaded = $state(false);
  /** The last save failed (offline, or the server refused); marking is then only for this page. */
  error = $state<string | null>(null);

  constructor(remote: LastViewRemote, userId: string) {
    this.#remote = remote;
    this.#userId = userId;
  }

  /**
   * Reads the last look, then records this arrival as the newest one. A save on leaving can be lost (the page is
   * killed, the browser drops the request as it unloads); with the arrival recorded, the next visit then compares
   * with when this one began, marking a little too much rather than everything or nothing.
   */
  async load(now: () => number = Date.now): Promise<void> {
    try {
      this.baseline = await this.#remote.load();
      this.error = null;
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      this.error = cause.message;
      return;
    } finally {
      this.loaded = true;
    }
    // Offline the page was opened from its copies; the save would only fail (leaving records the visit later).
    if (typeof navigator !== 'undefined' && !navigator.onLine) return;
    await this.#save(isoAt(now()));
  }

  status(event: IncidentEvent): Newness | null {
    return newness(event, this.baseline, this.#userId);
  }

  /** Everything shown is now seen: the marks go, and the next visit compares with now. */
  async markAllSeen(now = Date.now()): Promise<void> {
    const at = isoAt(now);
    this.baseline = at;
    await this.#save(at);
  }

  /**
   * The person is leaving: remember now as their last look, without changing what this page marks. `unloading`:
   * the whole page is going away (pagehide), not just this incident (a link within the app).
   */
  recordLeave(now = Date.now(), { unloading = false }: { unloading?: boolean } = {}): void {
    const at = isoAt(now);
    if (!unloading) {
      void this.#save(at);
      return;
    }
    // The page may survive (back-forward cache), so the outcome is still worth knowing.
    this.#remote.saveOnLeave(at).then(
      (stored) => {
        this.error = stored ? null : 'The server did not store when you last looked.';
      },
      (cause: unknown) => {
        this.error = cause instanceof Error ? cause.message : String(cause);
      },
    );
  }

  async #save(at: string): Promise<void> {
    try {
      await this.#remote.save(at);
      this.error = null;
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      this.error = cause.message;
    }
  }
}

/** The server's record of this person's last look at one incident (`/api/incidents/:id/last-view`). */
export function serverLastViewRemote(
  api: Pick<Api, 'getLastView' | 'putLastView' | 'putLastViewOnLeave'>,
  incidentId: string,
): LastViewRemote {
  return {
    load: () => api.getLastView(incidentId),
    save: async (at) => {
      await api.putLastView(incidentId, at);
    },
    saveOnLeave: async (at) => (await api.putLastViewOnLeave(incidentId, at)).ok,
  };
}
