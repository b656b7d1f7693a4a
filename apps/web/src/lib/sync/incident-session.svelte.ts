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
import { CloseCode } from '@parallax/sync';
import { trackSaved } from '@parallax/sync/client';
import type { Role } from '$lib/api.ts';
import { canEdit } from '$lib/auth/roles.ts';
import type { AccessCheck } from './access.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What the saved-status pill says; one value so the UI cannot show contradicting states. */
export type SaveState =
  'connecting' | 'saved' | 'saving' | 'offline-unsaved' | 'offline-saved' | 'closed' | 'no-access';

export interface IncidentSessionOptions {
  incidentId: string;
  /** The signed-in person's id, recorded on every edit. */
  userId: string;
  /** Their role when the page loaded (from `GET /api/incidents/:id`). */
  role: Role;
  /** The `/sync` websocket endpoint, e.g. `wss://parallax.example/sync`; the provider appends `/<incidentId>`. */
  syncUrl: string;
  /** Asks the API what this person may do in the incident now; called when the server ends or refuses the socket. */
  checkAccess: () => Promise<AccessCheck>;
}

/** Close codes after which the socket may be fine again with a fresh look at the person's access. */
const ACCESS_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.MEMBERSHIP_CHANGED,
  CloseCode.UNAUTHORIZED,
  CloseCode.FORBIDDEN,
  CloseCode.NOT_FOUND,
]);

export class IncidentSession {
  readonly incidentId: string;
  readonly userId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly #checkAccess: () => Promise<AccessCheck>;

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
  /** What the person may do here; changes when an owner changes it (the server then closes the socket with 4409). */
  role = $state<Role>('viewer');
  /** Set, with the API's explanation, once the person may no longer open this incident at all. */
  accessRemoved = $state<string | null>(null);
  /** Viewers, and anyone who lost access, are shown the timeline without anything that would change it. */
  readonly canEdit = $derived(this.accessRemoved === null && canEdit(this.role));

  readonly events = $derived.by(() => {
    void this.#version;
    return listEvents(this.doc);
  });

  readonly meta = $derived.by(() => {
    void this.#version;
    return this.hasSynced ? readMeta(this.doc) : null;
  });

  readonly saveState: SaveState = $derived.by(() => {
    if (this.accessRemoved !== null) return 'no-access';
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
  #checking = false;
  #destroyed = false;
  /** Connection attempts refused or dropped before the socket opened, since the last open one. */
  #refusals = 0;

  constructor({ incidentId, userId, role, syncUrl, checkAccess }: IncidentSessionOptions) {
    this.incidentId = incidentId;
    this.userId = userId;
    this.role = role;
    this.#checkAccess = checkAccess;
    this.doc = createIncidentDoc();
    this.provider = new WebsocketProvider(syncUrl, incidentId, this.doc);

    const onUpdate = () => {
      this.#version += 1;
    };
    this.doc.on('update', onUpdate);
    this.#teardown.push(() => this.doc.off('update', onUpdate));

    const onStatus = ({ status }: { status: ConnectionStatus }) => {
      this.connection = status;
      if (status === 'connected') this.#refusals = 0;
    };
    this.provider.on('status', onStatus);
    this.#teardown.push(() => this.provider.off('status', onStatus));

    const onSync = (synced: boolean) => {
      if (synced) this.hasSynced = true;
    };
    this.provider.on('sync', onSync);
    this.#teardown.push(() => this.provider.off('sync', onSync));

    const onClosed = ({ code, reason }: { code: number; reason: string }) => {
      // y-websocket stops for good on 44xx codes. A role change (4409) or a lost session is not the end of the
      // timeline: ask the API what this person may do now, then reconnect or say why not.
      if (ACCESS_CLOSE_CODES.has(code)) {
        void this.#recheckAccess();
        return;
      }
      this.closedReason = reason || `The server closed the connection (code ${code}).`;
    };
    this.provider.on('closed', onClosed);
    this.#teardown.push(() => this.provider.off('closed', onClosed));

    // The server refuses the upgrade itself (no session, no access) with a plain HTTP answer the browser does not
    // show us; the socket just fails before opening, like a network failure, and y-websocket retries forever.
    // Asking the API tells the two apart. Backing off (1st, 2nd, 4th, 8th… refusal) keeps a long outage quiet.
    const onConnectionClose = (event: CloseEvent | null) => {
      if (event === null || this.connection !== 'connecting') return;
      this.#refusals += 1;
      if ((this.#refusals & (this.#refusals - 1)) === 0) void this.#recheckAccess();
    };
    this.provider.on('connection-close', onConnectionClose);
    this.#teardown.push(() => this.provider.off('connection-close', onConnectionClose));

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

  async #recheckAccess(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    let result: AccessCheck;
    try {
      result = await this.#checkAccess();
    } finally {
      this.#checking = false;
    }
    // The page may have been left (or the person sent to sign in) while the API answered: a destroyed provider
    // must not be told to connect again.
    if (this.#destroyed || result.status === 'signed-out') return;
    if (result.status === 'denied') {
      this.accessRemoved = result.message;
      this.provider.disconnect();
      return;
    }
    if (result.status === 'allowed') {
      this.role = result.role;
      this.accessRemoved = null;
    }
    // After a 44xx close the provider waits for us. When the API could not be asked (offline), connecting anyway is
    // right too: if access is gone, the refused upgrade brings us back here.
    if (!this.provider.shouldConnect) this.provider.connect();
  }

  /** Disconnects and frees the document; the session is unusable afterwards. */
  destroy(): void {
    this.#destroyed = true;
    for (const teardown of this.#teardown.splice(0).reverse()) teardown();
    this.provider.destroy();
    this.doc.destroy();
  }

  #ctx() {
    // The server drops a viewer's writes anyway; failing here makes a UI that offered one anyway a visible bug
    // instead of an edit that silently never arrives.
    if (!this.canEdit) throw new Error('This person may not edit this incident.');
    return { userId: this.userId };
  }
}

export const [getIncidentSession, setIncidentSession] = createContext<IncidentSession>();

/** The sync endpoint of the server this page was loaded from. */
export function syncUrlFor(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}
