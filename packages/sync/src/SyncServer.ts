import * as Y from 'yjs';
import { Backoff } from './Backoff.ts';
import { CloseCode } from './close-codes.ts';
import { Connection } from './Connection.ts';
import type { ResolvedOptions, SyncServerOptions } from './options.ts';
import { resolveOptions } from './options.ts';
import { Room } from './Room.ts';
import { SyncError } from './SyncError.ts';
import type { ConnectionContext, SyncSocket } from './types.ts';

export interface SyncServerStats {
  rooms: number;
  connections: number;
  /** Updates applied in memory but not yet durably stored, across all rooms. */
  pendingUpdates: number;
}

/**
 * The transport-agnostic sync server: one Room per loaded document, any socket that fits SyncSocket, any
 * DocumentStore. Behaviour is specified in packages/sync/SPEC.md.
 */
/** A document whose load failed recently: refused without touching the store until `retryAt` (SYNC-LOAD-7). */
interface LoadFailure {
  backoff: Backoff;
  retryAt: number;
}

/** At most this many documents are remembered as failing; the oldest entries go first. */
const MAX_LOAD_FAILURES = 10_000;

export class SyncServer {
  private readonly options: ResolvedOptions;
  private readonly rooms = new Map<string, Room>();
  private readonly loadFailures = new Map<string, LoadFailure>();
  private shutdownPromise: Promise<void> | null = null;

  constructor(options: SyncServerOptions) {
    this.options = resolveOptions(options);
  }

  /**
   * Admits an authenticated socket to a document. The transport then calls `receive` for each frame and
   * `handleClose` when the socket closes.
   */
  handleConnection(docId: string, socket: SyncSocket, context: ConnectionContext): Connection {
    const connection = new Connection(docId, socket, context, this.options);
    if (this.shutdownPromise !== null) {
      connection.close(CloseCode.SHUTTING_DOWN, 'server shutting down');
      return connection;
    }
    if (this.loadBackingOff(docId)) {
      connection.close(CloseCode.LOAD_FAILED, 'document could not be loaded; retry later');
      return connection;
    }
    this.room(docId).addConnection(connection);
    return connection;
  }

  /**
   * Changes a document from the server side (HTTP routes, seeding, restores): loads it if needed, runs `fn` in one
   * transaction, broadcasts the change, and resolves once it is durably stored. If `fn` throws, whatever it already
   * changed stays (Yjs has no rollback) and is stored like any other change; the error is rethrown.
   */
  async withDocument(docId: string, fn: (doc: Y.Doc) => void, origin?: unknown): Promise<void> {
    this.assertOpen();
    this.assertLoadable(docId);
    const room = this.room(docId);
    room.acquire();
    try {
      await room.ready();
      const target = room.transact(fn, origin);
      await room.waitForCommit(target);
    } finally {
      room.release();
    }
  }

  /** The full encoded state of a document (Y.encodeStateAsUpdate), loading it if needed. */
  async getDocumentState(docId: string): Promise<Uint8Array> {
    this.assertOpen();
    this.assertLoadable(docId);
    const room = this.room(docId);
    room.acquire();
    try {
      await room.ready();
      return Y.encodeStateAsUpdate(room.doc);
    } finally {
      room.release();
    }
  }

  /** Closes the document's connections whose context matches, e.g. when a member's role changes. */
  closeConnections(
    docId: string,
    predicate: (context: ConnectionContext) => boolean,
    code: number,
    reason: string,
  ): number {
    return this.rooms.get(docId)?.closeConnections(predicate, code, reason) ?? 0;
  }

  /** Closes the matching connections of every document, e.g. all sockets of a session that just ended. */
  closeConnectionsInAllDocuments(
    predicate: (context: ConnectionContext) => boolean,
    code: number,
    reason: string,
  ): number {
    let closed = 0;
    for (const room of this.rooms.values()) closed += room.closeConnections(predicate, code, reason);
    return closed;
  }

  /** Resolves once every change applied so far, in every room, is durably stored. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.flush()));
  }

  /**
   * Refuses new connections and API calls, closes every socket with SHUTTING_DOWN (clients reconnect elsewhere),
   * waits for API calls already running (their changes included) and everything applied to be stored, then frees
   * every room once its commit loop is idle. Waits for the store as long as it takes: a store that is down delays
   * shutdown rather than losing edits; callers that need a deadline race this promise.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.runShutdown();
    return this.shutdownPromise;
  }

  stats(): SyncServerStats {
    let connections = 0;
    let pendingUpdates = 0;
    for (const room of this.rooms.values()) {
      connections += room.connectionCount;
      pendingUpdates += room.pendingUpdates;
    }
    return { rooms: this.rooms.size, connections, pendingUpdates };
  }

  private async runShutdown(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.options.logger.info({ rooms: rooms.length }, 'sync server shutting down');
    for (const room of rooms) room.closeConnections(() => true, CloseCode.SHUTTING_DOWN, 'server shutting down');
    await Promise.all(
      rooms.map(async (room) => {
        await room.drain();
        room.destroy();
        await room.stopped();
      }),
    );
    this.options.logger.info({}, 'sync server stopped; everything is stored');
  }

  private room(docId: string): Room {
    let room = this.rooms.get(docId);
    if (room === undefined) {
      room = new Room(docId, {
        options: this.options,
        onDestroyed: (destroyed) => {
          if (this.rooms.get(destroyed.docId) === destroyed) this.rooms.delete(destroyed.docId);
        },
        onLoadFailed: (failed) => this.recordLoadFailure(failed.docId),
        onLoaded: (loaded) => this.loadFailures.delete(loaded.docId),
      });
      this.rooms.set(docId, room);
    }
    return room;
  }

  private assertOpen(): void {
    if (this.shutdownPromise !== null) throw new SyncError('SHUTTING_DOWN', 'sync server is shutting down');
  }

  private assertLoadable(docId: string): void {
    if (this.loadBackingOff(docId)) {
      throw new SyncError('LOAD_FAILED', `document ${docId} could not be loaded recently; retry later`);
    }
  }

  /** SYNC-LOAD-7: true while a document whose load failed is in its backoff window (and not loaded meanwhile). */
  private loadBackingOff(docId: string): boolean {
    if (this.rooms.has(docId)) return false;
    const failure = this.loadFailures.get(docId);
    return failure !== undefined && Date.now() < failure.retryAt;
  }

  private recordLoadFailure(docId: string): void {
    const now = Date.now();
    let failure = this.loadFailures.get(docId);
    if (failure === undefined) {
      failure = { backoff: new Backoff(this.options.loadRetry), retryAt: now };
    } else {
      // Re-inserted so the map stays ordered by last failure, oldest first.
      this.loadFailures.delete(docId);
    }
    failure.retryAt = now + failure.backoff.next();
    this.loadFailures.set(docId, failure);
    for (const [id, entry] of this.loadFailures) {
      if (this.loadFailures.size <= MAX_LOAD_FAILURES && entry.retryAt + this.options.loadRetry.maxMs > now) break;
      this.loadFailures.delete(id);
    }
  }
}
