import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import type { Connection } from './Connection.ts';
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from './frames.ts';
import type { ResolvedOptions } from './options.ts';
import type { AwarenessClaim, RoomMember, RoomPort, SavedState } from './room-port.ts';
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
  /** The room's load failed (SYNC-LOAD-7 backs off further loads of the document). */
  onLoadFailed(room: Room): void;
  /** The room loaded: any load backoff for the document ends. */
  onLoaded(room: Room): void;
}

/** Origin of the transaction that applies stored data; never persisted again. */
const LOAD_ORIGIN = Symbol('parallax-sync-load');
/** Origin of updates another process stored (SYNC-COMPACT-5): broadcast, never persisted again. */
const STORE_ORIGIN = Symbol('parallax-sync-store');
/** Default origin of `withDocument` changes: not a connection, so every connection receives them. */
const SERVER_ORIGIN = Symbol('parallax-sync-server');
const EMPTY_STATE_VECTOR = Uint8Array.of(0);

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
  /** Awareness ids whose owner left, oldest first, with when: forgotten after awarenessRetentionMs (SYNC-AWARE-9). */
  private readonly departed = new Map<number, number>();
  private readonly loading: Promise<boolean>;
  private state: RoomState = 'loading';
  private committer: UpdateCommitter | null = null;
  private stopping: Promise<void> | null = null;
  private holds = 0;
  private holdWaiters: (() => void)[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  private unloading = false;
  private queuedBytes = 0;
  /** The step 2 answering an empty state vector, for the current document version (SYNC-PROTO-3). */
  private fullState: Uint8Array | null = null;

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
      this.departed.delete(clientId);
      this.departed.set(clientId, Date.now());
      // SYNC-AWARE-4: the others see this presence leave now, not after the 30 s awareness timeout.
      if (this.state === 'ready') removeAwarenessStates(this.awareness, [clientId], connection);
    }
    this.pruneDeparted();
    this.scheduleIdle();
  }

  claimAwarenessClient(member: RoomMember, claim: AwarenessClaim): boolean {
    this.pruneDeparted();
    const { clientId } = claim;
    // A removal is never a claim: y-websocket clients echo the removals they see.
    if (claim.leaving) return false;
    const owner = this.awarenessOwners.get(clientId);
    if (owner !== undefined && owner !== member) return false;
    const user = this.awarenessUsers.get(clientId);
    if (user !== undefined && user !== member.context.userId) return false;
    const known = this.awareness.meta.get(clientId)?.clock ?? 0;
    // An entry with a clock the room already has (or older) is an echo of someone else's state (SYNC-AWARE-1) ...
    const newer = claim.clock > known;
    // ... unless it is this user's own id coming back: nobody holds it and this connection was never told about it,
    // as when a client reconnects and re-sends its state with the clock it had (SYNC-AWARE-7).
    const reclaim = user !== undefined && !this.awareness.states.has(clientId) && !claim.echoable;
    if (!newer && !reclaim) return false;
    this.awarenessOwners.set(clientId, member);
    this.awarenessUsers.set(clientId, member.context.userId);
    this.departed.delete(clientId);
    return true;
  }

  awarenessClock(clientId: number, clock: number, leaving: boolean): number {
    if (leaving || this.awareness.states.has(clientId)) return clock;
    const known = this.awareness.meta.get(clientId)?.clock ?? 0;
    // Peers saw the removal with clock `known`: a state with a clock not past it would be ignored by all of them.
    return Math.max(clock, known + 1);
  }

  savedState(): SavedState {
    const committer = this.requireCommitter();
    return {
      stateVector: committer.stateVector,
      applied: committer.appliedCount,
      committed: committer.committedCount,
    };
  }

  fullStateFrame(): Uint8Array {
    this.fullState ??= encodeSyncStep2(this.doc, EMPTY_STATE_VECTOR);
    return this.fullState;
  }

  reserveQueuedBytes(bytes: number): boolean {
    if (this.queuedBytes + bytes > this.options.maxRoomQueuedBytes) return false;
    this.queuedBytes += bytes;
    return true;
  }

  releaseQueuedBytes(bytes: number): void {
    this.queuedBytes = Math.max(0, this.queuedBytes - bytes);
  }

  /** Keeps the room loaded while an API call uses it. Pair with `release`. */
  acquire(): void {
    this.holds++;
    this.cancelIdle();
  }

  release(): void {
    this.holds--;
    if (this.holds === 0) for (const resolve of this.holdWaiters.splice(0)) resolve();
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

  /**
   * SYNC-LIFE-1: resolves once no API call holds the room and everything applied is stored, looping because a
   * call that was waiting for the load changes the document only after it. The caller closed the connections.
   */
  async drain(): Promise<void> {
    await this.loading;
    for (;;) {
      if (this.holds > 0) {
        await new Promise<void>((resolve) => this.holdWaiters.push(resolve));
        continue;
      }
      const committer = this.committer;
      if (committer === null || this.state !== 'ready') return;
      await committer.flush();
      if (this.holds === 0 && committer.pendingCount === 0) return;
    }
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

  /**
   * Frees the document. Callers flush (or drain) first; connections still open are closed with `code`. The commit
   * loop is stopped: it starts no compaction any more, and `stopped()` resolves once its last store call is done.
   */
  destroy(code: number = CloseCode.SHUTTING_DOWN, reason = 'document unloaded'): void {
    if (this.state === 'destroyed') return;
    const wasReady = this.state === 'ready';
    this.state = 'destroyed';
    this.cancelIdle();
    this.stopKeepAlive();
    for (const connection of [...this.connections.values()]) connection.close(code, reason);
    this.stopping = this.committer?.stop() ?? Promise.resolve();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.fullState = null;
    if (wasReady) this.options.metric({ type: 'room-unloaded', docId: this.docId });
    this.host.onDestroyed(this);
  }

  /** Resolves once a destroyed room's commit loop wrote its last byte. */
  stopped(): Promise<void> {
    return this.stopping ?? Promise.resolve();
  }

  private async load(): Promise<boolean> {
    const started = performance.now();
    let stored: StoredDocument;
    try {
      stored = await withTimeout(this.options.store.load(this.docId), this.options.loadTimeoutMs, this.docId);
      if (this.state !== 'loading') return false;
      this.applyStored(stored);
    } catch (error) {
      this.failLoad(error, performance.now() - started);
      return false;
    }
    if (this.state !== 'loading') return false;
    this.committer = new UpdateCommitter({
      docId: this.docId,
      doc: this.doc,
      options: this.options,
      log: stored.updates,
      checkpointSeq: stored.checkpointSeq,
      onCommitted: () => this.notifySaved(),
      applyForeign: (foreign) => this.applyForeign(foreign),
    });
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.state = 'ready';
    this.startKeepAlive();
    this.host.onLoaded(this);
    const durationMs = performance.now() - started;
    const logBytes = stored.updates.reduce((sum, row) => sum + row.update.byteLength, 0);
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

  /** SYNC-COMPACT-5: what another process stored joins the document and reaches every connection. */
  private applyForeign(stored: StoredDocument): void {
    if (this.state !== 'ready') return;
    Y.transact(
      this.doc,
      () => {
        if (stored.checkpoint !== null) Y.applyUpdate(this.doc, stored.checkpoint, STORE_ORIGIN);
        for (const row of stored.updates) Y.applyUpdate(this.doc, row.update, STORE_ORIGIN);
      },
      STORE_ORIGIN,
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
    this.host.onLoadFailed(this);
    this.host.onDestroyed(this);
  }

  /** Every change, whoever made it: broadcast to the others (SYNC-PROTO-4), then queue it for the store. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState = null;
    const frame = encodeUpdate(update);
    for (const connection of this.connections.values()) {
      if (connection !== origin) connection.send(frame);
    }
    // What another process stored is stored already.
    if (origin === STORE_ORIGIN) return;
    this.requireCommitter().enqueue(update);
    this.options.metric({ type: 'update-applied', docId: this.docId, bytes: update.byteLength });
  };

  /** SYNC-PROTO-6: to every connection, its sender included, like the reference y-websocket server. */
  private readonly onAwarenessUpdate = (change: AwarenessChange): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length === 0) return;
    const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, clients));
    for (const connection of this.connections.values()) connection.sendAwareness(frame, clients);
  };

  private notifySaved(): void {
    for (const connection of [...this.connections.values()]) connection.notifySaved();
  }

  /**
   * SYNC-AWARE-9: forgets the user and clock of ids whose owner left longer than awarenessRetentionMs ago, so a
   * long-lived room does not keep one entry per client that ever joined.
   */
  private pruneDeparted(): void {
    const cutoff = Date.now() - this.options.awarenessRetentionMs;
    for (const [clientId, leftAt] of this.departed) {
      if (leftAt > cutoff) break;
      this.departed.delete(clientId);
      if (this.awarenessOwners.has(clientId) || this.awareness.states.has(clientId)) continue;
      this.awarenessUsers.delete(clientId);
      this.awareness.meta.delete(clientId);
      for (const connection of this.connections.values()) connection.forgetAwareness(clientId);
    }
  }

  /** SYNC-PROTO-7: something reaches every connection at least every keepAliveMs. */
  private startKeepAlive(): void {
    const interval = this.options.keepAliveMs;
    if (interval <= 0) return;
    const half = Math.max(1, Math.floor(interval / 2));
    this.keepAliveTimer = setInterval(() => {
      const now = Date.now();
      for (const connection of this.connections.values()) connection.keepAlive(now, half);
    }, half);
    this.keepAliveTimer.unref?.();
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer === null) return;
    clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
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

/** SYNC-LOAD-8: a store call that never settles fails the load instead of keeping its connections forever. */
function withTimeout<T>(promise: Promise<T>, ms: number, docId: string): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`loading ${docId} took longer than ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
