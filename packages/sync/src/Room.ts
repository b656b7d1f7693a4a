import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import type { Connection } from './Connection.ts';
import { encodeAwareness, encodeUpdate } from './frames.ts';
import type { ResolvedOptions } from './options.ts';
import type { RoomMember, RoomPort, SavedState } from './room-port.ts';
import { SyncError } from './SyncError.ts';
import type { ConnectionContext, StoredDocument } from './types.ts';
import { UpdateCommitter } from './UpdateCommitter.ts';

type RoomState = 'loading' | 'ready' | 'failed' | 'destroyed';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export interface RoomHost {
  options: ResolvedOptions;
  /** The room is gone (unloaded, failed to load, or shut down); forget it so the next user loads afresh. */
  onDestroyed(room: Room): void;
}

/** Origin of the transaction that applies stored data; never persisted again. */
const LOAD_ORIGIN = Symbol('parallax-sync-load');
/** Default origin of `withDocument` changes: not a connection, so every connection receives them. */
const SERVER_ORIGIN = Symbol('parallax-sync-server');

/**
 * One document in memory: the Y.Doc, its awareness, its connections and its persistence.
 *
 * Lifecycle: loading -> ready -> destroyed, or loading -> failed. Nothing is answered before the load finishes
 * (SYNC-LOAD-1), and a room whose load failed has no committer at all, so it cannot write (SYNC-LOAD-6).
 */
export class Room implements RoomPort {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly host: RoomHost;
  private readonly options: ResolvedOptions;
  /** Keyed by the member so removeConnection needs no cast; key and value are the same object. */
  private readonly connections = new Map<RoomMember, Connection>();
  private readonly awarenessOwners = new Map<number, RoomMember>();
  private readonly awarenessUsers = new Map<number, string>();
  private readonly loading: Promise<boolean>;
  private state: RoomState = 'loading';
  private committer: UpdateCommitter | null = null;
  private holds = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private unloading = false;

  constructor(docId: string, host: RoomHost) {
    this.docId = docId;
    this.host = host;
    this.options = host.options;
    this.doc = new Y.Doc({ gc: true });
    this.awareness = new Awareness(this.doc);
    // The server is not a participant: it must not announce a presence of its own.
    this.awareness.setLocalState(null);
    // Started after construction so even a store that throws synchronously fails the load through the same path,
    // after the server has registered this room.
    this.loading = Promise.resolve().then(() => this.load());
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get pendingUpdates(): number {
    return this.committer?.pendingCount ?? 0;
  }

  /** Resolves when the document is loaded; rejects with SyncError if it cannot be. */
  async ready(): Promise<void> {
    const loaded = await this.loading;
    if (!loaded) throw new SyncError('LOAD_FAILED', `document ${this.docId} could not be loaded`);
    if (this.state !== 'ready') throw new SyncError('ROOM_CLOSED', `document ${this.docId} was unloaded`);
  }

  addConnection(connection: Connection): void {
    this.connections.set(connection, connection);
    connection.attach(this);
    this.cancelIdle();
    this.options.metric({ type: 'connection-opened', docId: this.docId });
    if (this.state === 'ready') connection.start();
  }

  removeConnection(member: RoomMember): void {
    const connection = this.connections.get(member);
    if (connection === undefined) return;
    this.connections.delete(member);
    const clientId = connection.awarenessClientId;
    if (clientId !== null && this.awarenessOwners.get(clientId) === connection) {
      this.awarenessOwners.delete(clientId);
      // SYNC-AWARE-4: the others see this presence leave now, not after the 30 s awareness timeout.
      if (this.state === 'ready') removeAwarenessStates(this.awareness, [clientId], connection);
    }
    this.scheduleIdle();
  }

  claimAwarenessClient(member: RoomMember, clientId: number, clock: number): boolean {
    const owner = this.awarenessOwners.get(clientId);
    if (owner !== undefined && owner !== member) return false;
    const user = this.awarenessUsers.get(clientId);
    if (user !== undefined && user !== member.context.userId) return false;
    // An entry the room already has (same or older clock) is an echo of someone else's state, not a claim.
    const known = this.awareness.meta.get(clientId)?.clock ?? 0;
    if (clock <= known) return false;
    this.awarenessOwners.set(clientId, member);
    this.awarenessUsers.set(clientId, member.context.userId);
    return true;
  }

  savedState(): SavedState {
    const committer = this.requireCommitter();
    return {
      stateVector: committer.stateVector,
      applied: committer.appliedCount,
      committed: committer.committedCount,
    };
  }

  /** Keeps the room loaded while an API call uses it. Pair with `release`. */
  acquire(): void {
    this.holds++;
    this.cancelIdle();
  }

  release(): void {
    this.holds--;
    this.scheduleIdle();
  }

  /** Runs fn in one transaction; returns the applied count to wait for to know the change is stored. */
  transact(fn: (doc: Y.Doc) => void, origin: unknown): number {
    const committer = this.requireCommitter();
    this.doc.transact(() => fn(this.doc), origin ?? SERVER_ORIGIN);
    return committer.appliedCount;
  }

  waitForCommit(target: number): Promise<void> {
    return this.requireCommitter().waitFor(target);
  }

  /** Resolves when everything applied so far is stored. A room that failed to load has nothing to flush. */
  async flush(): Promise<void> {
    const loaded = await this.loading;
    if (!loaded || this.committer === null) return;
    await this.committer.flush();
  }

  closeConnections(predicate: (context: ConnectionContext) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const connection of [...this.connections.values()]) {
      if (!predicate(connection.context)) continue;
      connection.close(code, reason);
      closed++;
    }
    return closed;
  }

