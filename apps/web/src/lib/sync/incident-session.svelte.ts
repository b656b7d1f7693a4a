/**
 * One open incident: its Y.Doc, the websocket provider that syncs it, the IndexedDB copy that keeps offline edits
 * across reloads, presence, undo, and the reactive views the UI renders. Components never hold the doc themselves;
 * they read `session.events` and friends and write through the command methods, which go through the model's
 * validation (event text is the exception: editors bind to its Y.Text, see `eventText`).
 */
import { createContext } from 'svelte';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import {
  addEvent,
  addEventTag,
  createIncidentDoc,
  deleteEvent,
  eventText,
  metaMap,
  narrativeText,
  perspectiveText,
  questionText,
  factorDescription,
  actionItemDescription,
  readMeta,
  removeEventTag,
  updateEvent,
  type ActionItem,
  type CommandContext,
  type EventInput,
  type EventPatch,
  type Factor,
  type IncidentEvent,
  type Perspective,
  type PerspectiveField,
  type Question,
} from '@parallax/model';
import { CloseCode } from '@parallax/sync';
import { trackSaved, type SavedStatus } from '@parallax/sync/client';
import type { Role } from '../api.ts';
import { canEdit } from '../auth/roles.ts';
import { EventIndex } from '../timeline/event-index.ts';
import type { AccessCheck } from './access.ts';
import { countByEvent, observeAnalysis, readAnalysis } from './analysis-index.ts';
import { offlineCopyName, pendingChangesKey } from './offline-copies.ts';
import { TextStampClock, createPersonalUndoManager, stampEvent } from './local-edits.ts';
import { Presence } from './presence.svelte.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What the saved-status pill says; one value so the UI cannot show contradicting states. */
export type SaveState =
  'connecting' | 'saved' | 'saving' | 'offline-unsaved' | 'offline-saved' | 'rejected' | 'closed' | 'no-access';

export interface IncidentSessionOptions {
  incidentId: string;
  /** The signed-in person, recorded on every edit and shown to others as present. */
  user: { id: string; name: string };
  /** Their role when the page loaded (from `GET /api/incidents/:id`). */
  role: Role;
  /** The `/sync` websocket endpoint, e.g. `wss://parallax.example/sync`; the provider appends `/<incidentId>`. */
  syncUrl: string;
  /** Asks the API what this person may do in the incident now; called when the server ends or refuses the socket. */
  checkAccess: () => Promise<AccessCheck>;
  /** Keep a copy in IndexedDB so offline edits survive a reload (default true). */
  offlineCopy?: boolean;
}

/** Close codes after which the socket may be fine again with a fresh look at the person's access. */
const ACCESS_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.MEMBERSHIP_CHANGED,
  CloseCode.UNAUTHORIZED,
  CloseCode.FORBIDDEN,
  CloseCode.NOT_FOUND,
]);

/** How often typing in one event refreshes its updatedAt, so "changed since your last visit" sees text edits. */
const TEXT_STAMP_INTERVAL_MS = 10_000;

export class IncidentSession {
  readonly incidentId: string;
  readonly userId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly presence: Presence;
  /**
   * Undo for this person's own changes only: tracks transactions with this client's origin (commands) and, while
   * an editor is open, that editor's sync origin (typing). Someone else's edits are never undone by my Ctrl+Z.
   */
  readonly undoManager: Y.UndoManager;
  readonly #checkAccess: () => Promise<AccessCheck>;
  readonly #index: EventIndex;
  readonly #persistence: IndexeddbPersistence | null;
  /** The origin of this client's command transactions. */
  readonly #origin = { source: 'parallax-web' };
  /** The origin of updatedAt stamps after typing: not tracked by undo (undoing text must not need two presses). */
  readonly #stampOrigin = { source: 'parallax-web-stamp' };
  readonly #stamps = new TextStampClock(TEXT_STAMP_INTERVAL_MS);

