/**
 * One open incident: its Y.Doc, the websocket provider that syncs it, and the reactive views the UI renders.
 * Components never hold the doc themselves; they read `session.events` and friends (plain objects re-derived on
 * every document update) and write through the command methods, which go through the model's validation.
 */
import { createContext } from 'svelte';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import {
  addEvent,
  createIncidentDoc,
  deleteEvent,
  eventText,
  listEvents,
  readMeta,
  updateEvent,
  type EventInput,
  type EventPatch,
} from '@parallax/model';
import { trackSaved } from '@parallax/sync/client';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What the saved-status pill says; one value so the UI cannot show contradicting states. */
export type SaveState = 'connecting' | 'saved' | 'saving' | 'offline-unsaved' | 'offline-saved' | 'closed';

export interface IncidentSessionOptions {
  incidentId: string;
  userId: string;
  /** The `/sync` websocket endpoint, e.g. `wss://parallax.example/sync`; the provider appends `/<incidentId>`. */
  syncUrl: string;
}

export class IncidentSession {
  readonly incidentId: string;
  readonly userId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;

  /** Bumped on every document update; the derived views below read it to know when to re-derive. */
  #version = $state(0);
  #saved = $state({ saved: true, unsavedLocalChanges: false });

  connection = $state<ConnectionStatus>('connecting');
  /**
   * The browser's own view of the network. A socket can look open for a long while after the network went away,
   * so "offline" must not wait for y-websocket to notice.
   */
  online = $state(navigator.onLine);
  /** True once the first full sync with the server finished; before that an empty timeline means "loading". */
  hasSynced = $state(false);
  /** Set when the server closed the socket for good (e.g. the incident is gone), with its reason. */
  closedReason = $state<string | null>(null);

  readonly events = $derived.by(() => {
    void this.#version;
    return listEvents(this.doc);
  });

  readonly meta = $derived.by(() => {
    void this.#version;
    return this.hasSynced ? readMeta(this.doc) : null;
  });

  readonly saveState: SaveState = $derived.by(() => {
    if (this.closedReason !== null) return 'closed';
    const { saved, unsavedLocalChanges } = this.#saved;
    if (this.connection !== 'connected' || !this.online) {
      if (unsavedLocalChanges) return 'offline-unsaved';
      return this.hasSynced ? 'offline-saved' : 'connecting';
    }
    if (!this.hasSynced) return 'connecting';
    return saved && !unsavedLocalChanges ? 'saved' : 'saving';
  });

  #teardown: (() => void)[] = [];

  constructor({ incidentId, userId, syncUrl }: IncidentSessionOptions) {
    this.incidentId = incidentId;
    this.userId = userId;
    this.doc = createIncidentDoc();
    this.provider = new WebsocketProvider(syncUrl, incidentId, this.doc);

    const onUpdate = () => {
      this.#version += 1;
    };
    this.doc.on('update', onUpdate);
    this.#teardown.push(() => this.doc.off('update', onUpdate));

    const onStatus = ({ status }: { status: ConnectionStatus }) => {
      this.connection = status;
    };
    this.provider.on('status', onStatus);
    this.#teardown.push(() => this.provider.off('status', onStatus));

    const onSync = (synced: boolean) => {
      if (synced) this.hasSynced = true;
    };
    this.provider.on('sync', onSync);
    this.#teardown.push(() => this.provider.off('sync', onSync));

    const onClosed = ({ code, reason }: { code: number; reason: string }) => {
      this.closedReason = reason || `The server closed the connection (code ${code}).`;
    };
    this.provider.on('closed', onClosed);
    this.#teardown.push(() => this.provider.off('closed', onClosed));

    const onNetwork = () => {
      this.online = navigator.onLine;
    };
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    this.#teardown.push(() => {
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
    });

    this.#teardown.push(
      trackSaved(this.provider, this.doc, (state) => {
        this.#saved = state;
      }),
    );
  }

  /** The live text of one event, for `bindText`; undefined while the event is unknown here. */
  eventText(id: string): Y.Text | undefined {
    void this.#version;
    return eventText(this.doc, id);
  }

  /** Adds an event and returns its id. Throws the model's ModelValidationError for invalid input. */
  addEvent(input: EventInput): string {
    return addEvent(this.doc, input, this.#ctx());
  }

  updateEvent(id: string, patch: EventPatch): void {
    updateEvent(this.doc, id, patch, this.#ctx());
  }

  deleteEvent(id: string): void {
    deleteEvent(this.doc, id, this.#ctx());
  }

  /** Disconnects and frees the document; the session is unusable afterwards. */
  destroy(): void {
    for (const teardown of this.#teardown.splice(0).reverse()) teardown();
    this.provider.destroy();
    this.doc.destroy();
  }

  #ctx() {
    return { userId: this.userId };
  }
}

export const [getIncidentSession, setIncidentSession] = createContext<IncidentSession>();

/** The sync endpoint of the server this page was loaded from. */
export function syncUrlFor(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}