  /** Frees the document. Callers flush first; connections still open are closed with `code`. */
  destroy(code: number = CloseCode.SHUTTING_DOWN, reason = 'document unloaded'): void {
    if (this.state === 'destroyed') return;
    const wasReady = this.state === 'ready';
    this.state = 'destroyed';
    this.cancelIdle();
    for (const connection of [...this.connections.values()]) connection.close(code, reason);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    if (wasReady) this.options.metric({ type: 'room-unloaded', docId: this.docId });
    this.host.onDestroyed(this);
  }

  private async load(): Promise<boolean> {
    const started = performance.now();
    let stored: StoredDocument;
    try {
      stored = await this.options.store.load(this.docId);
      this.applyStored(stored);
    } catch (error) {
      this.failLoad(error, performance.now() - started);
      return false;
    }
    if (this.state !== 'loading') return false;
    const lastSeq = stored.updates.reduce((max, row) => Math.max(max, row.seq), stored.checkpointSeq);
    const logBytes = stored.updates.reduce((sum, row) => sum + row.update.byteLength, 0);
    this.committer = new UpdateCommitter({
      docId: this.docId,
      doc: this.doc,
      options: this.options,
      lastSeq,
      logUpdates: stored.updates.length,
      logBytes,
      onCommitted: () => this.notifySaved(),
    });
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.state = 'ready';
    const durationMs = performance.now() - started;
    this.options.metric({
      type: 'room-loaded',
      docId: this.docId,
      durationMs,
      updates: stored.updates.length,
      bytes: logBytes + (stored.checkpoint?.byteLength ?? 0),
    });
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
      this.options.logger.warn(
        { docId: this.docId },
        'sync loaded document has updates with missing dependencies; they stay pending until clients supply them',
      );
    }
    for (const connection of [...this.connections.values()]) connection.start();
    this.scheduleIdle();
    return true;
  }

  private applyStored(stored: StoredDocument): void {
    Y.transact(
      this.doc,
      () => {
        if (stored.checkpoint !== null) Y.applyUpdate(this.doc, stored.checkpoint, LOAD_ORIGIN);
        for (const row of stored.updates) Y.applyUpdate(this.doc, row.update, LOAD_ORIGIN);
      },
      LOAD_ORIGIN,
    );
  }

  /** SYNC-LOAD-6: close everyone waiting, write nothing, and let the next connection try again. */
  private failLoad(error: unknown, durationMs: number): void {
    if (this.state !== 'loading') return;
    this.state = 'failed';
    this.options.logger.error({ err: error, docId: this.docId }, 'sync document load failed');
    this.options.metric({ type: 'room-load-failed', docId: this.docId, durationMs });
    for (const connection of [...this.connections.values()]) {
      connection.close(CloseCode.LOAD_FAILED, 'document could not be loaded');
    }
    this.awareness.destroy();
    this.doc.destroy();
    this.host.onDestroyed(this);
  }

  /** Every change, whoever made it: broadcast to the others (SYNC-PROTO-4), then queue it for the store. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const frame = encodeUpdate(update);
    for (const connection of this.connections.values()) {
      if (connection !== origin) connection.send(frame);
    }
    this.requireCommitter().enqueue(update);
    this.options.metric({ type: 'update-applied', docId: this.docId, bytes: update.byteLength });
  };

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length === 0) return;
    const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, clients));
    for (const connection of this.connections.values()) {
      if (connection !== origin) connection.send(frame);
    }
  };

  private notifySaved(): void {
    for (const connection of [...this.connections.values()]) connection.notifySaved();
  }

  private requireCommitter(): UpdateCommitter {
    if (this.committer === null) throw new Error(`room ${this.docId} is not loaded`);
    return this.committer;
  }

  private cancelIdle(): void {
    if (this.idleTimer === null) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private canUnload(): boolean {
    return this.state === 'ready' && this.connections.size === 0 && this.holds === 0;
  }

  private scheduleIdle(): void {
    if (!this.canUnload() || this.idleTimer !== null || this.unloading) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      void this.unload();
    }, this.options.idleUnloadMs);
  }

  /**
   * SYNC-IDLE-1..3: flush, compact, then free the room, unless someone came back meanwhile. A store that keeps
   * failing keeps `flush` waiting, and so keeps the room (and its updates) in memory.
   */
  private async unload(): Promise<void> {
    const committer = this.committer;
    if (!this.canUnload() || committer === null) return;
    this.unloading = true;
    try {
      await committer.flush();
      if (!this.canUnload()) return;
      await committer.compactWhenIdle();
      if (!this.canUnload() || !committer.idle) return;
      this.options.logger.info({ docId: this.docId }, 'sync unloading idle document');
      this.destroy();
    } catch (error) {
      this.options.logger.error({ err: error, docId: this.docId }, 'sync idle unload failed; keeping the document');
    } finally {
      this.unloading = false;
      this.scheduleIdle();
    }
  }
}