  #metaVersion = $state(0);
  #saved = $state<SavedStatus>({ saved: true, unsavedLocalChanges: false, rejected: false });

  /** Events in timeline order; unchanged events keep their object identity across updates. */
  events = $state.raw<readonly IncidentEvent[]>([]);
  /**
   * Bumped when events are added, removed or moved in time. Views that only need the order (rows, positions) read
   * this instead of `events`, so typing in a 10,000-event incident does not rebuild them on every keystroke.
   */
  structureVersion = $state(0);
  /** Bumped when any field but an event's text changes (or the structure does): filters, counts, marks. */
  fieldsVersion = $state(0);
  /** The analysis beside the timeline, ordered by creation; re-read when its collection changes. */
  perspectives = $state.raw<readonly Perspective[]>([]);
  questions = $state.raw<readonly Question[]>([]);
  factors = $state.raw<readonly Factor[]>([]);
  actionItems = $state.raw<readonly ActionItem[]>([]);
  /** The narrative's Markdown source. */
  narrative = $state('');
  readonly openQuestions = $derived(this.questions.filter((question) => question.status === 'open').length);
  /** Per event: how many perspectives and open questions it has, for the marks on its card. */
  readonly analysisByEvent = $derived(countByEvent(this.perspectives, this.questions));
  connection = $state<ConnectionStatus>('connecting');
  /**
   * The browser's own view of the network. A socket can look open for a long while after the network went away,
   * so "offline" must not wait for y-websocket to notice.
   */
  online = $state(navigator.onLine);
  /** True once the first full sync with the server finished. */
  hasSynced = $state(false);
  /** True once the local IndexedDB copy (possibly with offline edits) is loaded, or there is none. */
  localLoaded = $state(false);
  /** Set when the server closed the socket for good (e.g. the incident is gone), with its reason. */
  closedReason = $state<string | null>(null);
  /** What the person may do here; changes when an owner changes it (the server then closes the socket with 4409). */
  role = $state<Role>('viewer');
  /** Set, with the API's explanation, once the person may no longer open this incident at all. */
  accessRemoved = $state<string | null>(null);
  /** Local transactions since the server last said everything is stored; kept across reloads. */
  pendingChanges = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);

  /** Viewers, and anyone who lost access, are shown the timeline without anything that would change it. */
  readonly canEdit = $derived(this.accessRemoved === null && canEdit(this.role));

  /** Something to show: the server's document, or the local copy while the server is out of reach. */
  readonly ready = $derived(this.hasSynced || (this.localLoaded && this.events.length > 0));

  readonly meta = $derived.by(() => {
    void this.#metaVersion;
    return this.ready ? readMeta(this.doc) : null;
  });

  readonly saveState: SaveState = $derived.by(() => {
    if (this.accessRemoved !== null) return 'no-access';
    if (this.closedReason !== null) return 'closed';
    const { saved, unsavedLocalChanges, rejected } = this.#saved;
    if (this.connection !== 'connected' || !this.online) {
      if (unsavedLocalChanges || this.pendingChanges > 0) return 'offline-unsaved';
      return this.ready ? 'offline-saved' : 'connecting';
    }
    if (!this.hasSynced) return 'connecting';
    if (rejected) return 'rejected';
    return saved && !unsavedLocalChanges ? 'saved' : 'saving';
  });

  #teardown: (() => void)[] = [];
  #pendingTimer: ReturnType<typeof setTimeout> | null = null;
  #checking = false;
  #destroyed = false;
  /** Connection attempts refused or dropped before the socket opened, since the last open one. */
  #refusals = 0;

  constructor({ incidentId, user, role, syncUrl, checkAccess, offlineCopy = true }: IncidentSessionOptions) {
    this.incidentId = incidentId;
    this.userId = user.id;
    this.role = role;
    this.#checkAccess = checkAccess;
    this.doc = createIncidentDoc();
    this.pendingChanges = Number(localStorage.getItem(pendingChangesKey(incidentId, user.id)) ?? 0) || 0;

    // The local copy is opened before the socket so that offline edits from an earlier visit are in the document
    // when the first sync with the server compares states.
    this.#persistence = offlineCopy ? new IndexeddbPersistence(offlineCopyName(incidentId, user.id), this.doc) : null;
    if (this.#persistence) {
      void this.#persistence.whenSynced.then(() => {
        if (!this.#destroyed) this.localLoaded = true;
      });
    } else {
      this.localLoaded = true;
    }
    this.provider = new WebsocketProvider(syncUrl, incidentId, this.doc);
    this.presence = new Presence(this.provider.awareness, { userId: user.id, name: user.name });
    this.#teardown.push(() => this.presence.destroy());

    this.#index = new EventIndex(this.doc);
    this.events = this.#index.events;
    this.#teardown.push(
      this.#index.observe((change) => {
        this.events = this.#index.events;
        if (change.structure) this.structureVersion += 1;
        if (change.fields) this.fieldsVersion += 1;
      }),
    );

    Object.assign(this, readAnalysis(this.doc));
    this.#teardown.push(observeAnalysis(this.doc, (patch) => Object.assign(this, patch)));

    const meta = metaMap(this.doc);
    const onMeta = () => {
      this.#metaVersion += 1;
    };
    meta.observe(onMeta);
    this.#teardown.push(() => meta.unobserve(onMeta));

    this.undoManager = createPersonalUndoManager(this.doc, this.#origin);
    const onStack = () => {
      this.canUndo = this.undoManager.canUndo();
      this.canRedo = this.undoManager.canRedo();
    };
    for (const name of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
      this.undoManager.on(name, onStack);
    }
    this.#teardown.push(() => this.undoManager.destroy());

    const onTransaction = (transaction: Y.Transaction) => {
      // "Changes not saved yet" counts this person's own edits: typing, commands, undo. Updates that came from the
      // server or the local copy are not theirs to save.
      if (!transaction.local) return;
      if (transaction.changed.size === 0 && transaction.deleteSet.clients.size === 0) return;
      if (transaction.origin === this.#stampOrigin) return;
      this.#setPending(this.pendingChanges + 1);
    };
    this.doc.on('afterTransaction', onTransaction);
    this.#teardown.push(() => this.doc.off('afterTransaction', onTransaction));

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

    // A reload does not destroy the session: keep the count of changes not saved yet for the next page.
    const onPageHide = () => this.#storePending();
    window.addEventListener('pagehide', onPageHide);
    this.#teardown.push(() => window.removeEventListener('pagehide', onPageHide));

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
        // The server holds everything this client has (its edits from before a reload included): nothing pending.
        if (state.saved && !state.unsavedLocalChanges) this.#setPending(0);
      }),
    );
  }

  /** The live text of one event, for the collaborative editor; undefined while the event is unknown here. */
  eventText(id: string): Y.Text | undefined {
    return eventText(this.doc, id);
  }

  /** The collaborative texts of the analysis, for editors; undefined while the entry is unknown here. */
  perspectiveText(id: string, field: PerspectiveField): Y.Text | undefined {
    return perspectiveText(this.doc, id, field);
  }

  questionText(id: string, field: 'text' | 'answer'): Y.Text | undefined {
    return questionText(this.doc, id, field);
  }

  factorDescription(id: string): Y.Text | undefined {
    return factorDescription(this.doc, id);
  }

  actionItemDescription(id: string): Y.Text | undefined {
    return actionItemDescription(this.doc, id);
  }

  narrativeText(): Y.Text {
    return narrativeText(this.doc);
  }

  /**
   * Runs one of the model's commands as this person, as one undo step: `session.edit((doc, ctx) =>
   * addPerspective(doc, input, ctx))`. Throws the model's errors (ModelValidationError for invalid input).
   */
  edit<T>(command: (doc: Y.Doc, ctx: CommandContext) => T): T {
    this.undoManager.stopCapturing();
    const result = command(this.doc, this.#ctx());
    this.undoManager.stopCapturing();
    return result;
  }

  event(id: string): IncidentEvent | undefined {
    return this.#index.get(id);
  }

  /** Adds an event and returns its id. Throws the model's ModelValidationError for invalid input. */
  addEvent(input: EventInput): string {
    this.undoManager.stopCapturing();
    const id = addEvent(this.doc, input, this.#ctx());
    this.undoManager.stopCapturing();
    return id;
  }

  updateEvent(id: string, patch: EventPatch): boolean {
    this.undoManager.stopCapturing();
    return updateEvent(this.doc, id, patch, this.#ctx());
  }

  addTag(id: string, tag: string): boolean {
    this.undoManager.stopCapturing();
    return addEventTag(this.doc, id, tag, this.#ctx());
  }

  removeTag(id: string, tag: string): boolean {
    this.undoManager.stopCapturing();
    return removeEventTag(this.doc, id, tag, this.#ctx());
  }

  /**
   * Deletes an event as one undo step of its own (so the "Undo" right after brings back exactly it). Returns that
   * step, to tell whether it is still the latest.
   */
  deleteEvent(id: string): unknown {
    this.undoManager.stopCapturing();
    deleteEvent(this.doc, id, this.#ctx());
    const step = this.undoManager.undoStack.at(-1);
    this.undoManager.stopCapturing();
    return step;
  }

  /** Whether `step` (from `deleteEvent`) is the change Undo would revert now. */
  isLatestUndo(step: unknown): boolean {
    return step !== undefined && this.undoManager.undoStack.at(-1) === step;
  }

  undo(): boolean {
    if (!this.canEdit) return false;
    return this.undoManager.undo() !== null;
  }

  redo(): boolean {
    if (!this.canEdit) return false;
    return this.undoManager.redo() !== null;
  }

  /**
   * Called as the person types into an event's text. Text lives in a Y.Text that no command writes, so without
   * this the event's updatedAt would never move and "changed since your last visit" would miss text edits.
   * At most every few seconds per event, plus once when the editor closes (`final`).
   */
  noteTextEdited(id: string, { final = false }: { final?: boolean } = {}): void {
    if (!this.canEdit || !this.#stamps.due(id, Date.now(), final)) return;
    stampEvent(this.doc, id, this.userId, Date.now(), this.#stampOrigin);
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

  #setPending(count: number): void {
    if (this.pendingChanges === count) return;
    this.pendingChanges = count;
    // Written at most every quarter second while typing (and at once when everything is saved): storage is
    // synchronous, and the count only has to survive a reload.
    if (count === 0) this.#storePending();
    else this.#pendingTimer ??= setTimeout(() => this.#storePending(), 250);
  }

  #storePending(): void {
    if (this.#pendingTimer !== null) clearTimeout(this.#pendingTimer);
    this.#pendingTimer = null;
    const key = pendingChangesKey(this.incidentId, this.userId);
    if (this.pendingChanges === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, String(this.pendingChanges));
  }

  /** Disconnects and frees the document; the session is unusable afterwards. */
  destroy(): void {
    this.#destroyed = true;
    this.#storePending();
    for (const teardown of this.#teardown.splice(0).reverse()) teardown();
    this.provider.destroy();
    // Destroying the doc also closes the IndexedDB copy (after its pending writes).
    this.doc.destroy();
  }

  #ctx() {
    // The server drops a viewer's writes anyway; failing here makes a UI that offered one anyway a visible bug
    // instead of an edit that silently never arrives.
    if (!this.canEdit) throw new Error('This person may not edit this incident.');
    return { userId: this.userId, origin: this.#origin };
  }
}

export const [getIncidentSession, setIncidentSession] = createContext<IncidentSession>();

/** The sync endpoint of the server this page was loaded from. */
export function syncUrlFor(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}
